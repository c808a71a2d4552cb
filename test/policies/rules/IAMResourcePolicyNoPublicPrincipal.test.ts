import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/iam/IAMResourcePolicyNoPublicPrincipal';
import { violationsOf } from '../harness';

const everyone = new iam.AnyPrincipal();

describe('IAMResourcePolicyNoPublicPrincipal: resource policies never allow every AWS principal unconditionally', () => {
  test('fails a queue policy allowing "*" (L2 addToResourcePolicy)', () => {
    expect(
      violationsOf(rule, (s) => {
        const q = new sqs.Queue(s, 'Queue');
        q.addToResourcePolicy(new iam.PolicyStatement({ principals: [everyone], actions: ['sqs:SendMessage'], resources: [q.queueArn] }));
      }),
    ).toEqual(['Queue/Policy/Resource']);
  });

  test('fails a bucket policy allowing AWS "*" reads and a topic policy with NotPrincipal (L1)', () => {
    expect(
      violationsOf(rule, (s) => {
        const b = new s3.CfnBucket(s, 'Bucket');
        new s3.CfnBucketPolicy(s, 'BucketPolicy', {
          bucket: b.ref,
          policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: `${b.attrArn}/*` }] },
        });
        const t = new sns.CfnTopic(s, 'Topic');
        new sns.CfnTopicPolicy(s, 'TopicPolicy', {
          topics: [t.ref],
          policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sns:Publish', Resource: t.ref }] },
        });
      }),
    ).toEqual(['BucketPolicy', 'TopicPolicy']);
  });

  test('fails a log resource policy (JSON text) that allows "*"', () => {
    expect(
      violationsOf(rule, (s) => {
        new logs.CfnResourcePolicy(s, 'LogsPolicy', {
          policyName: 'open',
          policyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'logs:PutLogEvents', Resource: '*' }] }),
        });
      }),
    ).toEqual(['LogsPolicy']);
  });

  test('passes "*" limited by an organisation or source condition, named principals, TLS-only denials and KMS keys granted to the account', () => {
    expect(
      violationsOf(rule, (s) => {
        const q = new sqs.Queue(s, 'Queue', { enforceSSL: true });
        q.addToResourcePolicy(new iam.PolicyStatement({ principals: [everyone], actions: ['sqs:SendMessage'], resources: [q.queueArn], conditions: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123def4' } } }));
        new s3.Bucket(s, 'Bucket', { enforceSSL: true }).grantRead(new iam.AccountPrincipal('222222222222'));
        new kms.Key(s, 'Key', { enableKeyRotation: true });
        new logs.CfnResourcePolicy(s, 'LogsPolicy', {
          policyName: 'events',
          policyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'logs:PutLogEvents', Resource: '*' }] }),
        });
      }),
    ).toEqual([]);
  });

  test('judges both branches of an Fn::If key policy: fails when either branch is public, passes when neither is', () => {
    const open = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }] };
    const closed = { Version: '2012-10-17', Statement: [] };
    expect(
      violationsOf(rule, (s) => {
        new kms.CfnKey(s, 'Public', { keyPolicy: { 'Fn::If': ['IsProd', closed, open] } });
        new kms.CfnKey(s, 'Private', { keyPolicy: { 'Fn::If': ['IsProd', closed, { Ref: 'AWS::NoValue' }] } });
      }),
    ).toEqual(['Public']);
  });

  test('does not apply to resources without a resource policy', () => {
    expect(violationsOf(rule, (s) => new sqs.CfnQueue(s, 'Queue'))).toEqual([]);
  });
});
