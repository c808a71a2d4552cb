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
  controls: { dspt: ['B5.c'], ncsc: [2], source: 'DSPT B5.c (backups); NCSC cloud security principle 2 (asset protection and resilience)' },
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::Backup::BackupVault') return NagRuleCompliance.NOT_APPLICABLE;
    return isRetained(view) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
