import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get, isIntrinsic } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';
import { asList } from '../same-stack';

const WILDCARD_ACTIONS = new Set(['*', '*:*']);

/** Whether a policy document grants full administrator access, or cannot be read (fail closed). */
function grantsAdmin(document: unknown): boolean {
  if (document === undefined) return false;
  if (document === null || typeof document !== 'object' || isIntrinsic(document)) return true;
  const statements = get(document, 'Statement');
  if (isIntrinsic(statements)) return true;
  return asList(statements).some((s) => {
    if (s === null || typeof s !== 'object' || isIntrinsic(s)) return true;
    const effect = get(s, 'Effect');
    if (effect === 'Deny') return false;
    if (effect !== 'Allow') return true;
    const actions = get(s, 'Action');
    const resources = get(s, 'Resource');
    // Actions are literal in practice, so an intrinsic one cannot be judged; a Resource intrinsic
    // (GetAtt/Ref/Join of a resource ARN) names specific resources, never the literal '*'.
    if (isIntrinsic(actions)) return true;
    return asList(actions).some((a) => typeof a === 'string' && WILDCARD_ACTIONS.has(a)) && !isIntrinsic(resources) && asList(resources).includes('*');
  });
}

/** Flattens a (possibly Fn::Join'ed) ARN to text, so an AWS managed policy ARN can be recognised. */
function arnText(v: unknown): string {
  if (typeof v === 'string') return v;
  const join = isIntrinsic(v) ? v['Fn::Join'] : undefined;
  if (Array.isArray(join) && Array.isArray(join[1])) return join[1].map((p) => (typeof p === 'string' ? p : '?')).join(String(join[0]));
  const sub = isIntrinsic(v) ? v['Fn::Sub'] : undefined;
  if (typeof sub === 'string') return sub;
  if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
  return '';
}

/** IAM policies never allow every action on every resource, and roles, users and groups never attach AdministratorAccess. */
export default defineRule({
  id: 'IAMPolicyNoAdminAccess',
  level: NagMessageLevel.ERROR,
  info: "The IAM policy allows every action on every resource (Action '*' or '*:*' on Resource '*'), or attaches AdministratorAccess.",
  explanation:
    "Full administrator access in a workload's policy means one compromised function or user owns the account, its keys and its audit trail. Grant the specific actions on the specific resources the principal needs (grantRead/grantWrite helpers in CDK); break-glass administration belongs to IAM Identity Center permission sets, not to stack-defined policies. Checked: AWS::IAM::Policy, AWS::IAM::ManagedPolicy, the inline Policies of AWS::IAM::Role, User and Group, and ManagedPolicyArns naming arn:aws:iam::aws:policy/AdministratorAccess. A policy document that cannot be read (an intrinsic) fails.",
  resourceTypes: ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'],
  controls: {
    'B2.c':
      'B2.c: privileged access is closely managed: no identity is granted every action on every resource',
    'B2.d':
      'B2.d: access control follows least privilege for users and systems',
    'NCSC-9':
      'NCSC-9 (secure user management): permissions are scoped, not blanket administrator',
    'NCSC-12':
      'NCSC-12 (secure service administration): full administrative power is not handed out by deployment',
  },
  source: 'CAF B2.c and B2.d; NCSC cloud security principles 9 and 12',
  check: (node) => {
    const view = cfnView(node);
    const p = view.properties;
    switch (view.type) {
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy':
        return grantsAdmin(p.PolicyDocument) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
      case 'AWS::IAM::Role':
      case 'AWS::IAM::User':
      case 'AWS::IAM::Group': {
        if (isIntrinsic(p.Policies) || isIntrinsic(p.ManagedPolicyArns)) return NagRuleCompliance.NON_COMPLIANT;
        const inline = asList(p.Policies).some((pol) => (isIntrinsic(pol) ? true : grantsAdmin(get(pol, 'PolicyDocument') ?? null)));
        const managed = asList(p.ManagedPolicyArns).some((arn) => /:iam::aws:policy\/AdministratorAccess$/.test(arnText(arn)));
        return inline || managed ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
      }
      default:
        return NagRuleCompliance.NOT_APPLICABLE;
    }
  },
});
