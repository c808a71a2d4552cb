import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/sqs/SQSQueueKmsEncrypted';
import { violationsOf } from '../harness';

describe('SQSQueueKmsEncrypted: queues are encrypted with a customer-managed KMS key', () => {
  test('fails a queue with SQS-managed encryption (L2)', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue', { encryption: sqs.QueueEncryption.SQS_MANAGED }))).toEqual(['Queue/Resource']);
  });

  test('fails a queue with the AWS-managed alias/aws/sqs key (L2 KMS_MANAGED)', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue', { encryption: sqs.QueueEncryption.KMS_MANAGED }))).toEqual(['Queue/Resource']);
  });

  test('fails a CfnQueue with SqsManagedSseEnabled (L1)', () => {
    expect(violationsOf(rule, (s) => new sqs.CfnQueue(s, 'Queue', { sqsManagedSseEnabled: true }))).toEqual(['Queue']);
  });

  test('fails an unencrypted CfnQueue (L1)', () => {
    expect(violationsOf(rule, (s) => new sqs.CfnQueue(s, 'Queue'))).toEqual(['Queue']);
  });

  test('passes a queue encrypted with a customer key (L2) or a customer alias (L1)', () => {
    expect(
      violationsOf(rule, (s) => {
        new sqs.Queue(s, 'Queue', { encryptionMasterKey: new kms.Key(s, 'Key') });
        new sqs.CfnQueue(s, 'Aliased', { kmsMasterKeyId: 'alias/trust-messages' });
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sns.Topic(s, 'Topic'))).toEqual([]);
  });
});
