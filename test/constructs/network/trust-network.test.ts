import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AuditLogArchive } from '../../../constructs/logging';
import { REMOVE_DEFAULT_SG_RULES_DOCUMENT, TrustNetwork } from '../../../constructs/network';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

describe('TrustNetwork', () => {
  let template: Template;
  let resources: Resources;
  let network: TrustNetwork;

  beforeAll(() => {
    // GIVEN an archive WHEN a network is added with flow logs to it
    const stack = new Stack(new App(), 'Test');
    const archive = new AuditLogArchive(stack, 'Archive');
    network = new TrustNetwork(stack, 'Network', { cidr: '10.30.0.0/16', flowLogBucket: archive.bucket });
    template = Template.fromStack(stack);
    resources = template.toJSON().Resources;
  });

  test('builds the VPC from the CIDR, with private, isolated and NAT-only public subnets over 2 AZs', () => {
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.30.0.0/16', EnableDnsHostnames: true, EnableDnsSupport: true });
    expect(network.vpc.privateSubnets).toHaveLength(2);
    expect(network.vpc.isolatedSubnets).toHaveLength(2);
    expect(network.vpc.publicSubnets).toHaveLength(2);
    expect(new Set(network.vpc.isolatedSubnets.map((s) => s.availabilityZone)).size).toBe(2);
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
    // Public subnets host only NAT gateways: nothing launched there gets a public IP.
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
  });

  test('gives isolated subnets no route to the internet, and private subnets a NAT route only', () => {
    const routes = Object.values(resources).filter((r) => r.Type === 'AWS::EC2::Route');
    const routesOf = (subnets: ec2.ISubnet[]) =>
      routes.filter((r) => subnets.some((s) => JSON.stringify(Stack.of(network).resolve(s.routeTable.routeTableId)) === JSON.stringify(r.Properties.RouteTableId)));
    expect(routesOf(network.vpc.isolatedSubnets)).toEqual([]);
    const privateRoutes = routesOf(network.vpc.privateSubnets);
    expect(privateRoutes).toHaveLength(2);
    for (const r of privateRoutes) {
      expect(r.Properties.NatGatewayId).toBeDefined();
      expect(r.Properties.GatewayId).toBeUndefined();
    }
  });

  test('sends flow logs of all traffic to the archive bucket', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 's3',
      LogDestination: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ArchiveBucket'), 'Arn'] }, '/vpc-flow-logs/']] },
    });
  });

  test('grants AWS log delivery write access to the archive in the bucket policy', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^ArchiveBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'delivery.logs.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: Match.objectLike({ StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
          Match.objectLike({ Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: ['s3:GetBucketAcl', 's3:ListBucket'] }),
        ]),
      },
    });
  });

  test('adds an S3 gateway endpoint and private-DNS interface endpoints for KMS, CloudWatch Logs, SSM and STS', () => {
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
      RouteTableIds: Match.arrayWith([{ Ref: Match.stringLikeRegexp('PrivateSubnet1RouteTable') }, { Ref: Match.stringLikeRegexp('IsolatedSubnet1RouteTable') }]),
    });
    const interfaces = Object.values(resources).filter((r) => r.Type === 'AWS::EC2::VPCEndpoint' && r.Properties.VpcEndpointType === 'Interface');
    const names = interfaces.map((r) => JSON.stringify(r.Properties.ServiceName));
    for (const svc of ['.kms', '.logs', '.ssm', '.sts']) expect(names.some((n) => n.includes(`"${svc}"`))).toBe(true);
    for (const r of interfaces) expect(r.Properties.PrivateDnsEnabled).toBe(true);
    expect(Object.keys(network.interfaceEndpoints).sort()).toEqual(['kms', 'logs', 'ssm', 'sts']);
  });

  test('lets only HTTPS from the VPC reach the endpoints', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [{ CidrIp: '10.30.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: 'HTTPS from the VPC' }],
    });
  });

  test('adding an endpoint twice returns the first one', () => {
    const again = network.addInterfaceEndpoint(ec2.InterfaceVpcEndpointAwsService.KMS);
    expect(again).toBe(network.interfaceEndpoints.kms);
  });

  test('keeps the default security group empty through AWS Config with automatic remediation, not a custom resource', () => {
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { Owner: 'AWS', SourceIdentifier: 'VPC_DEFAULT_SECURITY_GROUP_CLOSED' },
      Scope: { ComplianceResourceTypes: ['AWS::EC2::SecurityGroup'], ComplianceResourceId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetworkVpc'), 'DefaultSecurityGroup'] } },
    });
    template.hasResourceProperties('AWS::Config::RemediationConfiguration', {
      TargetType: 'SSM_DOCUMENT',
      TargetId: REMOVE_DEFAULT_SG_RULES_DOCUMENT,
      Automatic: true,
      Parameters: { GroupId: { ResourceValue: { Value: 'RESOURCE_ID' } }, AutomationAssumeRole: { StaticValue: { Values: [{ 'Fn::GetAtt': [Match.anyValue(), 'Arn'] }] } } },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ssm.amazonaws.com' } })] },
    });
    expect(Object.values(resources).filter((r) => r.Type.startsWith('Custom::') || r.Type === 'AWS::Lambda::Function')).toEqual([]);
  });

  test('works with no props: 10.20.0.0/16 and its own flow log archive', () => {
    const stack = new Stack(new App(), 'Minimal');
    new TrustNetwork(stack, 'Network');
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.20.0.0/16' });
    t.hasResourceProperties('AWS::S3::Bucket', { ObjectLockEnabled: true });
    t.resourceCountIs('AWS::EC2::FlowLog', 1);
  });

  test('fits a /24 with one NAT gateway and no config rule when asked', () => {
    const stack = new Stack(new App(), 'Small');
    const small = new TrustNetwork(stack, 'Network', { cidr: '192.168.4.0/24', natGateways: 1, closeDefaultSecurityGroup: false });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::EC2::NatGateway', 1);
    t.resourceCountIs('AWS::Config::ConfigRule', 0);
    expect(small.vpc.isolatedSubnets.map((s) => s.ipv4CidrBlock)).toEqual(['192.168.4.64/27', '192.168.4.96/27']);
  });

  test('fails a public CIDR', () => {
    const stack = new Stack(new App(), 'Bad');
    expect(() => new TrustNetwork(stack, 'Network', { cidr: '8.8.0.0/16' })).toThrow(
      "TrustNetwork Bad/Network: 'cidr' is not in a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16); got '8.8.0.0/16'.",
    );
  });

  test('fails a CIDR prefix outside /16 to /24', () => {
    const stack = new Stack(new App(), 'Bad');
    expect(() => new TrustNetwork(stack, 'Network', { cidr: '10.0.0.0/8' })).toThrow("TrustNetwork Bad/Network: 'cidr' has prefix /8; use a prefix from /16 to /24; got '10.0.0.0/8'");
  });

  test('fails a single AZ', () => {
    const stack = new Stack(new App(), 'Bad');
    expect(() => new TrustNetwork(stack, 'Network', { maxAzs: 1 })).toThrow("TrustNetwork Bad/Network: 'maxAzs' must be a whole number from 2 (one AZ is a single point of failure) to 6, got 1");
  });

  test('fails zero NAT gateways', () => {
    const stack = new Stack(new App(), 'Bad');
    expect(() => new TrustNetwork(stack, 'Network', { natGateways: 0 })).toThrow("TrustNetwork Bad/Network: 'natGateways' must be a whole number from 1 to maxAzs (2), got 0.");
  });
});
