import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get, isTrue } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';

/** TLS security policies whose minimum is TLS 1.2. */
export const TLS12_OPENSEARCH_POLICY = /^Policy-Min-TLS-1-2-/;

/** OpenSearch domains encrypt node-to-node traffic and accept only HTTPS with TLS 1.2 or above. */
export default defineRule({
  id: 'OpenSearchDomainTLS12',
  level: NagMessageLevel.ERROR,
  info: 'The OpenSearch domain does not encrypt node-to-node traffic, or does not enforce HTTPS with a TLS 1.2+ policy.',
  explanation:
    'Set NodeToNodeEncryptionOptions.Enabled: true and DomainEndpointOptions { EnforceHTTPS: true, TLSSecurityPolicy: Policy-Min-TLS-1-2-2019-07 or a newer Policy-Min-TLS-1-2-* } (opensearch.Domain nodeToNodeEncryption: true, enforceHttps: true, tlsSecurityPolicy: TLSSecurityPolicy.TLS_1_2). The default policy Policy-Min-TLS-1-0-2019-07 allows TLS 1.0.',
  resourceTypes: ['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain'],
  controls: {
    'B3.b': 'B3.b: data in transit to and within the domain is protected: HTTPS with TLS 1.2+ and encrypted node-to-node traffic',
    'NCSC-1': 'NCSC-1: the Good Practice Guide expects TLS 1.2 or above for data in transit',
    'NCSC-11': 'NCSC-11 (external interface protection): the domain endpoint refuses plain HTTP and old TLS',
  },
  source: 'NHS Cloud Security Good Practice Guide, principle 1 (TLS 1.2 or above)',
  check: (node) => {
    const p = cfnView(node).properties;
    const policy = get(p, 'DomainEndpointOptions', 'TLSSecurityPolicy');
    const ok =
      isTrue(get(p, 'NodeToNodeEncryptionOptions', 'Enabled')) &&
      isTrue(get(p, 'DomainEndpointOptions', 'EnforceHTTPS')) &&
      typeof policy === 'string' &&
      TLS12_OPENSEARCH_POLICY.test(policy);
    return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
