import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, isIntrinsic } from '../../cfn';
import { staticString } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

/** Lambda permissions granted to a service or to everyone are scoped to a source (SourceArn, SourceAccount or PrincipalOrgID). */
export default defineRule({
  id: 'LambdaPermissionSourceScoped',
  level: NagMessageLevel.ERROR,
  info: 'The Lambda permission lets a service principal or everyone invoke the function without naming the source (SourceArn, SourceAccount or PrincipalOrgID).',
  explanation:
    'A permission for a service principal (apigateway.amazonaws.com, events.amazonaws.com, s3.amazonaws.com, ...) without SourceArn or SourceAccount lets that service invoke the function on behalf of any AWS customer\'s resource: another account\'s API or bucket can drive your function (the confused deputy). Set SourceArn to the calling resource (fn.addPermission with sourceArn, as API Gateway integrations do) or at least SourceAccount; for Principal "*" set PrincipalOrgID, or use LambdaUrlAuthRequired\'s AWS_IAM function URLs. Permissions for a named account or role are judged as written.',
  resourceTypes: ['AWS::Lambda::Permission'],
  controls: {
    'B2.d': "B2.d: 'closely manage ... access control for users, devices and systems accessing' the system: only the named calling resource or account may invoke",
    'NCSC-3': "NCSC-3 (separation between customers): another customer's resource cannot use the shared service principal to reach this function",
  },
  source: 'AWS guidance on the confused deputy problem; NCSC cloud security principle 3',
  check: (node) => {
    const p = cfnView(node).properties;
    const principal = isIntrinsic(p.Principal) ? staticString(p.Principal) : p.Principal;
    if (typeof principal !== 'string') return NagRuleCompliance.NON_COMPLIANT;
    const scoped = present(p.SourceArn) || present(p.SourceAccount) || present(p.PrincipalOrgID);
    if (principal === '*' || principal.endsWith('.amazonaws.com') || principal.endsWith('.amazonaws.com.cn')) {
      return scoped ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.COMPLIANT;
  },
});
