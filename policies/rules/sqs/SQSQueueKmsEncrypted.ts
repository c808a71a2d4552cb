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
  resourceTypes: ['AWS::SQS::Queue'],
  controls: {
    'B3.c':
      'B3.c: a queued message is stored data protected by technical means (B3.c.2) with cryptography the trust controls and can revoke (B3.c.3)',
    'NCSC-2':
      'NCSC-2: a queued message at rest is encrypted under a customer-managed key',
  },
  source: 'NHS Cloud Security Good Practice Guide (encryption at rest); NHS Cloud Centre of Excellence direction (AES-256 at rest)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::SQS::Queue') return NagRuleCompliance.NOT_APPLICABLE;
    return customerKeyCompliance(node, view.properties.KmsMasterKeyId);
  },
});
