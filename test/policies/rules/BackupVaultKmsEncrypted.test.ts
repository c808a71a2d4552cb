import * as backup from 'aws-cdk-lib/aws-backup';
import * as kms from 'aws-cdk-lib/aws-kms';
import rule from '../../../policies/rules/backup/BackupVaultKmsEncrypted';
import { violationsOf } from '../harness';

describe('BackupVaultKmsEncrypted: backup vaults encrypt recovery points with a customer-managed KMS key', () => {
  test('fails a vault with the default aws/backup key (L2)', () => {
    expect(violationsOf(rule, (s) => new backup.BackupVault(s, 'Vault'))).toEqual(['Vault/Resource']);
  });

  test('fails a CfnBackupVault naming alias/aws/backup (L1)', () => {
    expect(
      violationsOf(rule, (s) => new backup.CfnBackupVault(s, 'Vault', { backupVaultName: 'trust', encryptionKeyArn: 'arn:aws:kms:eu-west-2:111111111111:alias/aws/backup' })),
    ).toEqual(['Vault']);
  });

  test('passes a vault encrypted with a customer key', () => {
    expect(violationsOf(rule, (s) => new backup.BackupVault(s, 'Vault', { encryptionKey: new kms.Key(s, 'Key') }))).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new kms.Key(s, 'Key'))).toEqual([]);
  });
});
