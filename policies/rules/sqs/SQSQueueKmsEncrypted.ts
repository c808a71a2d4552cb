import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { customerKeyCompliance } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** SQS queues are encrypted with a customer-managed KMS key. */
export default defineRule({
  id: 'SQSQueueKmsEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The SQS queue is not encrypted with a customer-managed KMS key.',
  explanation:
    'Messages often carry patient identifiers between services. Set KmsMasterKeyId to a customer key (sqs.Queue encryption: KMS with encryptionMasterKey). SqsManagedSseEnabled (SQS-owned keys) and alias/aws/sqs are not customer-managed and do not qualify.',
  controls: { dspt: ['B3.c'], ncsc: [2], source: 'NHS Cloud Security Good Practice Guide (encryption at rest); DSPT B3.c' },
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::SQS::Queue') return NagRuleCompliance.NOT_APPLICABLE;
    return customerKeyCompliance(node, view.properties.KmsMasterKeyId);
  },
});
