import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/backup/BackupVaultLocked';
import { violationsOf } from '../harness';

describe('BackupVaultLocked: Backup vaults have a vault lock', () => {
  test('fails a BackupVault without a lock (L2)', () => {
    expect(violationsOf(rule, (s) => new backup.BackupVault(s, 'Vault'))).toEqual(['Vault/Resource']);
  });

  test('fails a CfnBackupVault without LockConfiguration (L1)', () => {
    expect(violationsOf(rule, (s) => new backup.CfnBackupVault(s, 'Vault', { backupVaultName: 'vault' }))).toEqual(['Vault']);
  });

  test('passes a locked BackupVault', () => {
    expect(
      violationsOf(rule, (s) => new backup.BackupVault(s, 'Vault', { lockConfiguration: { minRetention: Duration.days(35), changeableFor: Duration.days(3) } })),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
