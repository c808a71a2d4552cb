import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get, isTrue } from '../../cfn';
import { isCustomerKey } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** DynamoDB tables and global tables are encrypted with a customer-managed KMS key. */
export default defineRule({
  id: 'DynamoDBTableKmsEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The DynamoDB table is not encrypted with a customer-managed KMS key.',
  explanation:
    'Without SSESpecification DynamoDB uses an AWS-owned key the trust cannot audit or revoke; SSEType KMS without a key uses the AWS-managed alias/aws/dynamodb. On AWS::DynamoDB::Table set SSESpecification { SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: <customer key> } (dynamodb.Table encryption: CUSTOMER_MANAGED with encryptionKey). On AWS::DynamoDB::GlobalTable set SSESpecification { SSEEnabled: true, SSEType: KMS } and a KMSMasterKeyId in every replica\'s SSESpecification (dynamodb.TableV2 encryption: TableEncryptionV2.customerManagedKey).',
  resourceTypes: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
  controls: {
    'B3.c':
      'B3.c: a DynamoDB table is stored data protected by technical means (B3.c.2) with cryptography the trust controls and can revoke (B3.c.3)',
    'NCSC-2':
      'NCSC-2: a DynamoDB table at rest is encrypted under a customer-managed key',
  },
  source: 'NHS Cloud Security Good Practice Guide (encryption at rest); NHS Cloud Centre of Excellence direction (AES-256 at rest)',
  check: (node) => {
    const view = cfnView(node);
    const sse = view.properties.SSESpecification;
    if (view.type === 'AWS::DynamoDB::Table') {
      const type = get(sse, 'SSEType') ?? 'KMS';
      const ok = isTrue(get(sse, 'SSEEnabled')) && type === 'KMS' && isCustomerKey(node, get(sse, 'KMSMasterKeyId'));
      return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    if (view.type === 'AWS::DynamoDB::GlobalTable') {
      const replicas = view.properties.Replicas;
      const ok =
        isTrue(get(sse, 'SSEEnabled')) &&
        get(sse, 'SSEType') === 'KMS' &&
        Array.isArray(replicas) &&
        replicas.length > 0 &&
        replicas.every((r) => isCustomerKey(node, get(r, 'SSESpecification', 'KMSMasterKeyId')));
      return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.NOT_APPLICABLE;
  },
});
