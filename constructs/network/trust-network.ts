import { Arn, Aws, Stack, Token } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { throwIfProblems, type PropsProblem } from '../core/errors';
import { DesignFindings } from '../core/design-findings';
import { cidrProblem } from './cidr';
import { AuditLogArchive } from '../logging/audit-log-archive';

/** Props of a {@link TrustNetwork}. */
export interface TrustNetworkProps {
  /**
   * The VPC's IPv4 CIDR: a private block from /16 to /24.
   *
   * @default - '10.20.0.0/16'
   */
  readonly cidr?: string;
  /**
   * How many Availability Zones the subnets span (at least 2).
   *
   * @default - 2
   */
  readonly maxAzs?: number;
  /**
   * NAT gateways giving the private subnets outbound internet access (1 to `maxAzs`).
   * One per AZ keeps egress working when an AZ fails; one in total costs less.
   *
   * @default - one per Availability Zone
   */
  readonly natGateways?: number;
  /**
   * The bucket VPC flow logs (all traffic) are delivered to.
   *
   * @default - a new AuditLogArchive with its defaults
   */
  readonly flowLogBucket?: s3.IBucket;
  /**
   * AWS services reached through interface endpoints with private DNS, so calls to them never
   * leave the VPC. S3 always has a gateway endpoint.
   *
   * @default - KMS, CloudWatch Logs, SSM and STS
   */
  readonly interfaceEndpoints?: ec2.InterfaceVpcEndpointAwsService[];
  /**
   * Keep the VPC's default security group empty through an AWS Config rule
   * (VPC_DEFAULT_SECURITY_GROUP_CLOSED) with automatic SSM remediation. The rule needs an
   * AWS Config recorder in the account and region.
   *
   * @default true
   */
  readonly closeDefaultSecurityGroup?: boolean;
}

/** The CDK feature flag that makes a flow log add its own bucket policy statements. */
const CREATE_DEFAULT_LOGGING_POLICY = '@aws-cdk/aws-s3:createDefaultLoggingPolicy';

/** The SSM Automation runbook AWS publishes to strip every rule from a default security group. */
export const REMOVE_DEFAULT_SG_RULES_DOCUMENT = 'AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules';

/** The default interface endpoints: the services every trust stack calls. */
export const DEFAULT_INTERFACE_ENDPOINTS: readonly ec2.InterfaceVpcEndpointAwsService[] = [
  ec2.InterfaceVpcEndpointAwsService.KMS,
  ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  ec2.InterfaceVpcEndpointAwsService.SSM,
  ec2.InterfaceVpcEndpointAwsService.STS,
];

/**
 * The trust's VPC: private subnets (outbound through NAT) and isolated subnets (no route to
 * the internet at all) over two or more AZs, VPC flow logs of all traffic to the audit
 * archive, endpoints so AWS calls stay inside the VPC, and a default security group kept empty.
 *
 * Subnet groups: `Private` for workloads that must reach NHS or third-party services over
 * the internet, `Isolated` for data and for workloads that only call AWS (through
 * endpoints), and `Public`, which holds only the NAT gateways and never assigns public IPs.
 */
export class TrustNetwork extends Construct {
  /** The VPC. */
  public readonly vpc: ec2.Vpc;
  /** The security group of the interface endpoints (HTTPS from inside the VPC only). */
  public readonly endpointSecurityGroup: ec2.SecurityGroup;
  /** The interface endpoints, by service short name (for example 'kms'). */
  public readonly interfaceEndpoints: Record<string, ec2.InterfaceVpcEndpoint> = {};
  /** The S3 gateway endpoint. */
  public readonly s3Endpoint: ec2.GatewayVpcEndpoint;
  /** The flow log (all traffic, to S3). */
  public readonly flowLog: ec2.FlowLog;
  /** The AWS Config rule checking the default security group, when `closeDefaultSecurityGroup` is on. */
  public readonly defaultSecurityGroupRule?: config.ManagedRule;

  constructor(scope: Construct, id: string, props: TrustNetworkProps = {}) {
    super(scope, id);
    // The flow log grants AWS log delivery its write access in the bucket policy whatever the
    // app's feature flags say; otherwise the service edits the policy itself at deploy time
    // and the next stack update silently removes the grant. Set before any child exists.
    this.node.setContext(CREATE_DEFAULT_LOGGING_POLICY, true);
    throwIfProblems(`TrustNetwork ${this.node.path}`, trustNetworkProblems(props));
    const cidr = props.cidr ?? '10.20.0.0/16';
    const prefix = Number(cidr.split('/')[1]);
    const maxAzs = props.maxAzs ?? 2;
    const natGateways = props.natGateways ?? maxAzs;

    // Name the AZs when the region is known: otherwise a stack with an account makes CDK look
    // them up in the account, and synth would need AWS credentials.
    const region = Stack.of(this).region;
    const zones = Token.isUnresolved(region) ? undefined : ['a', 'b', 'c', 'd', 'e', 'f'].slice(0, maxAzs).map((z) => `${region}${z}`);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      ...(zones ? { availabilityZones: zones } : { maxAzs }),
      natGateways,
      // The CDK option deploys a Lambda-backed custom resource; the Config rule below keeps
      // the default group empty natively instead.
      restrictDefaultSecurityGroup: false,
      // Largest first, so every block stays aligned.
      subnetConfiguration: [
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: prefix + 3 },
        { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: prefix + 3 },
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: Math.max(prefix + 4, 24), mapPublicIpOnLaunch: false },
      ],
    });
    DesignFindings.of(this.vpc)
      .addAll(
        ['HIPAA.Security-VPCNoUnrestrictedRouteToIGW', 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW'],
        'The routes to the internet gateway are in the public subnets, which hold only the NAT gateways giving the private subnets egress; they assign no public IPs and nothing else runs there.',
      )
      .addAll(
        ['HIPAA.Security-VPCDefaultSecurityGroupClosed', 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed'],
        "The rule recognises only CDK's Lambda-backed custom resource. The default security group is kept empty natively by the AWS Config rule VPC_DEFAULT_SECURITY_GROUP_CLOSED with automatic SSM remediation (Network/DefaultSecurityGroupClosed).",
      );

    const flowLogBucket = props.flowLogBucket ?? new AuditLogArchive(this, 'FlowLogArchive').bucket;
    this.flowLog = this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toS3(flowLogBucket, 'vpc-flow-logs/'),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    this.s3Endpoint = this.vpc.addGatewayEndpoint('S3Endpoint', {
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }, { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });

    this.endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'Rootstock interface endpoints: HTTPS from inside the VPC only',
      allowAllOutbound: false,
    });
    // The literal CIDR rather than the VPC's attribute, so rule checks can read the source.
    this.endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), 'HTTPS from the VPC');
    for (const service of props.interfaceEndpoints ?? DEFAULT_INTERFACE_ENDPOINTS) this.addInterfaceEndpoint(service);

    if (props.closeDefaultSecurityGroup ?? true) this.defaultSecurityGroupRule = this.closeDefaultSecurityGroup();
  }

  /**
   * Adds an interface endpoint (private DNS, isolated subnets, HTTPS from the VPC only) for
   * one AWS service. Adding the same service twice returns the existing endpoint.
   */
  public addInterfaceEndpoint(service: ec2.InterfaceVpcEndpointAwsService): ec2.InterfaceVpcEndpoint {
    const key = service.shortName;
    const existing = this.interfaceEndpoints[key];
    if (existing) return existing;
    const endpoint = this.vpc.addInterfaceEndpoint(`${endpointId(key)}Endpoint`, {
      service,
      privateDnsEnabled: true,
      open: false,
      securityGroups: [this.endpointSecurityGroup],
      subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    this.interfaceEndpoints[key] = endpoint;
    return endpoint;
  }

  private closeDefaultSecurityGroup(): config.ManagedRule {
    const rule = new config.ManagedRule(this, 'DefaultSecurityGroupClosed', {
      identifier: config.ManagedRuleIdentifiers.VPC_DEFAULT_SECURITY_GROUP_CLOSED,
      description: 'The default security group of the Rootstock VPC has no inbound or outbound rules.',
      ruleScope: config.RuleScope.fromResource(config.ResourceType.EC2_SECURITY_GROUP, this.vpc.vpcDefaultSecurityGroup),
    });

    const stack = Stack.of(this);
    const role = new iam.Role(this, 'DefaultSecurityGroupRemediationRole', {
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
      description: `Lets SSM Automation (${REMOVE_DEFAULT_SG_RULES_DOCUMENT}) strip rules from the Rootstock VPC's default security group.`,
    });
    // A customer-managed policy, not an inline one, so it can be reviewed and reused on its own.
    const policy = new iam.ManagedPolicy(this, 'DefaultSecurityGroupRemediationPolicy', {
      description: `What ${REMOVE_DEFAULT_SG_RULES_DOCUMENT} needs, scoped to the Rootstock VPC's default security group.`,
      statements: [
        new iam.PolicyStatement({
          sid: 'RevokeRulesOfTheDefaultGroupOnly',
          actions: ['ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress'],
          resources: [stack.formatArn({ service: 'ec2', resource: 'security-group', resourceName: this.vpc.vpcDefaultSecurityGroup })],
        }),
        new iam.PolicyStatement({
          sid: 'RunTheRunbook',
          actions: ['ssm:StartAutomationExecution', 'ssm:GetAutomationExecution'],
          resources: [
            Arn.format({ partition: Aws.PARTITION, region: Aws.REGION, service: 'ssm', account: '*', resource: 'automation-definition', resourceName: `${REMOVE_DEFAULT_SG_RULES_DOCUMENT}:*` }),
            Arn.format({ partition: Aws.PARTITION, region: Aws.REGION, account: Aws.ACCOUNT_ID, service: 'ssm', resource: 'automation-execution', resourceName: '*' }),
          ],
        }),
        new iam.PolicyStatement({
          sid: 'DescribeSecurityGroups',
          // Describe calls do not support resource-level permissions.
          actions: ['ec2:DescribeSecurityGroups'],
          resources: ['*'],
        }),
      ],
    });
    role.addManagedPolicy(policy);
    DesignFindings.of(policy).addAll(
      [
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:*:automation-definition/AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules:*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:automation-execution/*]',
      ],
      'ec2:DescribeSecurityGroups has no resource-level permissions; the AWS-owned remediation runbook is versioned by AWS; automation execution ids are made at run time. The revoke actions are scoped to the default security group.',
    );

    const remediation = new config.CfnRemediationConfiguration(this, 'DefaultSecurityGroupRemediation', {
      configRuleName: rule.configRuleName,
      targetType: 'SSM_DOCUMENT',
      targetId: REMOVE_DEFAULT_SG_RULES_DOCUMENT,
      automatic: true,
      maximumAutomaticAttempts: 5,
      retryAttemptSeconds: 60,
      parameters: {
        AutomationAssumeRole: { StaticValue: { Values: [role.roleArn] } },
        GroupId: { ResourceValue: { Value: 'RESOURCE_ID' } },
      },
    });
    remediation.node.addDependency(rule);
    return rule;
  }
}

/** `ecr.dkr` -> `EcrDkr`: a stable, readable construct id per service. */
function endpointId(shortName: string): string {
  return shortName.split(/[^a-zA-Z0-9]+/).filter(Boolean).map((p) => p[0].toUpperCase() + p.slice(1)).join('');
}

/** What is wrong with a {@link TrustNetwork}'s props (empty when nothing is). */
export function trustNetworkProblems(props: Pick<TrustNetworkProps, 'cidr' | 'maxAzs' | 'natGateways'>): PropsProblem[] {
  const problems: PropsProblem[] = [];
  if (props.cidr !== undefined && !Token.isUnresolved(props.cidr)) {
    const why = cidrProblem(props.cidr);
    if (why) problems.push({ field: 'cidr', message: `${why}; got '${props.cidr}'. Use a private block from /16 to /24, like 10.20.0.0/16` });
  }
  const maxAzs = props.maxAzs ?? 2;
  if (!Number.isInteger(maxAzs) || maxAzs < 2 || maxAzs > 6) {
    problems.push({ field: 'maxAzs', message: `must be a whole number from 2 (one AZ is a single point of failure) to 6, got ${maxAzs}` });
  }
  const natGateways = props.natGateways ?? maxAzs;
  if (!Number.isInteger(natGateways) || natGateways < 1 || natGateways > maxAzs) {
    problems.push({ field: 'natGateways', message: `must be a whole number from 1 to maxAzs (${maxAzs}), got ${natGateways}. The private subnets need at least one NAT gateway for outbound traffic` });
  }
  return problems;
}
