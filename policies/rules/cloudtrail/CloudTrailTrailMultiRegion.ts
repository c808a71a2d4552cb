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
  controls: { dspt: ['C1.a'], ncsc: [13], source: 'CAF-aligned DSPT C1.a (monitoring coverage); NCSC cloud security principle 13 (audit information)' },
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::CloudTrail::Trail') return NagRuleCompliance.NOT_APPLICABLE;
    return isTrue(view.properties.IsMultiRegionTrail) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
