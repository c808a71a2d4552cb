import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, isTrue } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';

/** ElastiCache replication groups and cache clusters require TLS (TransitEncryptionEnabled, mode required). */
export default defineRule({
  id: 'ElastiCacheTransitEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The ElastiCache cache does not require encryption in transit (TransitEncryptionEnabled is not true, or TransitEncryptionMode is preferred).',
  explanation:
    'Cache traffic carries the same records as the database behind it. Set TransitEncryptionEnabled: true on AWS::ElastiCache::ReplicationGroup and AWS::ElastiCache::CacheCluster, and leave TransitEncryptionMode unset or required: preferred still accepts plain-text clients (it exists only for migration). Serverless caches always require TLS and are not judged.',
  resourceTypes: ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster'],
  controls: {
    'B3.b': 'B3.b: data in transit between applications and the cache is protected by TLS; plain-text clients are refused',
    'NCSC-1': 'NCSC-1 (data in transit protection): cache connections must be encrypted',
  },
  source: 'NHS Cloud Security Good Practice Guide, principle 1 (TLS 1.2 or above)',
  check: (node) => {
    const p = cfnView(node).properties;
    const mode = p.TransitEncryptionMode;
    return isTrue(p.TransitEncryptionEnabled) && (mode === undefined || mode === 'required') ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
