import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, isTrue } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';

/** CloudTrail trails sign their log files (EnableLogFileValidation: true). */
export default defineRule({
  id: 'CloudTrailTrailLogFileValidation',
  level: NagMessageLevel.ERROR,
  info: 'The CloudTrail trail does not have log file integrity validation enabled.',
  explanation:
    'Digest files let an investigator prove that audit logs were not altered or deleted after delivery, which is what makes them evidence. Set EnableLogFileValidation: true (cloudtrail.Trail enableFileValidation, the default).',
  controls: { dspt: ['C1.b'], ncsc: [13], source: 'CAF-aligned DSPT C1.b (securing logs); NCSC cloud security principle 13' },
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::CloudTrail::Trail') return NagRuleCompliance.NOT_APPLICABLE;
    return isTrue(view.properties.EnableLogFileValidation) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
