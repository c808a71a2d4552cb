import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/elasticache/ElastiCacheKmsEncrypted';
import { violationsOf } from '../harness';

const GROUP = { replicationGroupDescription: 'sessions', engine: 'valkey', cacheNodeType: 'cache.t4g.micro', numCacheClusters: 2 };

describe('ElastiCacheKmsEncrypted: replication groups and serverless caches encrypt at rest with a customer-managed key', () => {
  test('fails a replication group without at-rest encryption (L1)', () => {
    expect(violationsOf(rule, (s) => new elasticache.CfnReplicationGroup(s, 'Cache', GROUP))).toEqual(['Cache']);
  });

  test('fails an encrypted replication group with no customer key', () => {
    expect(violationsOf(rule, (s) => new elasticache.CfnReplicationGroup(s, 'Cache', { ...GROUP, atRestEncryptionEnabled: true }))).toEqual(['Cache']);
  });

  test('fails a serverless cache with the default key, and a Redis OSS cache cluster (which cannot encrypt at rest)', () => {
    expect(
      violationsOf(rule, (s) => {
        new elasticache.CfnServerlessCache(s, 'Serverless', { engine: 'valkey', serverlessCacheName: 'sessions' });
        new elasticache.CfnCacheCluster(s, 'Single', { engine: 'redis', cacheNodeType: 'cache.t4g.micro', numCacheNodes: 1 });
      }),
    ).toEqual(['Serverless', 'Single']);
  });

  test('passes a replication group and a serverless cache under a customer key', () => {
    expect(
      violationsOf(rule, (s) => {
        const key = new kms.Key(s, 'Key', { enableKeyRotation: true });
        new elasticache.CfnReplicationGroup(s, 'Cache', { ...GROUP, atRestEncryptionEnabled: true, kmsKeyId: key.keyId });
        new elasticache.CfnServerlessCache(s, 'Serverless', { engine: 'valkey', serverlessCacheName: 'sessions', kmsKeyId: key.keyId });
      }),
    ).toEqual([]);
  });

  test('does not apply to a Memcached cache cluster (memory only) or other resources', () => {
    expect(
      violationsOf(rule, (s) => {
        new elasticache.CfnCacheCluster(s, 'Memcached', { engine: 'memcached', cacheNodeType: 'cache.t4g.micro', numCacheNodes: 1 });
        new sqs.Queue(s, 'Queue');
      }),
    ).toEqual([]);
  });
});
