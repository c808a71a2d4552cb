import * as kms from 'aws-cdk-lib/aws-kms';
import * as neptune from 'aws-cdk-lib/aws-neptune';
import * as s3 from 'aws-cdk-lib/aws-s3';
import rule from '../../../policies/rules/neptune/NeptuneClusterKmsEncrypted';
import { violationsOf } from '../harness';

describe('NeptuneClusterKmsEncrypted: Neptune clusters encrypt storage with a customer-managed key', () => {
  test('fails a cluster without storage encryption (L1)', () => {
    // GIVEN a cluster with no StorageEncrypted / WHEN the rule runs / THEN it is reported
    expect(violationsOf(rule, (s) => new neptune.CfnDBCluster(s, 'Graph'))).toEqual(['Graph']);
  });

  test('fails an encrypted cluster that uses the AWS-managed key (no KmsKeyId)', () => {
    expect(violationsOf(rule, (s) => new neptune.CfnDBCluster(s, 'Graph', { storageEncrypted: true }))).toEqual(['Graph']);
  });

  test('fails a cluster whose key is a literal AWS-managed alias, set by a property override', () => {
    expect(
      violationsOf(rule, (s) => {
        const c = new neptune.CfnDBCluster(s, 'Graph', { storageEncrypted: true });
        c.addPropertyOverride('KmsKeyId', 'alias/aws/rds');
      }),
    ).toEqual(['Graph']);
  });

  test('passes a cluster encrypted with a customer key in the stack', () => {
    expect(
      violationsOf(rule, (s) => {
        const key = new kms.Key(s, 'Key', { enableKeyRotation: true });
        new neptune.CfnDBCluster(s, 'Graph', { storageEncrypted: true, kmsKeyId: key.keyArn });
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new s3.Bucket(s, 'Bucket'))).toEqual([]);
  });
});
