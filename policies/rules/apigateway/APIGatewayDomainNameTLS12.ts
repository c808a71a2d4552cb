import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get } from '../../cfn';
import { asList } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/**
 * API Gateway security policies with TLS 1.2 as the minimum: the legacy TLS_1_2 and the enhanced
 * SecurityPolicy_TLS13_1_2/1_3 (regional, private), SecurityPolicy_TLS13_<year>_EDGE and
 * SecurityPolicy_TLS12_* (edge) families. TLS_1_0 allows TLS 1.0 and 1.1.
 */
export const TLS12_API_POLICY = /^(TLS_1_2|SecurityPolicy_TLS13_1_[23](_.*)?|SecurityPolicy_TLS13_\d{4}_EDGE|SecurityPolicy_TLS12_.+)$/;

/** Whether `v` names a TLS 1.2+ API Gateway security policy. */
function tls12(v: unknown): boolean {
  return typeof v === 'string' && TLS12_API_POLICY.test(v);
}

/** API Gateway custom domain names (REST and HTTP/WebSocket) require TLS 1.2 or above. */
export default defineRule({
  id: 'APIGatewayDomainNameTLS12',
  level: NagMessageLevel.ERROR,
  info: 'The API Gateway custom domain name does not set a TLS 1.2 or above security policy.',
  explanation:
    'Clients must not be able to negotiate TLS 1.0 or 1.1 with NHS APIs. Set SecurityPolicy explicitly to TLS_1_2 or an enhanced SecurityPolicy_TLS13_* policy on AWS::ApiGateway::DomainName (apigateway.DomainName securityPolicy: SecurityPolicy.TLS_1_2), and on every DomainNameConfigurations entry of AWS::ApiGatewayV2::DomainName (apigatewayv2.DomainName securityPolicy). A missing policy fails: the effective default differs by endpoint type and API version, so state it.',
  resourceTypes: ['AWS::ApiGateway::DomainName', 'AWS::ApiGateway::DomainNameV2', 'AWS::ApiGatewayV2::DomainName'],
  controls: {
    'B3.b':
      'B3.b: data in transit to the API is protected with TLS 1.2 or above',
    'NCSC-1':
      'NCSC-1: TLS 1.2+ for data in transit, as the Good Practice Guide expects',
    'NCSC-11':
      'NCSC-11: the API\'s public domain is an external interface that refuses TLS 1.0/1.1',
  },
  source: 'NHS Cloud Security Good Practice Guide, principle 1 (TLS 1.2 or above)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type === 'AWS::ApiGateway::DomainName' || view.type === 'AWS::ApiGateway::DomainNameV2') {
      return tls12(view.properties.SecurityPolicy) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    if (view.type === 'AWS::ApiGatewayV2::DomainName') {
      const configs = asList(view.properties.DomainNameConfigurations);
      return configs.length > 0 && configs.every((c) => tls12(get(c, 'SecurityPolicy'))) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.NOT_APPLICABLE;
  },
});
