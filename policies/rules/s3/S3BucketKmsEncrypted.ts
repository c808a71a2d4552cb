import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get } from '../../cfn';
import { asList, isCustomerKey, namesBucket, policyStatements, refersTo, stackResourcesOfType } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

// Services that write access logs into a bucket and support only SSE-S3 there.
const LOG_DELIVERY_SERVICES = ['logging.s3.amazonaws.com', 'logdelivery.elasticloadbalancing.amazonaws.com'];

/**
 * Whether the bucket is an access-log destination: another bucket in the stack logs to it, a load
 * balancer writes access logs to it, its ACL is LogDeliveryWrite, or its bucket policy lets a log
 * delivery service write to it. Such buckets must use SSE-S3.
 */
function isAccessLogTarget(node: Parameters<typeof cfnView>[0], view: ReturnType<typeof cfnView>): boolean {
  const id = view.logicalId;
  if (view.properties.AccessControl === 'LogDeliveryWrite') return true;
  const fromBuckets = stackResourcesOfType(node, 'AWS::S3::Bucket').some((b) => namesBucket(get(b.properties, 'LoggingConfiguration', 'DestinationBucketName'), view));
  const fromLoadBalancers = stackResourcesOfType(node, 'AWS::ElasticLoadBalancingV2::LoadBalancer').some((lb) =>
    asList(lb.properties.LoadBalancerAttributes).some((a) => get(a, 'Key') === 'access_logs.s3.bucket' && refersTo(get(a, 'Value'), id)),
  );
  const byPolicy = stackResourcesOfType(node, 'AWS::S3::BucketPolicy')
    .filter((p) => namesBucket(p.properties.Bucket, view))
    .some((p) =>
      (policyStatements(p.properties.PolicyDocument) ?? []).some(
        (st) => st.Effect === 'Allow' && asList(get(st, 'Principal', 'Service')).some((svc) => LOG_DELIVERY_SERVICES.includes(String(svc))),
      ),
    );
  return fromBuckets || fromLoadBalancers || byPolicy;
}

/** S3 buckets encrypt by default with a customer-managed KMS key (SSE-KMS or DSSE-KMS). */
export default defineRule({
  id: 'S3BucketKmsEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The S3 bucket is not encrypted by default with a customer-managed KMS key.',
  explanation:
    'Customer-managed keys let the trust control, audit and revoke access to stored data independently of S3 permissions. Set BucketEncryption to SSEAlgorithm aws:kms (or aws:kms:dsse) with KMSMasterKeyID naming a customer key (s3.Bucket encryption: KMS with encryptionKey). AES256 (SSE-S3), alias/aws/s3 and a missing key do not qualify. Access-log buckets may use AES256, because S3 server access logging and load balancer access logs cannot write to SSE-KMS buckets: a bucket counts as one when another bucket or a load balancer in the same stack logs to it, its AccessControl is LogDeliveryWrite, or its bucket policy allows logging.s3.amazonaws.com or logdelivery.elasticloadbalancing.amazonaws.com.',
  resourceTypes: ['AWS::S3::Bucket'],
  controls: {
    'B3.c':
      'B3.c: an S3 object is stored data protected by technical means (B3.c.2) with cryptography the trust controls and can revoke (B3.c.3)',
    'NCSC-2':
      'NCSC-2: an S3 object at rest is encrypted under a customer-managed key',
  },
  source: 'NHS Cloud Security Good Practice Guide (encryption at rest); NHS Cloud Centre of Excellence direction (AES-256 at rest)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::S3::Bucket') return NagRuleCompliance.NOT_APPLICABLE;
    const rules = get(view.properties, 'BucketEncryption', 'ServerSideEncryptionConfiguration');
    if (!Array.isArray(rules) || rules.length === 0) return NagRuleCompliance.NON_COMPLIANT;
    const defaults = rules.map((r) => get(r, 'ServerSideEncryptionByDefault'));
    if (defaults.every((d) => get(d, 'SSEAlgorithm') === 'AES256') && isAccessLogTarget(node, view)) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const ok = defaults.every((d) => {
      const alg = get(d, 'SSEAlgorithm');
      return (alg === 'aws:kms' || alg === 'aws:kms:dsse') && isCustomerKey(node, get(d, 'KMSMasterKeyID'));
    });
    return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
