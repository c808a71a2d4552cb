import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get } from '../../cfn';
import { asList, namesBucket, policyStatements, staticString, stackResourcesOfType } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** Whether a policy statement denies every S3 action on the bucket's objects to anyone over plain HTTP. */
function deniesInsecureTransport(st: Record<string, unknown>): boolean {
  if (st.Effect !== 'Deny') return false;
  const principal = st.Principal;
  const everyone = principal === '*' || asList(get(principal, 'AWS')).includes('*');
  const actions = asList(st.Action);
  const allActions = actions.includes('s3:*') || actions.includes('*');
  const cond = get(st, 'Condition', 'Bool', 'aws:SecureTransport') ?? get(st, 'Condition', 'BoolIfExists', 'aws:SecureTransport');
  const insecure = asList(cond).some((c) => c === false || c === 'false');
  // The statement must cover objects (arn:...:bucket/*), not only the bucket itself.
  const coversObjects = asList(st.Resource).some((r) => {
    if (r === '*') return true;
    const joined = get(r, 'Fn::Join');
    const sub = get(r, 'Fn::Sub');
    const tail = Array.isArray(joined) && Array.isArray(joined[1]) ? joined[1][joined[1].length - 1] : (staticString(r) ?? (Array.isArray(sub) ? sub[0] : sub));
    return typeof tail === 'string' && tail.endsWith('/*');
  });
  return everyone && allActions && insecure && coversObjects;
}

/** S3 buckets have a bucket policy that denies requests not made over TLS (aws:SecureTransport false). */
export default defineRule({
  id: 'S3BucketTLSRequestsOnly',
  level: NagMessageLevel.ERROR,
  info: 'The S3 bucket has no bucket policy denying requests without TLS (aws:SecureTransport false).',
  explanation:
    'S3 accepts plain HTTP unless a bucket policy refuses it. Add an AWS::S3::BucketPolicy for the bucket with a statement { Effect: Deny, Principal: "*", Action: "s3:*", Resource: [bucket ARN, bucket ARN/*], Condition: { Bool: { "aws:SecureTransport": "false" } } } (s3.Bucket enforceSSL: true; add minimumTLSVersion: 1.2 as well). The policy must be in the same stack and name the bucket by Ref, or by the same value as the bucket\'s BucketName (a literal, or the same intrinsic such as Fn::Sub).',
  resourceTypes: ['AWS::S3::Bucket'],
  controls: {
    'B3.b':
      'B3.b: data in transit to S3 is protected by technical means: plain-HTTP requests are refused',
    'NCSC-1':
      'NCSC-1 (data in transit protection): every request to the bucket must use TLS',
  },
  source: 'NHS Cloud Security Good Practice Guide, principle 1 (TLS 1.2 or above)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::S3::Bucket') return NagRuleCompliance.NOT_APPLICABLE;
    const policies = stackResourcesOfType(node, 'AWS::S3::BucketPolicy').filter((p) => namesBucket(p.properties.Bucket, view));
    const ok = policies.some((p) => (policyStatements(p.properties.PolicyDocument) ?? []).some(deniesInsecureTransport));
    return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
