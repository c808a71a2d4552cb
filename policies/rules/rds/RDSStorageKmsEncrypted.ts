import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, isTrue } from '../../cfn';
import { isCustomerKey, isDatabaseJudgedHere } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** RDS DB instances and Aurora / Multi-AZ DB clusters encrypt storage with a customer-managed KMS key. */
export default defineRule({
  id: 'RDSStorageKmsEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The RDS database storage is not encrypted with a customer-managed KMS key.',
  explanation:
    'Databases hold patient and operational records; a customer-managed key keeps control of the data, its snapshots and replicas with the trust. Set StorageEncrypted: true and KmsKeyId to a customer key on AWS::RDS::DBInstance or AWS::RDS::DBCluster (rds.DatabaseInstance / DatabaseCluster storageEncryptionKey). An instance that belongs to a cluster (DBClusterIdentifier) is judged at the cluster. Encryption cannot be added in place: restore a snapshot copy encrypted with the key.',
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  controls: {
    'B3.c':
      'B3.c: database storage is stored data protected by technical means (B3.c.2) with cryptography the trust controls and can revoke (B3.c.3)',
    'NCSC-2':
      'NCSC-2: database storage at rest is encrypted under a customer-managed key',
  },
  source: 'NHS Cloud Security Good Practice Guide (encryption at rest); NHS Cloud Centre of Excellence direction (AES-256 at rest)',
  check: (node) => {
    const view = cfnView(node);
    const p = view.properties;
    if (!isDatabaseJudgedHere(view)) return NagRuleCompliance.NOT_APPLICABLE;
    return isTrue(p.StorageEncrypted) && isCustomerKey(node, p.KmsKeyId) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
