import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import rule from '../../../policies/rules/dynamodb/DynamoDBTableKmsEncrypted';
import { violationsOf } from '../harness';

const partitionKey = { name: 'pk', type: dynamodb.AttributeType.STRING };
const l1Table = {
  keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
  attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
  billingMode: 'PAY_PER_REQUEST',
};

describe('DynamoDBTableKmsEncrypted: tables and global tables are encrypted with a customer-managed KMS key', () => {
  test('fails a table with the default AWS-owned key (L2)', () => {
    expect(violationsOf(rule, (s) => new dynamodb.Table(s, 'Table', { partitionKey }))).toEqual(['Table/Resource']);
  });

  test('fails a table with the AWS-managed aws/dynamodb key (L2)', () => {
    expect(violationsOf(rule, (s) => new dynamodb.Table(s, 'Table', { partitionKey, encryption: dynamodb.TableEncryption.AWS_MANAGED }))).toEqual(['Table/Resource']);
  });

  test('fails a CfnTable with SSE enabled but no key (L1)', () => {
    expect(violationsOf(rule, (s) => new dynamodb.CfnTable(s, 'Table', { ...l1Table, sseSpecification: { sseEnabled: true } }))).toEqual(['Table']);
  });

  test('fails a TableV2 global table with the AWS-owned key (L2)', () => {
    expect(violationsOf(rule, (s) => new dynamodb.TableV2(s, 'Global', { partitionKey }))).toEqual(['Global/Resource']);
  });

  test('fails a CfnGlobalTable whose replica names no key (L1)', () => {
    expect(
      violationsOf(rule, (s) => new dynamodb.CfnGlobalTable(s, 'Global', {
        ...l1Table,
        sseSpecification: { sseEnabled: true, sseType: 'KMS' },
        replicas: [{ region: 'eu-west-2' }],
      })),
    ).toEqual(['Global']);
  });

  test('passes a table and a global table encrypted with a customer key', () => {
    expect(
      violationsOf(rule, (s) => {
        const key = new kms.Key(s, 'Key');
        new dynamodb.Table(s, 'Table', { partitionKey, encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: key });
        new dynamodb.TableV2(s, 'Global', { partitionKey, encryption: dynamodb.TableEncryptionV2.customerManagedKey(key) });
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new kms.Key(s, 'Key'))).toEqual([]);
  });
});
