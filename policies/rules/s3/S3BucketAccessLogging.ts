import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get } from '../../cfn';
import { namesBucket } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';
import { asList, sameStackResources } from '../same-stack';

const LOG_DELIVERY_SERVICE = 'logging.s3.amazonaws.com';

/** Whether a bucket policy statement grants the S3 log delivery service (what makes a bucket an access-log bucket). */
function grantsLogDelivery(statement: unknown): boolean {
  if (get(statement, 'Effect') !== 'Allow') return false;
  return asList(get(statement, 'Principal', 'Service')).includes(LOG_DELIVERY_SERVICE);
}

/** S3 data buckets write server access logs, except buckets that are themselves access-log targets. */
export default defineRule({
  id: 'S3BucketAccessLogging',
  level: NagMessageLevel.ERROR,
  info: 'The S3 bucket does not write server access logs (no LoggingConfiguration.DestinationBucketName).',
  explanation:
    'Server access logs record every request to a bucket, including reads that CloudTrail data events may not be configured to catch; they answer "who read this file". Set LoggingConfiguration.DestinationBucketName to a separate log bucket (s3.Bucket serverAccessLogsBucket). Exemption, so the chain ends: a bucket that is itself an access-log bucket, shown by being the DestinationBucketName of another bucket in the same stack, by a bucket policy in the same stack that allows logging.s3.amazonaws.com, or by AccessControl LogDeliveryWrite.',
  resourceTypes: ['AWS::S3::Bucket'],
  controls: {
    'C1.a':
      'C1.a: server access logs are a monitoring data source for access to stored data',
    'NCSC-13':
      'NCSC-13: audit records of access to data in the bucket are collected',
  },
  source: 'CAF C1.a (monitoring coverage)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::S3::Bucket') return NagRuleCompliance.NOT_APPLICABLE;
    const dest = get(view.properties, 'LoggingConfiguration', 'DestinationBucketName');
    if (dest !== undefined && dest !== null && dest !== '') return NagRuleCompliance.COMPLIANT;
    if (view.properties.AccessControl === 'LogDeliveryWrite') return NagRuleCompliance.COMPLIANT;
    const isTarget = sameStackResources(node, 'AWS::S3::Bucket').some(
      (b) => b.logicalId !== view.logicalId && namesBucket(get(b.properties, 'LoggingConfiguration', 'DestinationBucketName'), view),
    );
    if (isTarget) return NagRuleCompliance.COMPLIANT;
    const logPolicy = sameStackResources(node, 'AWS::S3::BucketPolicy').some(
      (p) => namesBucket(p.properties.Bucket, view) && asList(get(p.properties, 'PolicyDocument', 'Statement')).some(grantsLogDelivery),
    );
    return logPolicy ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
