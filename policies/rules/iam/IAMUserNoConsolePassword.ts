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
  resourceTypes: ['AWS::IAM::User'],
  controls: {
    'B2.a':
      'B2.a: people authenticate through the trust identity provider with MFA, not a local IAM password',
    'B2.d':
      'B2.d: identities are managed in one place and removed when people leave',
    'NCSC-9':
      'NCSC-9 (secure user management): no unmanaged console users',
    'NCSC-10':
      'NCSC-10: console access uses federated, multi-factor identity',
  },
  source: 'NHS England MFA policy (Aug 2023); NCSC cloud security principles 9 and 10',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::IAM::User') return NagRuleCompliance.NOT_APPLICABLE;
    return view.properties.LoginProfile === undefined ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
