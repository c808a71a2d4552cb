import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import rule from '../../../policies/rules/s3/S3ArchiveObjectLockCompliance';
import { violationsOf } from '../harness';

describe('S3ArchiveObjectLockCompliance: audit archive buckets lock objects in COMPLIANCE mode', () => {
  test('fails an Object Lock bucket with GOVERNANCE retention (L2)', () => {
    expect(
      violationsOf(rule, (s) => new s3.Bucket(s, 'Archive', { objectLockEnabled: true, objectLockDefaultRetention: s3.ObjectLockRetention.governance(Duration.days(2922)) })),
    ).toEqual(['Archive/Resource']);
  });

  test('fails an Object Lock bucket with no default retention (L2)', () => {
    expect(violationsOf(rule, (s) => new s3.Bucket(s, 'Archive', { objectLockEnabled: true }))).toEqual(['Archive/Resource']);
  });

  test('fails a bucket tagged as an audit archive without Object Lock (L2)', () => {
    expect(
      violationsOf(rule, (s) => {
        const b = new s3.Bucket(s, 'Archive');
        // Tags.of() applies through an aspect at synth; tag the resource directly for validateScope.
        (b.node.defaultChild as s3.CfnBucket).tags.setTag('nhs:purpose', 'audit-archive');
      }),
    ).toEqual(['Archive/Resource']);
  });

  test('fails a CfnBucket with GOVERNANCE default retention (L1)', () => {
    expect(
      violationsOf(
        rule,
        (s) =>
          new s3.CfnBucket(s, 'Archive', {
            objectLockEnabled: true,
            objectLockConfiguration: { objectLockEnabled: 'Enabled', rule: { defaultRetention: { mode: 'GOVERNANCE', days: 365 } } },
          }),
      ),
    ).toEqual(['Archive']);
  });

  test('passes an archive in COMPLIANCE mode', () => {
    expect(
      violationsOf(rule, (s) => {
        const b = new s3.Bucket(s, 'Archive', { objectLockEnabled: true, objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(2922)) });
        // Tags.of() applies through an aspect at synth; tag the resource directly for validateScope.
        (b.node.defaultChild as s3.CfnBucket).tags.setTag('nhs:purpose', 'audit-archive');
      }),
    ).toEqual([]);
  });

  test('does not apply to ordinary buckets', () => {
    expect(violationsOf(rule, (s) => new s3.Bucket(s, 'Data'))).toEqual([]);
  });
});
