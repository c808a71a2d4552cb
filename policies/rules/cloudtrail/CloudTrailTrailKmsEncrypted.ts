import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';

/** CloudTrail trails encrypt log files with a customer-managed KMS key (KMSKeyId set). */
export default defineRule({
  id: 'CloudTrailTrailKmsEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The CloudTrail trail does not encrypt its log files with a customer-managed KMS key (KMSKeyId is not set).',
  explanation:
    'Without KMSKeyId, trail logs are encrypted with S3-managed keys, so anyone who can read the bucket can read the trail. A customer-managed key adds a second, separately audited permission and lets the trust revoke access. Set KMSKeyId to the trust log key (cloudtrail.Trail encryptionKey).',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  controls: {
    'C1.b':
      'C1.b.5: \'access to log data is limited to those with business need\': reading the trail needs the key as well as the bucket',
    'B3.c':
      'B3.c.3: stored audit logs are protected by cryptography the trust controls',
    'NCSC-2':
      'NCSC-2: audit data at rest is encrypted under a customer-managed key',
  },
  source: 'CAF C1.b (securing logs); NHS Cloud Security Good Practice Guide (encryption at rest)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::CloudTrail::Trail') return NagRuleCompliance.NOT_APPLICABLE;
    const key = view.properties.KMSKeyId;
    // An intrinsic (Ref/GetAtt to a key, an imported key ARN) names a key; an empty string does not.
    if (key === undefined || key === null || key === '') return NagRuleCompliance.NON_COMPLIANT;
    return NagRuleCompliance.COMPLIANT;
  },
});
