import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { customerKeyCompliance } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** Secrets Manager secrets are encrypted with a customer-managed KMS key. */
export default defineRule({
  id: 'SecretsManagerSecretKmsEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The Secrets Manager secret is not encrypted with a customer-managed KMS key.',
  explanation:
    'Secrets unlock patient data stores and identity providers. A customer key adds a second, auditable permission on every read and allows cross-account use. Set KmsKeyId to a customer key (secretsmanager.Secret encryptionKey); without it the secret uses the AWS-managed aws/secretsmanager key.',
  controls: { dspt: ['B3.c', 'B2.d'], ncsc: [2, 9], source: 'NHS Cloud Security Good Practice Guide (encryption at rest); DSPT B3.c' },
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::SecretsManager::Secret') return NagRuleCompliance.NOT_APPLICABLE;
    return customerKeyCompliance(node, view.properties.KmsKeyId);
  },
});
