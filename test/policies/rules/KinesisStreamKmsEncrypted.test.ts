import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import rule from '../../../policies/rules/kinesis/KinesisStreamKmsEncrypted';
import { violationsOf } from '../harness';

describe('KinesisStreamKmsEncrypted: data streams are encrypted with a customer-managed KMS key', () => {
  test('fails an unencrypted stream (L2)', () => {
    expect(violationsOf(rule, (s) => new kinesis.Stream(s, 'Stream', { encryption: kinesis.StreamEncryption.UNENCRYPTED }))).toEqual(['Stream/Resource']);
  });

  test('fails a stream with the AWS-managed alias/aws/kinesis key (L2 MANAGED)', () => {
    expect(violationsOf(rule, (s) => new kinesis.Stream(s, 'Stream', { encryption: kinesis.StreamEncryption.MANAGED }))).toEqual(['Stream/Resource']);
  });

  test('fails a CfnStream without StreamEncryption (L1)', () => {
    expect(violationsOf(rule, (s) => new kinesis.CfnStream(s, 'Stream', { shardCount: 1 }))).toEqual(['Stream']);
  });

  test('passes a stream encrypted with a customer key', () => {
    expect(violationsOf(rule, (s) => new kinesis.Stream(s, 'Stream', { encryption: kinesis.StreamEncryption.KMS, encryptionKey: new kms.Key(s, 'Key') }))).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new kms.Key(s, 'Key'))).toEqual([]);
  });
});
