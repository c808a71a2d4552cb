import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';

/** Cognito user pools require MFA for every user (MfaConfiguration ON). */
export default defineRule({
  id: 'CognitoUserPoolMfaRequired',
  level: NagMessageLevel.ERROR,
  info: 'The Cognito user pool does not require MFA (MfaConfiguration is not ON).',
  explanation:
    'NHS England policy (August 2023) requires MFA on all remote user access and all privileged access to externally hosted systems. OPTIONAL lets each user decline it, so it does not meet the policy. Set MfaConfiguration: ON with a TOTP or SMS second factor (cognito.UserPool mfa: cognito.Mfa.REQUIRED). Users who sign in through a federated provider (CIS2, NHS login) get their MFA from that provider.',
  resourceTypes: ['AWS::Cognito::UserPool'],
  controls: {
    'B2.a':
      'B2.a: access is robustly authenticated: multi-factor authentication is required of every user',
    'NCSC-10':
      'NCSC-10 (identity and authentication): users authenticate with two factors, as NHS England\'s MFA policy requires',
  },
  source: 'NHS England MFA policy (August 2023)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::Cognito::UserPool') return NagRuleCompliance.NOT_APPLICABLE;
    return view.properties.MfaConfiguration === 'ON' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
