import { CfnParameter, Fn } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/residency/ResidencyRegionReferencesUk';
import { findingsOf } from '../harness';

const ID = 'NHS-ResidencyRegionReferencesUk';

describe('ResidencyRegionReferencesUk: resources name no region outside the UK', () => {
  test('fails a TableV2 with a replica in eu-west-1 (L2, Region property)', () => {
    expect(
      findingsOf(rule, (s) => new dynamodb.TableV2(s, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, replicas: [{ region: 'eu-west-1' }] })),
    ).toEqual([`${ID}[eu-west-1] Table/Resource`]);
  });

  test('fails a queue whose dead-letter queue ARN is in us-east-1 (L2, ARN)', () => {
    expect(
      findingsOf(
        rule,
        (s) =>
          new sqs.Queue(s, 'Queue', { deadLetterQueue: { maxReceiveCount: 3, queue: sqs.Queue.fromQueueArn(s, 'Dlq', 'arn:aws:sqs:us-east-1:111111111111:dlq') } }),
      ),
    ).toEqual([`${ID}[us-east-1] Queue/Resource`]);
  });

  test('fails a subscription to a regional endpoint and a Fn::Join ARN, one finding per region (L1)', () => {
    expect(
      findingsOf(
        rule,
        (s) =>
          new sns.CfnSubscription(s, 'Sub', {
            topicArn: Fn.join('', ['arn:', Fn.ref('AWS::Partition'), ':sns:ap-southeast-2:111111111111:alerts']),
            protocol: 'https',
            endpoint: 'https://abc.execute-api.us-west-2.amazonaws.com/prod',
          }),
      ),
    ).toEqual([`${ID}[ap-southeast-2] Sub`, `${ID}[us-west-2] Sub`]);
  });

  test('fails closed on a Region property that cannot be resolved', () => {
    expect(
      findingsOf(rule, (s) => {
        const region = new CfnParameter(s, 'ReplicaRegion', { type: 'String' });
        new dynamodb.CfnGlobalTable(s, 'Table', {
          keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
          attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
          billingMode: 'PAY_PER_REQUEST',
          replicas: [{ region: 'eu-west-2' }, { region: region.valueAsString }],
        });
      }),
    ).toEqual([`${ID}[unresolved-region] Table`]);
  });

  test('passes UK ARNs, the stack region, global-service ARNs and IAM region conditions', () => {
    expect(
      findingsOf(rule, (s) => {
        new sqs.Queue(s, 'Queue', { deadLetterQueue: { maxReceiveCount: 3, queue: sqs.Queue.fromQueueArn(s, 'Dlq', 'arn:aws:sqs:eu-west-2:111111111111:dlq') } });
        new sns.CfnSubscription(s, 'Sub', { topicArn: Fn.sub('arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:alerts'), protocol: 'sqs', endpoint: 'arn:aws:sqs:eu-west-2:111111111111:q' });
        new sqs.CfnQueuePolicy(s, 'Policy', {
          queues: ['https://sqs.eu-west-2.amazonaws.com/111111111111/q'],
          policyDocument: {
            Statement: [
              { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sqs:SendMessage', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } },
            ],
          },
        });
      }),
    ).toEqual([]);
  });

  test('does not report resources that name no region', () => {
    expect(findingsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
