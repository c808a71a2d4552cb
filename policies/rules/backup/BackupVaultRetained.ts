import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { isRetained } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** AWS Backup vaults are retained on stack deletion and replacement. */
export default defineRule({
  id: 'BackupVaultRetained',
  level: NagMessageLevel.ERROR,
  info: 'The AWS Backup vault is not retained on stack deletion and replacement.',
  explanation:
    'A vault holds the recovery points a trust restores from after an incident, including ransomware. Set DeletionPolicy: Retain and UpdateReplacePolicy: Retain (backup.BackupVault removalPolicy: RemovalPolicy.RETAIN, the CDK default).',
  resourceTypes: ['AWS::Backup::BackupVault'],
  controls: {
    'B5.c':
      'B5.c: \'accessible and secured current backups\': the vault and its recovery points survive stack deletion and replacement',
    'NCSC-2':
      'NCSC-2 (resilience): recovery points remain available after infrastructure change',
  },
  source: 'CAF B5.c (backups)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::Backup::BackupVault') return NagRuleCompliance.NOT_APPLICABLE;
    return isRetained(view) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
