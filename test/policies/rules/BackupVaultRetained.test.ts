import { RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as kms from 'aws-cdk-lib/aws-kms';
import rule from '../../../policies/rules/backup/BackupVaultRetained';
import { violationsOf } from '../harness';

describe('BackupVaultRetained: backup vaults are retained on stack deletion and replacement', () => {
  test('fails a vault with removalPolicy DESTROY (L2)', () => {
    expect(violationsOf(rule, (s) => new backup.BackupVault(s, 'Vault', { removalPolicy: RemovalPolicy.DESTROY }))).toEqual(['Vault/Resource']);
  });

  test('fails a CfnBackupVault without policies (L1)', () => {
    expect(violationsOf(rule, (s) => new backup.CfnBackupVault(s, 'Vault', { backupVaultName: 'trust' }))).toEqual(['Vault']);
  });

  test('passes a vault with the default RETAIN removal policy', () => {
    expect(violationsOf(rule, (s) => new backup.BackupVault(s, 'Vault', { encryptionKey: new kms.Key(s, 'Key') }))).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new kms.Key(s, 'Key', { removalPolicy: RemovalPolicy.DESTROY }))).toEqual([]);
  });
});
