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
  controls: { dspt: ['B3.c'], ncsc: [2], source: 'NHS Cloud Security Good Practice Guide (encryption at rest); DSPT B3.c' },
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::SNS::Topic') return NagRuleCompliance.NOT_APPLICABLE;
    return customerKeyCompliance(node, view.properties.KmsMasterKeyId);
  },
});
