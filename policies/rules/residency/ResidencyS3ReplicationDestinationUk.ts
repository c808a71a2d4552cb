import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get, isIntrinsic } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';
import { asList, refTarget, sameStackResources } from '../same-stack';
import { flattenString, isUkRegion } from './uk-regions';

/**
 * The region a replication rule's replica KMS key proves for its destination: S3 requires the
 * replica key to be in the destination bucket's region. 'own' for the stack's own region
 * (AWS::Region), undefined when there is no key or its ARN cannot be read.
 */
export function replicaKeyRegion(rule: unknown): string | undefined {
  const key = get(rule, 'Destination', 'EncryptionConfiguration', 'ReplicaKmsKeyID');
  const text = key === undefined ? undefined : flattenString(key);
  const m = text === undefined ? null : /^arn:aws[a-z-]*:kms:([^:]+):/.exec(text);
  if (!m) return undefined;
  if (m[1] === '{own-region}') return 'own';
  return m[1].includes('{') ? undefined : m[1];
}

/** S3 replication sends data only to buckets shown to be in this (UK) stack. */
export default defineRule({
  id: 'ResidencyS3ReplicationDestinationUk',
  level: NagMessageLevel.ERROR,
  info: 'The S3 bucket replicates to a destination bucket whose region cannot be shown to be the UK (reported per destination).',
  explanation:
    'S3 bucket ARNs carry no region, so a replication destination outside the stack may be anywhere, and cross-region replication is the usual way data leaves the UK unnoticed. The rule accepts destinations that are buckets in the same stack (by Ref/GetAtt, or an ARN or name matching a bucket defined in the stack); a destination whose replication rule names a replica KMS key ARN in a UK region (or in the stack\'s own region) is accepted too, because S3 requires the replica key to be in the destination bucket\'s region. Any other destination is a finding (NHS-ResidencyS3ReplicationDestinationUk[<bucket>], or [unresolved-destination]); a replica key in a non-UK region is reported by that region ([eu-west-1]). Replicate within the stack\'s region, or acknowledge the finding with the SIRO-approved exception that shows the destination bucket is in a UK region.',
  resourceTypes: ['AWS::S3::Bucket'],
  controls: {
    'B3.c':
      'B3.c.2: replicated copies of stored data stay under the same physical protection: a UK location, per NHS offshoring guidance',
    'NCSC-2':
      'NCSC-2.1 (physical location and legal jurisdiction): replicas are shown to be in a UK region',
  },
  source: 'NHS offshoring guidance (2022); NHS Cloud Centre of Excellence direction (data at rest in the UK)',
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
      const keyRegion = replicaKeyRegion(rule);
      if (keyRegion !== undefined && keyRegion !== 'own' && !isUkRegion(keyRegion)) {
        findings.add(keyRegion);
        continue;
      }
      if (keyRegion !== undefined) continue;
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
