import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get, isTrue } from '../../cfn';
import { isCustomerKey } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** Whether every EBS block device mapping in `mappings` is encrypted with a customer key; undefined when there are none. */
function mappingsEncrypted(node: Parameters<typeof cfnView>[0], mappings: unknown): boolean | undefined {
  if (mappings === undefined) return undefined;
  if (!Array.isArray(mappings)) return false;
  // Instance-store (VirtualName) and suppressed (NoDevice) mappings carry no EBS volume.
  const ebs = mappings.filter((m) => get(m, 'VirtualName') === undefined && get(m, 'NoDevice') === undefined);
  return ebs.every((m) => isTrue(get(m, 'Ebs', 'Encrypted')) && isCustomerKey(node, get(m, 'Ebs', 'KmsKeyId')));
}

/** EBS volumes, and the block devices of EC2 instances and launch templates, are encrypted with a customer-managed KMS key. */
export default defineRule({
  id: 'EC2VolumeKmsEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The EBS volume (or an instance or launch template block device) is not encrypted with a customer-managed KMS key.',
  explanation:
    'Volumes hold copies of whatever the instance processes, including patient data in temporary files and swap. Set Encrypted: true and KmsKeyId to a customer key on AWS::EC2::Volume, and on every Ebs block device mapping of AWS::EC2::Instance and AWS::EC2::LaunchTemplate (ec2.BlockDeviceVolume.ebs(size, { encrypted: true, kmsKey })). An instance or launch template without block device mappings takes its root volume from the AMI unencrypted by this template, and fails; an instance that uses a launch template is judged at the template.',
  resourceTypes: ['AWS::EC2::Volume', 'AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate'],
  controls: {
    'B3.c':
      'B3.c: an EBS volume is stored data protected by technical means (B3.c.2) with cryptography the trust controls and can revoke (B3.c.3)',
    'NCSC-2':
      'NCSC-2: an EBS volume at rest is encrypted under a customer-managed key',
  },
  source: 'NHS Cloud Security Good Practice Guide (encryption at rest); NHS Cloud Centre of Excellence direction (AES-256 at rest)',
  check: (node) => {
    const view = cfnView(node);
    const p = view.properties;
    let ok: boolean | undefined;
    switch (view.type) {
      case 'AWS::EC2::Volume':
        ok = isTrue(p.Encrypted) && isCustomerKey(node, p.KmsKeyId);
        break;
      case 'AWS::EC2::Instance':
        if (p.BlockDeviceMappings === undefined && p.LaunchTemplate !== undefined) return NagRuleCompliance.NOT_APPLICABLE;
        ok = mappingsEncrypted(node, p.BlockDeviceMappings) ?? false;
        break;
      case 'AWS::EC2::LaunchTemplate':
        ok = mappingsEncrypted(node, get(p, 'LaunchTemplateData', 'BlockDeviceMappings')) ?? false;
        break;
      default:
        return NagRuleCompliance.NOT_APPLICABLE;
    }
    return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
