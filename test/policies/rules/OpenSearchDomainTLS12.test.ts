import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/opensearch/OpenSearchDomainTLS12';
import { violationsOf } from '../harness';

const VERSION = opensearch.EngineVersion.OPENSEARCH_2_13;

describe('OpenSearchDomainTLS12: OpenSearch domains use HTTPS with TLS 1.2+ and node-to-node encryption', () => {
  test('fails a domain with the defaults (no HTTPS enforcement, TLS 1.0 policy) (L2)', () => {
    expect(violationsOf(rule, (s) => new opensearch.Domain(s, 'Search', { version: VERSION }))).toEqual(['Search/Resource']);
  });

  test('fails HTTPS enforced with the TLS 1.0 policy', () => {
    expect(
      violationsOf(rule, (s) => new opensearch.Domain(s, 'Search', { version: VERSION, enforceHttps: true, nodeToNodeEncryption: true, tlsSecurityPolicy: opensearch.TLSSecurityPolicy.TLS_1_0 })),
    ).toEqual(['Search/Resource']);
  });

  test('fails a domain without node-to-node encryption (L1)', () => {
    expect(
      violationsOf(rule, (s) => new opensearch.CfnDomain(s, 'Raw', { domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' } })),
    ).toEqual(['Raw']);
  });

  test('passes HTTPS with TLS 1.2 and node-to-node encryption', () => {
    expect(
      violationsOf(rule, (s) => new opensearch.Domain(s, 'Search', { version: VERSION, enforceHttps: true, nodeToNodeEncryption: true, tlsSecurityPolicy: opensearch.TLSSecurityPolicy.TLS_1_2 })),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
