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
  resourceTypes: ['AWS::CloudTrail::Trail'],
  controls: {
    'C1.b':
      'C1.b.1: \'the integrity of log data is protected, or any modification is detected\': digest files prove the trail unaltered',
    'NCSC-13':
      'NCSC-13: the audit records the customer relies on can be shown to be genuine',
  },
  source: 'CAF C1.b (securing logs)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::CloudTrail::Trail') return NagRuleCompliance.NOT_APPLICABLE;
    return isTrue(view.properties.EnableLogFileValidation) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
