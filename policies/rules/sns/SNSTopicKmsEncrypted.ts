import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { customerKeyCompliance } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** SNS topics are encrypted with a customer-managed KMS key. */
export default defineRule({
  id: 'SNSTopicKmsEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The SNS topic is not encrypted with a customer-managed KMS key.',
  explanation:
    'Notifications can carry resource names, findings and patient identifiers. Set KmsMasterKeyId to a customer key (sns.Topic masterKey) whose key policy lets the publishing services use it; alias/aws/sns does not qualify (and cannot be used by CloudWatch alarms or EventBridge).',
  resourceTypes: ['AWS::SNS::Topic'],
  controls: {
    'B3.c':
      'B3.c: a stored notification is stored data protected by technical means (B3.c.2) with cryptography the trust controls and can revoke (B3.c.3)',
    'NCSC-2':
      'NCSC-2: a stored notification at rest is encrypted under a customer-managed key',
  },
  source: 'NHS Cloud Security Good Practice Guide (encryption at rest); NHS Cloud Centre of Excellence direction (AES-256 at rest)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::SNS::Topic') return NagRuleCompliance.NOT_APPLICABLE;
    return customerKeyCompliance(node, view.properties.KmsMasterKeyId);
  },
});
