import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get } from '../../cfn';
import { asList, isCustomerKey, refersTo, stackResourcesOfType } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** Whether another resource in the stack delivers S3 server access logs or ELB access logs to this bucket (those need SSE-S3). */
function isAccessLogTarget(node: Parameters<typeof cfnView>[0], logicalId: string): boolean {
  const fromBuckets = stackResourcesOfType(node, 'AWS::S3::Bucket').some((b) =>
    refersTo(get(b.properties, 'LoggingConfiguration', 'DestinationBucketName'), logicalId),
  );
  const fromLoadBalancers = stackResourcesOfType(node, 'AWS::ElasticLoadBalancingV2::LoadBalancer').some((lb) =>
    asList(lb.properties.LoadBalancerAttributes).some((a) => get(a, 'Key') === 'access_logs.s3.bucket' && refersTo(get(a, 'Value'), logicalId)),
  );
  return fromBuckets || fromLoadBalancers;
}

/** S3 buckets encrypt by default with a customer-managed KMS key (SSE-KMS or DSSE-KMS). */
export default defineRule({
  id: 'S3BucketKmsEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The S3 bucket is not encrypted by default with a customer-managed KMS key.',
  explanation:
    'Customer-managed keys let the trust control, audit and revoke access to stored data independently of S3 permissions. Set BucketEncryption to SSEAlgorithm aws:kms (or aws:kms:dsse) with KMSMasterKeyID naming a customer key (s3.Bucket encryption: KMS with encryptionKey). AES256 (SSE-S3), alias/aws/s3 and a missing key do not qualify. Buckets that receive S3 server access logs or load balancer access logs from the same stack may use AES256, because those services cannot write to SSE-KMS buckets.',
  controls: { dspt: ['B3.c'], ncsc: [2], source: 'NHS Cloud Security Good Practice Guide (encryption at rest); NHS Cloud Centre of Excellence direction (AES-256 at rest); DSPT B3.c' },
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::S3::Bucket') return NagRuleCompliance.NOT_APPLICABLE;
    const rules = get(view.properties, 'BucketEncryption', 'ServerSideEncryptionConfiguration');
    if (!Array.isArray(rules) || rules.length === 0) return NagRuleCompliance.NON_COMPLIANT;
    const defaults = rules.map((r) => get(r, 'ServerSideEncryptionByDefault'));
    if (defaults.every((d) => get(d, 'SSEAlgorithm') === 'AES256') && isAccessLogTarget(node, view.logicalId)) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const ok = defaults.every((d) => {
      const alg = get(d, 'SSEAlgorithm');
      return (alg === 'aws:kms' || alg === 'aws:kms:dsse') && isCustomerKey(node, get(d, 'KMSMasterKeyID'));
    });
    return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
