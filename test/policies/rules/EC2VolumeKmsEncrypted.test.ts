import { Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import rule from '../../../policies/rules/ec2/EC2VolumeKmsEncrypted';
import { violationsOf } from '../harness';

const ami = ec2.MachineImage.genericLinux({ 'eu-west-2': 'ami-0123456789abcdef0' });
const instanceType = new ec2.InstanceType('t3.micro');

describe('EC2VolumeKmsEncrypted: EBS volumes and instance / launch template block devices use a customer-managed KMS key', () => {
  test('fails a volume encrypted with the default aws/ebs key (L2)', () => {
    expect(
      violationsOf(rule, (s) => new ec2.Volume(s, 'Volume', { availabilityZone: 'eu-west-2a', size: Size.gibibytes(8), encrypted: true })),
    ).toEqual(['Volume/Resource']);
  });

  test('fails an unencrypted CfnVolume (L1)', () => {
    expect(violationsOf(rule, (s) => new ec2.CfnVolume(s, 'Volume', { availabilityZone: 'eu-west-2a', size: 8 }))).toEqual(['Volume']);
  });

  test('fails an instance whose block device is unencrypted (L2)', () => {
    expect(
      violationsOf(rule, (s) => {
        const vpc = new ec2.Vpc(s, 'Vpc', { natGateways: 0 });
        new ec2.Instance(s, 'Instance', { vpc, instanceType, machineImage: ami, blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(8) }] });
      }),
    ).toEqual(['Instance/Resource']);
  });

  test('fails a CfnInstance without block device mappings, whose root volume is not encrypted by the template (L1)', () => {
    expect(violationsOf(rule, (s) => new ec2.CfnInstance(s, 'Instance', { imageId: 'ami-0123456789abcdef0' }))).toEqual(['Instance']);
  });

  test('fails a launch template without encrypted block devices (L2)', () => {
    expect(violationsOf(rule, (s) => new ec2.LaunchTemplate(s, 'Template', { machineImage: ami, instanceType }))).toEqual(['Template/Resource']);
  });

  test('fails a CfnLaunchTemplate whose EBS mapping is encrypted without a key (L1)', () => {
    expect(
      violationsOf(rule, (s) => new ec2.CfnLaunchTemplate(s, 'Template', {
        launchTemplateData: { blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { encrypted: true, volumeSize: 8 } }] },
      })),
    ).toEqual(['Template']);
  });

  test('passes volumes, instances and launch templates encrypted with a customer key', () => {
    expect(
      violationsOf(rule, (s) => {
        const key = new kms.Key(s, 'Key');
        const vpc = new ec2.Vpc(s, 'Vpc', { natGateways: 0 });
        const blockDevices = [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true, kmsKey: key }) }];
        new ec2.Volume(s, 'Volume', { availabilityZone: 'eu-west-2a', size: Size.gibibytes(8), encrypted: true, encryptionKey: key });
        new ec2.Instance(s, 'Instance', { vpc, instanceType, machineImage: ami, blockDevices });
        new ec2.LaunchTemplate(s, 'Template', { machineImage: ami, instanceType, blockDevices });
      }),
    ).toEqual([]);
  });

  test('does not apply to an instance launched from a template (judged at the template) or to other resources', () => {
    expect(
      violationsOf(rule, (s) => {
        new ec2.CfnInstance(s, 'Instance', { launchTemplate: { launchTemplateId: 'lt-0123456789abcdef0', version: '1' } });
        new ec2.CfnVPC(s, 'Vpc', { cidrBlock: '10.0.0.0/16' });
      }),
    ).toEqual([]);
  });
});
