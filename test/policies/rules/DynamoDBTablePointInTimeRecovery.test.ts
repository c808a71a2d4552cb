import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/dynamodb/DynamoDBTablePointInTimeRecovery';
import { violationsOf } from '../harness';

const KEY = { name: 'pk', type: dynamodb.AttributeType.STRING };

describe('DynamoDBTablePointInTimeRecovery: tables and every global table replica have PITR', () => {
  test('fails a Table without PITR (L2)', () => {
    expect(violationsOf(rule, (s) => new dynamodb.Table(s, 'Table', { partitionKey: KEY }))).toEqual(['Table/Resource']);
  });

  test('fails a TableV2 without PITR (L2, AWS::DynamoDB::GlobalTable)', () => {
    expect(violationsOf(rule, (s) => new dynamodb.TableV2(s, 'Table', { partitionKey: KEY }))).toEqual(['Table/Resource']);
  });

  test('fails a CfnTable with PITR disabled (L1)', () => {
    expect(
      violationsOf(
        rule,
        (s) =>
          new dynamodb.CfnTable(s, 'Table', {
            keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
            attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
            billingMode: 'PAY_PER_REQUEST',
            pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false },
          }),
      ),
    ).toEqual(['Table']);
  });

  test('passes a Table and a TableV2 with PITR', () => {
    expect(
      violationsOf(rule, (s) => {
        new dynamodb.Table(s, 'Table', { partitionKey: KEY, pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true } });
        new dynamodb.TableV2(s, 'Global', { partitionKey: KEY, pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true } });
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
