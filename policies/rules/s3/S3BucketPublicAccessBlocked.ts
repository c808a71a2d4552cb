import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get, isTrue } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';

const SETTINGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'] as const;

/** S3 buckets block all public access on the bucket itself (all four settings true). */
export default defineRule({
  id: 'S3BucketPublicAccessBlocked',
  level: NagMessageLevel.ERROR,
  info: 'The S3 bucket does not block public access with all four PublicAccessBlockConfiguration settings set to true.',
  explanation:
    'An account-level block can be changed by anyone who administers the account; a bucket-level block travels with the bucket and is visible in the template. Set PublicAccessBlockConfiguration with BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls and RestrictPublicBuckets all true (s3.Bucket blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL). Share data through signed URLs, CloudFront with origin access control, or IAM, never a public bucket.',
  resourceTypes: ['AWS::S3::Bucket'],
  controls: {
    'B3.c':
      'B3.c.2: stored data is protected from unauthorised access: no ACL or policy can make the bucket public',
    'NCSC-11':
      'NCSC-11: no public interface to stored data is exposed by accident',
    'NCSC-14':
      'NCSC-14 (secure use of the service): the customer chooses the service\'s closed setting rather than relying on the account default',
  },
  source: 'NHS Cloud Security Good Practice Guide (asset protection)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::S3::Bucket') return NagRuleCompliance.NOT_APPLICABLE;
    const block = get(view.properties, 'PublicAccessBlockConfiguration');
    return SETTINGS.every((s) => isTrue(get(block, s))) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
