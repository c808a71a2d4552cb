import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get, isIntrinsic } from '../../cfn';
import { asList, policyStatements } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';
import { flattenString } from '../residency/uk-regions';

/** The property that holds the resource policy, per resource type. */
const POLICY_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::SecretsManager::ResourcePolicy': 'ResourcePolicy',
  'AWS::ECR::Repository': 'RepositoryPolicyText',
  'AWS::Logs::ResourcePolicy': 'PolicyDocument',
  'AWS::OpenSearchService::Domain': 'AccessPolicies',
  'AWS::Elasticsearch::Domain': 'AccessPolicies',
};

/** Condition keys that tie a statement to one account, organisation, source or network. */
const SCOPING_KEYS = [
  'aws:sourceaccount', 'aws:sourcearn', 'aws:sourceowner', 'aws:sourceorgid', 'aws:sourceorgpaths', 'aws:principalaccount', 'aws:principalorgid',
  'aws:principalorgpaths', 'aws:principalarn', 'aws:sourcevpce', 'aws:sourcevpc', 'aws:sourceip', 'kms:calleraccount',
];

/**
 * The policy documents a property can hold: one literal document or JSON text (possibly joined
 * from intrinsics), or each branch of an `Fn::If` (`AWS::NoValue` means no policy). An
 * unreadable document comes back as null, so the rule fails closed.
 */
function readDocuments(v: unknown): unknown[] {
  const branches = isIntrinsic(v) ? v['Fn::If'] : undefined;
  if (Array.isArray(branches) && branches.length === 3) {
    return branches.slice(1).flatMap((b) => (isIntrinsic(b) && b.Ref === 'AWS::NoValue' ? [] : readDocuments(b)));
  }
  return [readDocument(v)];
}

function readDocument(v: unknown): unknown {
  if (typeof v === 'string' || isIntrinsic(v)) {
    const text = flattenString(v);
    if (text === undefined) return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return null;
    }
  }
  return v;
}

function everyone(principal: unknown): boolean {
  return principal === '*' || asList(get(principal, 'AWS')).includes('*');
}

function scopedByCondition(condition: unknown): boolean {
  if (condition === null || typeof condition !== 'object') return false;
  return Object.values(condition as Record<string, unknown>).some(
    (block) => block !== null && typeof block === 'object' && Object.keys(block as object).some((k) => SCOPING_KEYS.includes(k.toLowerCase())),
  );
}

/** Resource policies never allow every AWS principal without a condition naming the account, organisation or source. */
export default defineRule({
  id: 'IAMResourcePolicyNoPublicPrincipal',
  level: NagMessageLevel.ERROR,
  info: 'The resource policy allows any AWS principal ("*") without a condition that limits it to an account, organisation, source or network.',
  explanation:
    'An Allow statement for Principal "*" (or AWS "*") opens the bucket, topic, queue, key, secret, repository, log group or domain to every AWS account, including other customers. Name the principals (account, role or service), or add a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn, aws:SourceVpce or kms:CallerAccount. An Allow with NotPrincipal fails; Deny statements (TLS-only, for example) are fine. Both branches of an Fn::If are judged; a policy that cannot be read fails.',
  resourceTypes: Object.keys(POLICY_PROPERTY),
  controls: {
    'B2.d': "B2.d: access control for 'users, devices and systems accessing' the data is closely managed: no grant to every AWS identity",
    'NCSC-3': 'NCSC-3 (separation between customers): other customers of the cloud service cannot reach this resource through its policy',
  },
  source: 'NCSC cloud security principle 3; AWS IAM guidance on resource-based policies',
  check: (node) => {
    const view = cfnView(node);
    const raw = view.properties[POLICY_PROPERTY[view.type]];
    if (raw === undefined) return NagRuleCompliance.COMPLIANT;
    const open = readDocuments(raw).some((doc) => {
      const statements = policyStatements(doc);
      if (!statements) return true;
      return statements.some((s) => s.Effect === 'Allow' && (s.NotPrincipal !== undefined || (everyone(s.Principal) && !scopedByCondition(s.Condition))));
    });
    return open ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
});
