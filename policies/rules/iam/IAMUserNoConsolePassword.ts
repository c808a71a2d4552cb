import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';

/** IAM users have no console password (no LoginProfile). */
export default defineRule({
  id: 'IAMUserNoConsolePassword',
  level: NagMessageLevel.ERROR,
  info: 'The IAM user has a console password (LoginProfile).',
  explanation:
    'IAM user passwords are long-lived credentials outside the trust identity provider: they are not removed when someone leaves, and MFA on them is not enforced by the template. People sign in through IAM Identity Center federated with the trust directory (or NHS CIS2), with MFA. Remove LoginProfile (iam.User password).',
  controls: { dspt: ['B2.a', 'B2.c'], ncsc: [9, 10], source: 'NHS England MFA policy (Aug 2023); CAF-aligned DSPT B2.a and B2.c; NCSC cloud security principles 9 and 10' },
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::IAM::User') return NagRuleCompliance.NOT_APPLICABLE;
    return view.properties.LoginProfile === undefined ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
