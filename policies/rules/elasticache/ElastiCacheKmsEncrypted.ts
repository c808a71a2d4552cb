import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, isTrue } from '../../cfn';
import { isCustomerKey } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** ElastiCache (Redis OSS, Valkey) replication groups and serverless caches encrypt at rest with a customer-managed KMS key. */
export default defineRule({
  id: 'ElastiCacheKmsEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The ElastiCache cache is not encrypted at rest with a customer-managed KMS key.',
  explanation:
    'Caches hold copies of records and session data, and Redis OSS and Valkey write them to disk in snapshots and swap. On AWS::ElastiCache::ReplicationGroup set AtRestEncryptionEnabled: true and KmsKeyId to a customer key; on AWS::ElastiCache::ServerlessCache (always encrypted) set KmsKeyId. A Redis OSS or Valkey AWS::ElastiCache::CacheCluster cannot be encrypted at rest and fails: use a replication group. A Memcached cache cluster keeps data only in memory, with no snapshots, and is not judged.',
  resourceTypes: ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::ServerlessCache', 'AWS::ElastiCache::CacheCluster'],
  controls: {
    'B3.c': 'B3.c: cached records and snapshots are stored data protected by technical means (B3.c.2) with cryptography the trust controls (B3.c.3)',
    'NCSC-2': 'NCSC-2: cache data at rest is encrypted under a customer-managed key',
  },
  source: 'NHS Cloud Security Good Practice Guide (encryption at rest); NHS Cloud Centre of Excellence direction (AES-256 at rest)',
  check: (node) => {
    const view = cfnView(node);
    const p = view.properties;
    switch (view.type) {
      case 'AWS::ElastiCache::ReplicationGroup':
        return isTrue(p.AtRestEncryptionEnabled) && isCustomerKey(node, p.KmsKeyId) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
      case 'AWS::ElastiCache::ServerlessCache':
        return isCustomerKey(node, p.KmsKeyId) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
      default:
        // CacheCluster: Memcached is memory-only; any other engine (or an unresolved one) stores data.
        return p.Engine === 'memcached' ? NagRuleCompliance.NOT_APPLICABLE : NagRuleCompliance.NON_COMPLIANT;
    }
  },
});
