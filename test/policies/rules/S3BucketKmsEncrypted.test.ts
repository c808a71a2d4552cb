import { CfnParameter } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/s3/S3BucketKmsEncrypted';
import { violationsOf } from '../harness';

describe('S3BucketKmsEncrypted: buckets encrypt by default with a customer-managed KMS key', () => {
  test('fails a bucket with SSE-S3 (L2)', () => {
    expect(violationsOf(rule, (s) => new s3.Bucket(s, 'Bucket', { encryption: s3.BucketEncryption.S3_MANAGED }))).toEqual(['Bucket/Resource']);
  });

  test('fails a bucket with the AWS-managed aws/s3 key (L2 KMS_MANAGED)', () => {
    expect(violationsOf(rule, (s) => new s3.Bucket(s, 'Bucket', { encryption: s3.BucketEncryption.KMS_MANAGED }))).toEqual(['Bucket/Resource']);
  });

  test('fails an SSE-S3 bucket that nothing in the stack delivers logs to, even when it is named like one', () => {
    expect(violationsOf(rule, (s) => new s3.Bucket(s, 'AccessLogs', { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true }))).toEqual([
      'AccessLogs/Resource',
    ]);
  });

  test('fails a CfnBucket without BucketEncryption (L1)', () => {
    expect(violationsOf(rule, (s) => new s3.CfnBucket(s, 'Bucket'))).toEqual(['Bucket']);
  });

  test('fails a CfnBucket naming alias/aws/s3 (L1)', () => {
    expect(
      violationsOf(rule, (s) => new s3.CfnBucket(s, 'Bucket', {
        bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'alias/aws/s3' } }] },
      })),
    ).toEqual(['Bucket']);
  });

  test('fails closed on a key from a template parameter', () => {
    expect(
      violationsOf(rule, (s) => {
        const keyArn = new CfnParameter(s, 'KeyArn').valueAsString;
        new s3.CfnBucket(s, 'Bucket', {
          bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: keyArn } }] },
        });
      }),
    ).toEqual(['Bucket']);
  });

  test('fails a customer-key bucket switched to AES256 by a property override', () => {
    expect(
      violationsOf(rule, (s) => {
        const bucket = new s3.Bucket(s, 'Bucket', { encryptionKey: new kms.Key(s, 'Key') });
        (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride('BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault', { SSEAlgorithm: 'AES256' });
      }),
    ).toEqual(['Bucket/Resource']);
  });

  test('passes buckets encrypted with a customer key: stack key (L2), literal key ARN and DSSE-KMS (L1)', () => {
    expect(
      violationsOf(rule, (s) => {
        new s3.Bucket(s, 'Bucket', { encryption: s3.BucketEncryption.KMS, encryptionKey: new kms.Key(s, 'Key') });
        new s3.CfnBucket(s, 'Literal', {
          bucketEncryption: {
            serverSideEncryptionConfiguration: [
              { serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:eu-west-2:111111111111:key/11111111-2222-3333-4444-555555555555' } },
            ],
          },
        });
        new s3.Bucket(s, 'Dsse', { encryption: s3.BucketEncryption.DSSE, encryptionKey: new kms.Key(s, 'DsseKey') });
      }),
    ).toEqual([]);
  });

  test('does not apply to SSE-S3 access-log buckets (logged to from the stack, or LogDeliveryWrite) or to other resources', () => {
    expect(
      violationsOf(rule, (s) => {
        const logs = new s3.Bucket(s, 'AccessLogs', { encryption: s3.BucketEncryption.S3_MANAGED });
        new s3.Bucket(s, 'Data', { encryptionKey: new kms.Key(s, 'Key'), serverAccessLogsBucket: logs });
        new s3.CfnBucket(s, 'LegacyLogs', {
          accessControl: 'LogDeliveryWrite',
          bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] },
        });
        new sqs.Queue(s, 'Queue');
      }),
    ).toEqual([]);
  });
});
