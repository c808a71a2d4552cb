import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, isTrue } from '../../cfn';
import { isCustomerKey } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** EFS file systems are encrypted with a customer-managed KMS key. */
export default defineRule({
  id: 'EFSFileSystemKmsEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The EFS file system is not encrypted with a customer-managed KMS key.',
  explanation:
    'Shared file systems hold documents, images and exports. Set Encrypted: true and KmsKeyId to a customer key (efs.FileSystem kmsKey); Encrypted alone uses the AWS-managed aws/elasticfilesystem key. Encryption is fixed at creation: changing it replaces the file system.',
  resourceTypes: ['AWS::EFS::FileSystem'],
  controls: {
    'B3.c':
      'B3.c: a shared file is stored data protected by technical means (B3.c.2) with cryptography the trust controls and can revoke (B3.c.3)',
    'NCSC-2':
      'NCSC-2: a shared file at rest is encrypted under a customer-managed key',
  },
  source: 'NHS Cloud Security Good Practice Guide (encryption at rest); NHS Cloud Centre of Excellence direction (AES-256 at rest)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::EFS::FileSystem') return NagRuleCompliance.NOT_APPLICABLE;
    return isTrue(view.properties.Encrypted) && isCustomerKey(node, view.properties.KmsKeyId) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
