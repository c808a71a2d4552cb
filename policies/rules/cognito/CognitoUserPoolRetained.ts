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
  resourceTypes: ['AWS::Cognito::UserPool'],
  controls: {
    'B3.c':
      'B3.c.2: the pool stores staff and citizen identities; retaining it protects that stored data from deletion by a deployment',
    'NCSC-2':
      'NCSC-2: user identity data survives stack deletion and replacement',
  },
  source: 'Rootstock non-negotiable: stateful resources (user pools) retained and never replaced',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::Cognito::UserPool') return NagRuleCompliance.NOT_APPLICABLE;
    return isRetained(view) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
