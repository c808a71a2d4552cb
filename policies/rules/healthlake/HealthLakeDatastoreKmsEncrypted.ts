import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get } from '../../cfn';
import { isCustomerKey } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** HealthLake FHIR data stores are encrypted with a customer-managed KMS key. */
export default defineRule({
  id: 'HealthLakeDatastoreKmsEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The HealthLake FHIR data store is not encrypted with a customer-managed KMS key.',
  explanation:
    'A FHIR store is the patient record itself. Set SseConfiguration.KmsEncryptionConfig { CmkType: CUSTOMER_MANAGED_KMS_KEY, KmsKeyId: <customer key> }; AWS_OWNED_KMS_KEY (the default) does not qualify. Encryption is fixed at creation: changing it replaces the store and deletes its data, so get it right before loading records.',
  resourceTypes: ['AWS::HealthLake::FHIRDatastore'],
  controls: {
    'B3.c':
      'B3.c: the FHIR patient record is stored data protected by technical means (B3.c.2) with cryptography the trust controls and can revoke (B3.c.3)',
    'NCSC-2':
      'NCSC-2: the FHIR patient record at rest is encrypted under a customer-managed key',
  },
  source: 'NHS Cloud Security Good Practice Guide (encryption at rest); NHS Cloud Centre of Excellence direction (AES-256 at rest)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::HealthLake::FHIRDatastore') return NagRuleCompliance.NOT_APPLICABLE;
    const cfg = get(view.properties, 'SseConfiguration', 'KmsEncryptionConfig');
    return get(cfg, 'CmkType') === 'CUSTOMER_MANAGED_KMS_KEY' && isCustomerKey(node, get(cfg, 'KmsKeyId'))
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
});
