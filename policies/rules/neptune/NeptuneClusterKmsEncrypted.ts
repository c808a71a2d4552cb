import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, isTrue } from '../../cfn';
import { isCustomerKey } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** Neptune clusters encrypt storage with a customer-managed KMS key. */
export default defineRule({
  id: 'NeptuneClusterKmsEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The Neptune DB cluster is not encrypted at rest with a customer-managed KMS key (StorageEncrypted true and KmsKeyId).',
  explanation:
    'A graph database holds relationships between people and records. Set StorageEncrypted: true and KmsKeyId to a customer key on AWS::Neptune::DBCluster (neptune.DatabaseCluster storageEncrypted with kmsKey); without KmsKeyId Neptune uses the AWS-managed aws/rds key. Encryption is fixed at creation: changing it replaces the cluster. Encryption in transit: Neptune clusters refuse non-TLS connections by default (neptune_enforce_ssl), which no template property can weaken below TLS 1.2.',
  resourceTypes: ['AWS::Neptune::DBCluster'],
  controls: {
    'B3.c': 'B3.c: graph data is stored data protected by technical means (B3.c.2) with cryptography the trust controls and can revoke (B3.c.3)',
    'NCSC-2': 'NCSC-2: Neptune storage at rest is encrypted under a customer-managed key',
  },
  source: 'NHS Cloud Security Good Practice Guide (encryption at rest); NHS Cloud Centre of Excellence direction (AES-256 at rest)',
  check: (node) => {
    const p = cfnView(node).properties;
    return isTrue(p.StorageEncrypted) && isCustomerKey(node, p.KmsKeyId) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
