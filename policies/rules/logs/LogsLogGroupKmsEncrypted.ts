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
  resourceTypes: ['AWS::Logs::LogGroup'],
  controls: {
    'B3.c':
      'B3.c.2/B3.c.3: log events are stored data, protected by a key the trust controls',
    'C1.b':
      'C1.b: \'hold log data securely and grant access only to accounts with a business need\': the key policy is a second, audited gate on reading logs',
    'NCSC-2':
      'NCSC-2: log data at rest is encrypted under a customer-managed key',
  },
  source: 'NHS Cloud Security Good Practice Guide (encryption at rest); CAF C1.b (securing logs)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::Logs::LogGroup') return NagRuleCompliance.NOT_APPLICABLE;
    return customerKeyCompliance(node, view.properties.KmsKeyId);
  },
});
