import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/s3/S3BucketPublicAccessBlocked';
import { violationsOf } from '../harness';

describe('S3BucketPublicAccessBlocked: buckets block all public access on the bucket', () => {
  test('fails a bucket without blockPublicAccess settings (L2)', () => {
    expect(violationsOf(rule, (s) => new s3.Bucket(s, 'Bucket', { blockPublicAccess: new s3.BlockPublicAccess({ blockPublicAcls: true }) }))).toEqual(['Bucket/Resource']);
  });

  test('fails a CfnBucket with no PublicAccessBlockConfiguration (L1)', () => {
    expect(violationsOf(rule, (s) => new s3.CfnBucket(s, 'Bucket'))).toEqual(['Bucket']);
  });

  test('fails a CfnBucket with one of the four settings false (L1)', () => {
    expect(
      violationsOf(
        rule,
        (s) =>
          new s3.CfnBucket(s, 'Bucket', {
            publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: false },
          }),
      ),
    ).toEqual(['Bucket']);
  });

  test('fails a bucket whose block is switched off by a property override', () => {
    expect(
      violationsOf(rule, (s) => {
        const b = new s3.Bucket(s, 'Bucket', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
        (b.node.defaultChild as s3.CfnBucket).addPropertyOverride('PublicAccessBlockConfiguration.BlockPublicPolicy', false);
      }),
    ).toEqual(['Bucket/Resource']);
  });

  test('passes a bucket with BLOCK_ALL', () => {
    expect(violationsOf(rule, (s) => new s3.Bucket(s, 'Bucket', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL }))).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
