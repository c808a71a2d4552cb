import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get, isTrue } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';
import { asNumber, tagValue } from '../same-stack';

/** The tag that marks a bucket as an audit archive: `nhs:purpose` = `audit-archive`. */
export const AUDIT_ARCHIVE_TAG = { key: 'nhs:purpose', value: 'audit-archive' } as const;

/** Audit archive buckets have Object Lock default retention in COMPLIANCE mode. */
export default defineRule({
  id: 'S3ArchiveObjectLockCompliance',
  level: NagMessageLevel.ERROR,
  info: 'The audit archive bucket does not have an Object Lock default retention in COMPLIANCE mode.',
  explanation:
    'Audit logs are evidence only if nobody, including the account root user, can change or delete them within the retention period. GOVERNANCE mode can be bypassed by anyone with s3:BypassGovernanceRetention; no default retention leaves new objects unlocked. The rule applies to buckets with ObjectLockEnabled: true and to buckets tagged nhs:purpose=audit-archive. Set ObjectLockEnabled: true and ObjectLockConfiguration { ObjectLockEnabled: Enabled, Rule.DefaultRetention { Mode: COMPLIANCE, Days or Years } } (s3.Bucket objectLockDefaultRetention: s3.ObjectLockRetention.compliance(...)).',
  resourceTypes: ['AWS::S3::Bucket'],
  controls: {
    'C1.b':
      'C1.b: \'no system or user should ever need to modify or delete master copies of log data within an agreed retention period\': COMPLIANCE mode makes that impossible, even for root',
    'NCSC-2':
      'NCSC-2: archived data is protected against tampering and deletion',
    'NCSC-13':
      'NCSC-13: the audit archive stays unaltered as evidence for the customer\'s investigations',
  },
  source: 'CAF C1.b (securing logs); Records Management Code of Practice 2021',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::S3::Bucket') return NagRuleCompliance.NOT_APPLICABLE;
    const lockEnabled = view.properties.ObjectLockEnabled;
    const tagged = tagValue(view.properties.Tags, AUDIT_ARCHIVE_TAG.key) === AUDIT_ARCHIVE_TAG.value;
    if (lockEnabled === undefined && !tagged) return NagRuleCompliance.NOT_APPLICABLE;
    // ObjectLockEnabled false on an untagged bucket: not an archive. Anything unresolvable is judged.
    if ((lockEnabled === false || lockEnabled === 'false') && !tagged) return NagRuleCompliance.NOT_APPLICABLE;
    if (!isTrue(lockEnabled)) return NagRuleCompliance.NON_COMPLIANT;
    const config = view.properties.ObjectLockConfiguration;
    const retention = get(config, 'Rule', 'DefaultRetention');
    if (get(config, 'ObjectLockEnabled') !== 'Enabled') return NagRuleCompliance.NON_COMPLIANT;
    if (get(retention, 'Mode') !== 'COMPLIANCE') return NagRuleCompliance.NON_COMPLIANT;
    const days = asNumber(get(retention, 'Days'));
    const years = asNumber(get(retention, 'Years'));
    return (days ?? 0) > 0 || (years ?? 0) > 0 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
