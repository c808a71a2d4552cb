import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { isRetained } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** Cognito user pools are retained on stack deletion and replacement. */
export default defineRule({
  id: 'CognitoUserPoolRetained',
  level: NagMessageLevel.ERROR,
  info: 'The Cognito user pool is not retained on stack deletion and replacement.',
  explanation:
    'A user pool holds every user identity, MFA enrolment and federation link; replacing it signs everyone out and orphans the user ids that audit records point at. Set DeletionPolicy: Retain and UpdateReplacePolicy: Retain (cognito.UserPool removalPolicy: RemovalPolicy.RETAIN, the CDK default).',
  controls: { dspt: ['B2.a', 'B5.c'], ncsc: [9, 10], source: 'NHS England MFA policy (2023); DSPT B2.a and B5.c' },
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::Cognito::UserPool') return NagRuleCompliance.NOT_APPLICABLE;
    return isRetained(view) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
