import * as kms from 'aws-cdk-lib/aws-kms';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/opensearch/OpenSearchDomainKmsEncrypted';
import { violationsOf } from '../harness';

const VERSION = opensearch.EngineVersion.OPENSEARCH_2_13;

describe('OpenSearchDomainKmsEncrypted: OpenSearch domains encrypt at rest with a customer-managed key', () => {
  test('fails a domain without encryption at rest (L2)', () => {
    expect(violationsOf(rule, (s) => new opensearch.Domain(s, 'Search', { version: VERSION }))).toEqual(['Search/Resource']);
  });

  test('fails a domain encrypted with the AWS-managed key (L2 encryptionAtRest without kmsKey)', () => {
    expect(violationsOf(rule, (s) => new opensearch.Domain(s, 'Search', { version: VERSION, encryptionAtRest: { enabled: true } }))).toEqual(['Search/Resource']);
  });

  test('fails a legacy Elasticsearch domain with encryption disabled (L1)', () => {
    expect(violationsOf(rule, (s) => new opensearch.CfnDomain(s, 'Legacy', { encryptionAtRestOptions: { enabled: false } }))).toEqual(['Legacy']);
  });

  test('passes a domain encrypted under a customer key', () => {
    expect(
      violationsOf(rule, (s) => {
        const kmsKey = new kms.Key(s, 'Key', { enableKeyRotation: true });
        new opensearch.Domain(s, 'Search', { version: VERSION, encryptionAtRest: { enabled: true, kmsKey } });
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
