import { CfnParameter, type Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/ec2/EC2SecurityGroupNoPublicAdminIngress';
import { violationsOf } from '../harness';

describe('EC2SecurityGroupNoPublicAdminIngress: no 0.0.0.0/0 or ::/0 ingress to admin or database ports', () => {
  const withVpc = (build: (vpc: ec2.IVpc, s: Stack) => void) => (s: Stack) =>
    build(ec2.Vpc.fromVpcAttributes(s, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['eu-west-2a'] }), s);

  test('fails SSH open to 0.0.0.0/0 (L2)', () => {
    expect(
      violationsOf(
        rule,
        withVpc((vpc, s) => new ec2.SecurityGroup(s, 'Sg', { vpc }).addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22))),
      ),
    ).toEqual(['Sg/Resource']);
  });

  test('fails PostgreSQL open to ::/0 (L2)', () => {
    expect(
      violationsOf(
        rule,
        withVpc((vpc, s) => new ec2.SecurityGroup(s, 'Sg', { vpc }).addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(5432))),
      ),
    ).toEqual(['Sg/Resource']);
  });

  test('fails all traffic (protocol -1) open to the internet (L2)', () => {
    expect(
      violationsOf(
        rule,
        withVpc((vpc, s) => new ec2.SecurityGroup(s, 'Sg', { vpc }).addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.allTraffic())),
      ),
    ).toEqual(['Sg/Resource']);
  });

  test('fails a port range covering RDP in a CfnSecurityGroup (L1)', () => {
    expect(
      violationsOf(
        rule,
        (s) =>
          new ec2.CfnSecurityGroup(s, 'Sg', {
            groupDescription: 'x',
            securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 3000, toPort: 4000, cidrIp: '0.0.0.0/0' }],
          }),
      ),
    ).toEqual(['Sg']);
  });

  test('fails a standalone CfnSecurityGroupIngress to MySQL (L1)', () => {
    expect(
      violationsOf(rule, (s) => new ec2.CfnSecurityGroupIngress(s, 'In', { groupId: 'sg-1', ipProtocol: 'tcp', fromPort: 3306, toPort: 3306, cidrIp: '0.0.0.0/0' })),
    ).toEqual(['In']);
  });

  test('fails closed on a source CIDR that cannot be resolved', () => {
    expect(
      violationsOf(rule, (s) => {
        const cidr = new CfnParameter(s, 'Cidr', { type: 'String' });
        new ec2.CfnSecurityGroupIngress(s, 'In', { groupId: 'sg-1', ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: cidr.valueAsString });
      }),
    ).toEqual(['In']);
  });

  test('passes HTTPS and ICMP open to the internet, and SSH from a private range', () => {
    expect(
      violationsOf(
        rule,
        withVpc((vpc, s) => {
          const sg = new ec2.SecurityGroup(s, 'Sg', { vpc });
          sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
          sg.addIngressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(22));
          sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.allIcmp());
        }),
      ),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
