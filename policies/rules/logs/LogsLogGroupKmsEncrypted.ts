import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { customerKeyCompliance } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** CloudWatch log groups are encrypted with a customer-managed KMS key. */
export default defineRule({
  id: 'LogsLogGroupKmsEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The CloudWatch log group is not encrypted with a customer-managed KMS key.',
  explanation:
    'Logs record who did what and often echo request data; a customer key lets the trust restrict who can read them, separately from CloudWatch permissions. Set KmsKeyId to the ARN of a customer key (logs.LogGroup encryptionKey) whose key policy allows logs.<region>.amazonaws.com.',
  controls: { dspt: ['B3.c', 'C1.b'], ncsc: [2, 13], source: 'NHS Cloud Security Good Practice Guide (encryption at rest); DSPT B3.c and C1.b (securing logs)' },
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::Logs::LogGroup') return NagRuleCompliance.NOT_APPLICABLE;
    return customerKeyCompliance(node, view.properties.KmsKeyId);
  },
});
