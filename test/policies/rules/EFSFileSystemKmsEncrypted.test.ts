import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as kms from 'aws-cdk-lib/aws-kms';
import rule from '../../../policies/rules/efs/EFSFileSystemKmsEncrypted';
import { violationsOf } from '../harness';

describe('EFSFileSystemKmsEncrypted: file systems are encrypted with a customer-managed KMS key', () => {
  test('fails a file system encrypted with the default aws/elasticfilesystem key (L2)', () => {
    expect(violationsOf(rule, (s) => new efs.FileSystem(s, 'Files', { vpc: new ec2.Vpc(s, 'Vpc', { maxAzs: 2 }) }))).toEqual(['Files/Resource']);
  });

  test('fails an unencrypted CfnFileSystem (L1)', () => {
    expect(violationsOf(rule, (s) => new efs.CfnFileSystem(s, 'Files', { encrypted: false }))).toEqual(['Files']);
  });

  test('fails a CfnFileSystem with a key but Encrypted unset (L1)', () => {
    expect(violationsOf(rule, (s) => new efs.CfnFileSystem(s, 'Files', { kmsKeyId: new kms.Key(s, 'Key').keyArn }))).toEqual(['Files']);
  });

  test('passes a file system encrypted with a customer key', () => {
    expect(
      violationsOf(rule, (s) => new efs.FileSystem(s, 'Files', { vpc: new ec2.Vpc(s, 'Vpc', { maxAzs: 2 }), kmsKey: new kms.Key(s, 'Key') })),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new kms.Key(s, 'Key'))).toEqual([]);
  });
});
