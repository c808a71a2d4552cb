import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';
import { asNumber } from '../same-stack';

/** The minimum password length Rootstock accepts. */
export const MINIMUM_PASSWORD_LENGTH = 12;
/** The longest a temporary (admin-issued) password may stay valid. */
export const MAXIMUM_TEMPORARY_PASSWORD_DAYS = 7;

/** Cognito user pools require passwords of at least 12 characters and short-lived temporary passwords. */
export default defineRule({
  id: 'CognitoUserPoolStrongPasswordPolicy',
  level: NagMessageLevel.ERROR,
  info: 'The Cognito user pool password policy allows passwords shorter than 12 characters, or temporary passwords valid for more than 7 days.',
  explanation:
    'NCSC password guidance favours length over composition: complexity rules (upper case, digits, symbols) push people towards predictable patterns and add little against guessing, while length does; MFA (CognitoUserPoolMfaRequired) carries the rest. So the rule requires Policies.PasswordPolicy.MinimumLength of 12 or more (Cognito defaults to 8 when absent) and TemporaryPasswordValidityDays of 7 or fewer, and does not require character classes (a trust may still require them). Set cognito.UserPool passwordPolicy { minLength: 12, tempPasswordValidity: Duration.days(7) } or less.',
  resourceTypes: ['AWS::Cognito::UserPool'],
  controls: {
    'B2.a':
      'B2.a: the password factor is robust: long passwords and short-lived temporary passwords',
    'NCSC-10':
      'NCSC-10: the authentication mechanism follows NCSC password guidance (length over complexity)',
  },
  source: 'NCSC password administration for system owners',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::Cognito::UserPool') return NagRuleCompliance.NOT_APPLICABLE;
    const policy = get(view.properties, 'Policies', 'PasswordPolicy');
    const length = asNumber(get(policy, 'MinimumLength'));
    if (length === undefined || length < MINIMUM_PASSWORD_LENGTH) return NagRuleCompliance.NON_COMPLIANT;
    const tempRaw = get(policy, 'TemporaryPasswordValidityDays');
    // Cognito's default for temporary passwords is 7 days.
    const temp = tempRaw === undefined ? MAXIMUM_TEMPORARY_PASSWORD_DAYS : asNumber(tempRaw);
    return temp !== undefined && temp <= MAXIMUM_TEMPORARY_PASSWORD_DAYS ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
