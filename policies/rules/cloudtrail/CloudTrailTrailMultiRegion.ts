import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, isTrue } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';

/** CloudTrail trails record every region (IsMultiRegionTrail: true). */
export default defineRule({
  id: 'CloudTrailTrailMultiRegion',
  level: NagMessageLevel.ERROR,
  info: 'The CloudTrail trail is not multi-region (IsMultiRegionTrail is not true).',
  explanation:
    'A single-region trail misses activity in every other region, which is exactly where an attacker (or a mistaken deployment) outside eu-west-2 would go unnoticed, and misses global-service events. Set IsMultiRegionTrail: true (cloudtrail.Trail isMultiRegionTrail, the default).',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  controls: {
    'C1.a':
      'C1.a: monitoring data sources cover every region, so security events anywhere in the account can be identified',
    'NCSC-13':
      'NCSC-13: audit records of access to the service are collected for all regions',
  },
  source: 'CAF C1.a (monitoring coverage)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::CloudTrail::Trail') return NagRuleCompliance.NOT_APPLICABLE;
    return isTrue(view.properties.IsMultiRegionTrail) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
