import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/cloudtrail/CloudTrailTrailKmsEncrypted';
import { violationsOf } from '../harness';

describe('CloudTrailTrailKmsEncrypted: trails encrypt log files with a customer-managed key', () => {
  test('fails a Trail without an encryption key (L2)', () => {
    expect(violationsOf(rule, (s) => new cloudtrail.Trail(s, 'Trail'))).toEqual(['Trail/Resource']);
  });

  test('fails a CfnTrail with no KMSKeyId (L1)', () => {
    expect(violationsOf(rule, (s) => new cloudtrail.CfnTrail(s, 'Trail', { isLogging: true, s3BucketName: 'logs' }))).toEqual(['Trail']);
  });

  test('fails a Trail whose key is removed by a property override', () => {
    expect(
      violationsOf(rule, (s) => {
        const t = new cloudtrail.Trail(s, 'Trail', { encryptionKey: new kms.Key(s, 'Key') });
        (t.node.defaultChild as cloudtrail.CfnTrail).addPropertyDeletionOverride('KMSKeyId');
      }),
    ).toEqual(['Trail/Resource']);
  });

  test('passes a Trail encrypted with a KMS key', () => {
    expect(violationsOf(rule, (s) => new cloudtrail.Trail(s, 'Trail', { encryptionKey: new kms.Key(s, 'Key') }))).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
