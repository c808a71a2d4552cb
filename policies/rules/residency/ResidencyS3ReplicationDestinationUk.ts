import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get, isIntrinsic } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';
import { asList, refTarget, sameStackResources } from '../same-stack';

/** S3 replication sends data only to buckets shown to be in this (UK) stack. */
export default defineRule({
  id: 'ResidencyS3ReplicationDestinationUk',
  level: NagMessageLevel.ERROR,
  info: 'The S3 bucket replicates to a destination bucket whose region cannot be shown to be the UK (reported per destination).',
  explanation:
    'S3 bucket ARNs carry no region, so a replication destination outside the stack may be anywhere, and cross-region replication is the usual way data leaves the UK unnoticed. The rule accepts destinations that are buckets in the same stack (by Ref/GetAtt, or an ARN or name matching a bucket defined in the stack); any other destination is a finding (NHS-ResidencyS3ReplicationDestinationUk[<bucket>], or [unresolved-destination]). Replicate within the stack\'s region, or acknowledge the finding with the SIRO-approved exception that shows the destination bucket is in a UK region.',
  controls: { dspt: ['E', 'A3'], ncsc: [2], source: 'NHS offshoring guidance (2022); NHS Cloud Centre of Excellence direction (data at rest in the UK); NCSC cloud security principle 2' },
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::S3::Bucket') return NagRuleCompliance.NOT_APPLICABLE;
    const rules = get(view.properties, 'ReplicationConfiguration', 'Rules');
    if (rules === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    if (isIntrinsic(rules)) return ['unresolved-destination'];
    const buckets = sameStackResources(node, 'AWS::S3::Bucket');
    const localIds = new Set(buckets.map((b) => b.logicalId));
    const localNames = new Set(buckets.map((b) => b.properties.BucketName).filter((n): n is string => typeof n === 'string'));
    const findings = new Set<string>();
    for (const rule of asList(rules)) {
      const dest = get(rule, 'Destination', 'Bucket');
      const target = refTarget(dest);
      if (target !== undefined) {
        if (!localIds.has(target)) findings.add('unresolved-destination');
        continue;
      }
      if (typeof dest !== 'string') {
        findings.add('unresolved-destination');
        continue;
      }
      const name = dest.replace(/^arn:aws[a-z-]*:s3:::/, '');
      if (!localNames.has(name)) findings.add(name);
    }
    return findings.size > 0 ? [...findings].sort() : NagRuleCompliance.COMPLIANT;
  },
});
