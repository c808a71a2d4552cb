import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';

/** Cognito user pools have deletion protection ACTIVE. */
export default defineRule({
  id: 'CognitoUserPoolDeletionProtection',
  level: NagMessageLevel.ERROR,
  info: 'The Cognito user pool does not have deletion protection ACTIVE.',
  explanation:
    'Deleting a user pool deletes every user, their MFA enrolment and their identifiers, and cannot be undone; staff are locked out of clinical systems until they are re-registered. Set DeletionProtection: ACTIVE (cognito.UserPool deletionProtection: true) as well as a Retain deletion policy.',
  resourceTypes: ['AWS::Cognito::UserPool'],
  controls: {
    'B3.c':
      'B3.c.2: the stored identities cannot be deleted by one API call or console click',
    'NCSC-2':
      'NCSC-2 (resilience): the identity store is protected against accidental or malicious deletion',
  },
  source: 'Rootstock non-negotiable: stateful resources (user pools) are never lost',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::Cognito::UserPool') return NagRuleCompliance.NOT_APPLICABLE;
    return view.properties.DeletionProtection === 'ACTIVE' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
