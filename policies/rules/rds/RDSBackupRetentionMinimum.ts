import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { isDatabaseJudgedHere } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';
import { asNumber } from '../same-stack';

/** The shortest automated backup retention Rootstock accepts, in days. */
export const MINIMUM_BACKUP_RETENTION_DAYS = 7;

/** RDS instances and Aurora clusters keep automated backups for at least 7 days. */
export default defineRule({
  id: 'RDSBackupRetentionMinimum',
  level: NagMessageLevel.ERROR,
  info: 'The RDS DB instance or cluster keeps automated backups for fewer than 7 days (BackupRetentionPeriod absent means 1 day).',
  explanation:
    'A one-day backup window means corruption found after a weekend cannot be rolled back. Set BackupRetentionPeriod to 7 or more (rds.DatabaseInstance / DatabaseCluster backupRetention: Duration.days(7) or longer), and keep AWS Backup copies for the long term. Instances in an Aurora cluster (DBClusterIdentifier set) and read replicas take their backups from the cluster or the source and are not checked.',
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  controls: {
    'B5.c':
      'B5.c: current, automatic backups are kept long enough (7 days) to recover from corruption found late',
    'NCSC-2':
      'NCSC-2 (resilience): database data can be restored',
  },
  source: 'CAF B5.c (backups)',
  check: (node) => {
    const view = cfnView(node);
    const p = view.properties;
    // Read replicas take no backups of their own.
    if (!isDatabaseJudgedHere(view) || p.SourceDBInstanceIdentifier !== undefined) return NagRuleCompliance.NOT_APPLICABLE;
    // CloudFormation's default for both instances and clusters is 1 day.
    const days = p.BackupRetentionPeriod === undefined ? 1 : asNumber(p.BackupRetentionPeriod);
    return days !== undefined && days >= MINIMUM_BACKUP_RETENTION_DAYS ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
