import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { customerKeyCompliance } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** AWS Backup vaults encrypt recovery points with a customer-managed KMS key. */
export default defineRule({
  id: 'BackupVaultKmsEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The AWS Backup vault does not encrypt recovery points with a customer-managed KMS key.',
  explanation:
    'Backups are full copies of patient data. Set EncryptionKeyArn to a customer key (backup.BackupVault encryptionKey); without it the vault uses the AWS-managed aws/backup key, which cannot be shared for cross-account recovery or revoked by the trust.',
  resourceTypes: ['AWS::Backup::BackupVault'],
  controls: {
    'B3.c':
      'B3.c.4: \'suitable, secured backups of data\': recovery points are stored data encrypted under a trust key',
    'B5.c':
      'B5.c: \'accessible and secured current backups\': the vault key secures the backups and keeps them usable for cross-account recovery',
    'NCSC-2':
      'NCSC-2: backup data at rest is encrypted under a customer-managed key',
  },
  source: 'NHS Cloud Security Good Practice Guide (encryption at rest); CAF B5.c (backups)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::Backup::BackupVault') return NagRuleCompliance.NOT_APPLICABLE;
    return customerKeyCompliance(node, view.properties.EncryptionKeyArn);
  },
});
