import { CfnDeletionPolicy, RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import rule, { ARCHIVE_TAG } from '../../../policies/rules/s3/S3ArchiveBucketRetained';
import { violationsOf } from '../harness';

describe('S3ArchiveBucketRetained: archive buckets (Object Lock or archive tag) are retained on deletion and replacement', () => {
  test('fails an Object Lock bucket with removalPolicy DESTROY (L2)', () => {
    expect(violationsOf(rule, (s) => new s3.Bucket(s, 'Archive', { objectLockEnabled: true, removalPolicy: RemovalPolicy.DESTROY }))).toEqual([
      'Archive/Resource',
    ]);
  });

  test('fails a bucket tagged as an audit archive with no policies (L1)', () => {
    expect(
      violationsOf(rule, (s) => new s3.CfnBucket(s, 'Archive', { tags: [{ key: ARCHIVE_TAG.key, value: ARCHIVE_TAG.value }] })),
    ).toEqual(['Archive']);
  });

  test('fails an Object Lock CfnBucket retained on deletion but not on replacement (L1)', () => {
    expect(
      violationsOf(rule, (s) => {
        const bucket = new s3.CfnBucket(s, 'Archive', { objectLockEnabled: true });
        bucket.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
      }),
    ).toEqual(['Archive']);
  });

  test('passes retained archive buckets, by Object Lock and by tag', () => {
    expect(
      violationsOf(rule, (s) => {
        new s3.Bucket(s, 'Archive', { objectLockEnabled: true });
        const tagged = new s3.Bucket(s, 'Records');
        Tags.of(tagged).add(ARCHIVE_TAG.key, ARCHIVE_TAG.value);
      }),
    ).toEqual([]);
  });

  test('does not apply to ordinary buckets, even when they are destroyed', () => {
    expect(violationsOf(rule, (s) => new s3.Bucket(s, 'Scratch', { removalPolicy: RemovalPolicy.DESTROY }))).toEqual([]);
  });
});
