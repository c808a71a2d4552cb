import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/elasticache/ElastiCacheTransitEncrypted';
import { violationsOf } from '../harness';

const GROUP = { replicationGroupDescription: 'sessions', engine: 'redis', cacheNodeType: 'cache.t4g.micro', numCacheClusters: 2 };

describe('ElastiCacheTransitEncrypted: caches require TLS', () => {
  test('fails a replication group without transit encryption (L1)', () => {
    expect(violationsOf(rule, (s) => new elasticache.CfnReplicationGroup(s, 'Cache', GROUP))).toEqual(['Cache']);
  });

  test('fails transit encryption in preferred mode, which still accepts plain text', () => {
    expect(
      violationsOf(rule, (s) => new elasticache.CfnReplicationGroup(s, 'Cache', { ...GROUP, transitEncryptionEnabled: true, transitEncryptionMode: 'preferred' })),
    ).toEqual(['Cache']);
  });

  test('fails a cache cluster without transit encryption', () => {
    expect(violationsOf(rule, (s) => new elasticache.CfnCacheCluster(s, 'Single', { engine: 'memcached', cacheNodeType: 'cache.t4g.micro', numCacheNodes: 1 }))).toEqual(['Single']);
  });

  test('passes transit encryption required (explicit or by default)', () => {
    expect(
      violationsOf(rule, (s) => {
        new elasticache.CfnReplicationGroup(s, 'Cache', { ...GROUP, transitEncryptionEnabled: true, transitEncryptionMode: 'required' });
        new elasticache.CfnReplicationGroup(s, 'Other', { ...GROUP, transitEncryptionEnabled: true });
      }),
    ).toEqual([]);
  });

  test('does not apply to serverless caches (always TLS) or other resources', () => {
    expect(
      violationsOf(rule, (s) => {
        new elasticache.CfnServerlessCache(s, 'Serverless', { engine: 'valkey', serverlessCacheName: 'sessions' });
        new sqs.Queue(s, 'Queue');
      }),
    ).toEqual([]);
  });
});
