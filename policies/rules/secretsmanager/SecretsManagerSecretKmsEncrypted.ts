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
  resourceTypes: ['AWS::SecretsManager::Secret'],
  controls: {
    'B3.c':
      'B3.c: a stored secret is stored data protected by technical means (B3.c.2) with cryptography the trust controls and can revoke (B3.c.3)',
    'NCSC-2':
      'NCSC-2: a stored secret at rest is encrypted under a customer-managed key',
  },
  source: 'NHS Cloud Security Good Practice Guide (encryption at rest); NHS Cloud Centre of Excellence direction (AES-256 at rest)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::SecretsManager::Secret') return NagRuleCompliance.NOT_APPLICABLE;
    return customerKeyCompliance(node, view.properties.KmsKeyId);
  },
});
