import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get } from '../../cfn';
import { asList, referencedResource, refersTo, stackResourcesOfType } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/**
 * Load balancer security policies whose minimum protocol is TLS 1.2 or 1.3: the TLS13-1-2/1-3
 * families (including Res, Ext, FIPS and PQ variants), TLS-1-2 and FS-1-2. TLS13-1-0/1-1,
 * FS-2018-06, FS-1-1, TLS-1-1, TLS-1-0 and 2016-08 (the default) allow older protocols.
 */
export const TLS12_ELB_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]-|TLS-1-2-|FS-1-2-)/;

/** Whether an ALB action (default action or listener rule action) redirects to HTTPS. */
function redirectsToHttps(action: unknown): boolean {
  return get(action, 'Type') === 'redirect' && get(action, 'RedirectConfig', 'Protocol') === 'HTTPS';
}

/** Judges an ELBv2 listener. */
function checkV2Listener(node: Parameters<typeof cfnView>[0], view: ReturnType<typeof cfnView>): NagRuleCompliance {
  const p = view.properties;
  const lb = referencedResource(node, p.LoadBalancerArn);
  // Gateway load balancers pass traffic through unterminated (GENEVE): there is no TLS to judge.
  if (get(lb, 'properties', 'Type') === 'gateway' || p.Protocol === 'GENEVE') return NagRuleCompliance.NOT_APPLICABLE;
  if (p.Protocol === 'HTTPS' || p.Protocol === 'TLS') {
    return typeof p.SslPolicy === 'string' && TLS12_ELB_POLICY.test(p.SslPolicy) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  }
  if (p.Protocol === 'HTTP') {
    const defaults = asList(p.DefaultActions);
    const rules = stackResourcesOfType(node, 'AWS::ElasticLoadBalancingV2::ListenerRule').filter((r) => refersTo(r.properties.ListenerArn, view.logicalId));
    const ok = defaults.length > 0 && defaults.every(redirectsToHttps) && rules.every((r) => asList(r.properties.Actions).every(redirectsToHttps));
    return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  }
  // TCP, UDP, TCP_UDP, a missing or an unresolved protocol: not TLS-terminating, fail closed.
  return NagRuleCompliance.NON_COMPLIANT;
}

/** Judges the listeners of a classic load balancer. */
function checkClassic(view: ReturnType<typeof cfnView>): NagRuleCompliance {
  const listeners = view.properties.Listeners;
  if (!Array.isArray(listeners) || listeners.length === 0) return NagRuleCompliance.NON_COMPLIANT;
  const tls12Policies = asList(view.properties.Policies)
    .filter(
      (pol) =>
        get(pol, 'PolicyType') === 'SSLNegotiationPolicyType' &&
        asList(get(pol, 'Attributes')).some((a) => {
          const v = get(a, 'Value');
          return get(a, 'Name') === 'Reference-Security-Policy' && typeof v === 'string' && TLS12_ELB_POLICY.test(v);
        }),
    )
    .map((pol) => get(pol, 'PolicyName'));
  const ok = listeners.every((l) => {
    const protocol = String(get(l, 'Protocol') ?? '').toUpperCase();
    return (protocol === 'HTTPS' || protocol === 'SSL') && asList(get(l, 'PolicyNames')).some((n) => tls12Policies.includes(n));
  });
  return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/** Load balancer listeners use TLS with a TLS 1.2+ security policy; HTTP listeners only redirect to HTTPS. */
export default defineRule({
  id: 'ELBListenerTLS12',
  level: NagMessageLevel.ERROR,
  info: 'The load balancer listener does not use TLS 1.2 or above (HTTPS/TLS with a TLS 1.2+ security policy, or HTTP that only redirects to HTTPS).',
  explanation:
    'Traffic to NHS services must be encrypted with TLS 1.2 or above. On AWS::ElasticLoadBalancingV2::Listener use Protocol HTTPS or TLS with an explicit SslPolicy whose minimum is TLS 1.2 (e.g. ELBSecurityPolicy-TLS13-1-2-2021-06, elbv2.SslPolicy.RECOMMENDED_TLS); the default ELBSecurityPolicy-2016-08 allows TLS 1.0. An HTTP listener passes only if its default actions and every listener rule redirect to HTTPS (ApplicationLoadBalancer addRedirect). TCP/UDP listeners cannot be judged and fail: terminate TLS at the listener, or acknowledge end-to-end TLS with a reason. Classic load balancers need HTTPS/SSL listeners bound to an SSLNegotiationPolicyType policy with a TLS 1.2 Reference-Security-Policy.',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancing::LoadBalancer'],
  controls: {
    'B3.b':
      'B3.b: data in transit to the service is protected with TLS 1.2 or above',
    'NCSC-1':
      'NCSC-1: the Good Practice Guide expects TLS 1.2+ for data in transit; the listener enforces it',
    'NCSC-11':
      'NCSC-11 (external interface protection): the load balancer is the external interface, and it refuses weak protocols',
  },
  source: 'NHS Cloud Security Good Practice Guide, principle 1 (TLS 1.2 or above)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type === 'AWS::ElasticLoadBalancingV2::Listener') return checkV2Listener(node, view);
    if (view.type === 'AWS::ElasticLoadBalancing::LoadBalancer') return checkClassic(view);
    return NagRuleCompliance.NOT_APPLICABLE;
  },
});
