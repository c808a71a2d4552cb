import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';
import { asNumber } from '../same-stack';

/** AWS Backup vaults have a vault lock (LockConfiguration with MinRetentionDays). */
export default defineRule({
  id: 'BackupVaultLocked',
  level: NagMessageLevel.ERROR,
  info: 'The AWS Backup vault has no vault lock (LockConfiguration with MinRetentionDays).',
  explanation:
    'Ransomware operators delete backups first. A vault lock stops anyone, including administrators, from deleting recovery points early or shortening their retention. Set LockConfiguration { MinRetentionDays } (backup.BackupVault lockConfiguration { minRetention }); add ChangeableForDays to turn the lock into compliance mode, which cannot be removed once the grace period ends.',
  resourceTypes: ['AWS::Backup::BackupVault'],
  controls: {
    'B5.c':
      'B5.c: backups are \'secured\': nobody, administrators included, can delete recovery points early',
    'NCSC-2':
      'NCSC-2: backup data is protected against tampering and deletion',
  },
  source: 'CAF B5.c (backups)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::Backup::BackupVault') return NagRuleCompliance.NOT_APPLICABLE;
    const min = asNumber(get(view.properties, 'LockConfiguration', 'MinRetentionDays'));
    return min !== undefined && min >= 1 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
