import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Stack } from 'aws-cdk-lib';
import rule from '../../../policies/rules/residency/ResidencyS3ReplicationDestinationUk';
import { findingsOf } from '../harness';

const ID = 'NHS-ResidencyS3ReplicationDestinationUk';

describe('ResidencyS3ReplicationDestinationUk: S3 replicates only to buckets shown to be in this stack', () => {
  const replicating = (s: Stack, bucket: string) =>
    new s3.CfnBucket(s, 'Source', {
      versioningConfiguration: { status: 'Enabled' },
      replicationConfiguration: { role: 'arn:aws:iam::111111111111:role/replication', rules: [{ status: 'Enabled', destination: { bucket } }] },
    });

  test('fails a Bucket replicating to a bucket outside the stack (L2)', () => {
    expect(
      findingsOf(
        rule,
        (s) =>
          new s3.Bucket(s, 'Source', {
            versioned: true,
            replicationRules: [{ destination: s3.Bucket.fromBucketArn(s, 'Far', 'arn:aws:s3:::far-away-bucket'), priority: 1 }],
            replicationRole: iam.Role.fromRoleArn(s, 'Role', 'arn:aws:iam::111111111111:role/replication'),
          }),
      ),
    ).toEqual([`${ID}[far-away-bucket] Source/Resource`]);
  });

  test('fails a CfnBucket replicating to an unknown bucket ARN (L1)', () => {
    expect(findingsOf(rule, (s) => replicating(s, 'arn:aws:s3:::dr-copy'))).toEqual([`${ID}[dr-copy] Source`]);
  });

  test('passes replication to a bucket defined in the same stack, by Ref or by name', () => {
    expect(
      findingsOf(rule, (s) => {
        const local = new s3.CfnBucket(s, 'Replica', { bucketName: 'local-replica', versioningConfiguration: { status: 'Enabled' } });
        replicating(s, local.attrArn);
        new s3.CfnBucket(s, 'Other', {
          versioningConfiguration: { status: 'Enabled' },
          replicationConfiguration: { role: 'arn:aws:iam::111111111111:role/replication', rules: [{ status: 'Enabled', destination: { bucket: 'arn:aws:s3:::local-replica' } }] },
        });
      }),
    ).toEqual([]);
  });

  test('does not apply to buckets without replication', () => {
    expect(findingsOf(rule, (s) => new s3.Bucket(s, 'Data'))).toEqual([]);
  });

  describe('the replica KMS key ARN proves the destination region (S3 requires the key in the destination bucket\'s region)', () => {
    const withReplicaKey = (s: Stack, keyArn: unknown) =>
      new s3.CfnBucket(s, 'Source', {
        versioningConfiguration: { status: 'Enabled' },
        replicationConfiguration: {
          role: 'arn:aws:iam::111111111111:role/replication',
          rules: [
            {
              status: 'Enabled',
              sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
              destination: { bucket: 'arn:aws:s3:::rh8-dr-copy', encryptionConfiguration: { replicaKmsKeyId: keyArn as string } },
            },
          ],
        },
      });

    test('passes an outside destination whose replica key is in eu-west-2 (literal ARN, as real templates write it)', () => {
      expect(findingsOf(rule, (s) => withReplicaKey(s, 'arn:aws:kms:eu-west-2:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab'))).toEqual([]);
    });

    test('passes a replica key ARN built with Fn::Sub in the stack\'s own region', () => {
      expect(findingsOf(rule, (s) => withReplicaKey(s, { 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab' }))).toEqual([]);
    });

    test('fails, naming the region, when the replica key is outside the UK', () => {
      expect(findingsOf(rule, (s) => withReplicaKey(s, 'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab'))).toEqual([`${ID}[eu-west-1] Source`]);
    });

    test('fails an outside destination whose replica key ARN cannot be read', () => {
      expect(findingsOf(rule, (s) => withReplicaKey(s, { 'Fn::ImportValue': 'ReplicaKeyArn' }))).toEqual([`${ID}[rh8-dr-copy] Source`]);
    });
  });
});
