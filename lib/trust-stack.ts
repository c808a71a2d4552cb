import { Aws, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { resolveTrustConfig } from './config/loader';
import type { TrustConfig, TrustConfigInput } from './config/schema';
import { ROOTSTOCK_VERSION } from './version';
import { KeyRing } from '../constructs/keys';
import { AuditLogArchive, SecurityAlarms, TrustTrail } from '../constructs/logging';
import { TrustNetwork } from '../constructs/network';
import { TrustBackup } from '../constructs/backup';
import { addSecurityOperations, type SecurityOperations } from './security-operations';
import { acknowledgeDesignFindings } from './acknowledgements';
import { TrustIdentity } from '../constructs/identity';
import { trustIdentityProps } from './config/identity';
import { AuditedFhirStore, fhirDesignFindings } from '../constructs/fhir';
import { acknowledge } from '../policies/acknowledge';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DESIGN_REVIEW } from './acknowledgements';

/**
 * Props of a trust's stack: the trust config's fields (exactly as in `trusts/*.yaml`) plus
 * the usual stack props. Validated by the same schema as the YAML files.
 */
export interface TrustStackProps extends Omit<StackProps, 'env'>, TrustConfigInput {}

/** The tag keys stamped on every trust stack. */
export const TAG_VERSION = 'rootstock:version';
export const TAG_ODS_CODE = 'nhs:ods-code';
export const TAG_ENVIRONMENT = 'nhs:environment';

/** The conventional stack name for a trust: `Rootstock-<ODS>-<environment>`. */
export function trustStackName(config: Pick<TrustConfig, 'odsCode' | 'environment'>): string {
  return `Rootstock-${config.odsCode}-${config.environment}`;
}

/**
 * One NHS trust's stack, composed from Rootstock's building blocks.
 *
 * `new TrustStack(app, 'Id', { odsCode: 'RH8', name: '...', environment: 'test' })`.
 */
export class TrustStack extends Stack {
  /** The validated config this stack was built from, defaults applied. */
  public readonly config: TrustConfig;
  /** The trust's KMS keys (logs, data, backup). */
  public readonly keys: KeyRing;
  /** The immutable audit log archive (Object Lock COMPLIANCE). */
  public readonly archive: AuditLogArchive;
  /** The multi-region CloudTrail, delivering to the archive and to CloudWatch Logs. */
  public readonly trail: TrustTrail;
  /** CIS monitoring alarms on the trail, to an encrypted topic. */
  public readonly alarms: SecurityAlarms;
  /** The VPC with flow logs and endpoints. */
  public readonly network: TrustNetwork;
  /** The locked backup vault and tag-selected plan. */
  public readonly backup: TrustBackup;
  /** Sign-in (CIS2 for staff, NHS login for citizens), when the config has an `identity:` section. */
  public readonly identity?: TrustIdentity;
  /** The audited FHIR store (HealthLake behind the auditing gateway), when `fhir.enabled`. */
  public readonly fhir?: AuditedFhirStore;
  /** GuardDuty, Security Hub, AWS Config, findings routing and the SIEM forwarder. */
  public readonly securityOperations: SecurityOperations;

  constructor(scope: Construct, id: string, props: TrustStackProps) {
    const { stackName, description, ...rest } = props;
    const config = resolveTrustConfig(pickConfig(rest));
    super(scope, id, {
      ...pickStackProps(rest),
      stackName: stackName ?? trustStackName(config),
      description: description ?? `Rootstock ${ROOTSTOCK_VERSION} foundations for ${config.name} (${config.odsCode}, ${config.environment})`,
      env: { account: config.account, region: config.region },
    });
    this.config = config;
    // Answer CDK's availability-zone lookup from the known zones, so a stack with an account
    // synthesises without AWS credentials (eu-west-2 has zones a, b and c).
    if (config.account) {
      this.node.setContext(`availability-zones:account=${config.account}:region=${config.region}`, ['a', 'b', 'c'].map((z) => `${config.region}${z}`));
    }

    Tags.of(this).add(TAG_VERSION, ROOTSTOCK_VERSION);
    Tags.of(this).add(TAG_ODS_CODE, config.odsCode);
    Tags.of(this).add(TAG_ENVIRONMENT, config.environment);
    this.templateOptions.metadata = { Rootstock: { version: ROOTSTOCK_VERSION, odsCode: config.odsCode, environment: config.environment } };

    new ssm.StringParameter(this, 'RootstockVersion', {
      parameterName: `/rootstock/${config.odsCode}/${config.environment}/version`,
      stringValue: ROOTSTOCK_VERSION,
      description: 'The Rootstock library version this stack was synthesised from.',
    });

    // Foundations. Construct ids are a public contract: renaming one replaces resources.
    this.keys = new KeyRing(this, 'Keys', { aliasPrefix: `alias/rootstock/${config.odsCode}/${config.environment}` });
    this.archive = new AuditLogArchive(this, 'AuditArchive', {
      encryptionKey: this.keys.logsKey,
      retentionDays: config.logging.auditRetentionDays,
    });
    this.trail = new TrustTrail(this, 'Trail', {
      bucket: this.archive.bucket,
      encryptionKey: this.keys.logsKey,
      logRetentionDays: config.logging.securityRetentionDays,
    });
    this.alarms = new SecurityAlarms(this, 'SecurityAlarms', {
      logGroup: this.trail.logGroup,
      encryptionKey: this.keys.logsKey,
      email: config.alarms.email,
    });
    this.network = new TrustNetwork(this, 'Network', {
      cidr: config.network.cidr,
      flowLogBucket: this.archive.bucket,
      // Production keeps egress up when an AZ fails; dev and test share one NAT gateway.
      natGateways: config.environment === 'prod' ? undefined : 1,
    });
    this.backup = new TrustBackup(this, 'Backup', { encryptionKey: this.keys.backupKey });

    // Interface endpoints for what the stack's functions call, so their traffic stays off the internet.
    if (config.identity) {
      this.network.addInterfaceEndpoint(ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
    }
    if (config.fhir?.enabled) {
      this.network.addInterfaceEndpoint(ec2.InterfaceVpcEndpointAwsService.HEALTHLAKE);
    }
    if (config.identity || config.fhir?.enabled) {
      this.network.addInterfaceEndpoint(ec2.InterfaceVpcEndpointAwsService.XRAY);
    }
    if (config.identity) {
      this.identity = new TrustIdentity(
        this,
        'Identity',
        trustIdentityProps(config.identity, config, { logsKey: this.keys.logsKey, secretsKey: this.keys.dataKey, vpc: this.network.vpc }),
      );
    }

    const fhir = config.fhir;
    if (fhir?.enabled) {
      // The schema requires tokenIssuer, rolePolicy and storeLock whenever fhir is enabled.
      this.fhir = new AuditedFhirStore(this, 'Fhir', {
        odsCode: config.odsCode,
        environment: config.environment,
        dataKey: this.keys.dataKey,
        logsKey: this.keys.logsKey,
        archiveBucket: this.archive.bucket,
        archiveKey: this.archive.encryptionKey,
        auditRetentionDays: config.logging.auditRetentionDays,
        securityRetentionDays: config.logging.securityRetentionDays,
        tokenIssuer: fhir.tokenIssuer!,
        rolePolicy: fhir.rolePolicy!,
        storeLock: fhir.storeLock!,
        allowReplacement: fhir.allowReplacement,
        datastoreName: fhir.datastoreName,
        preloadSynthea: fhir.preloadSynthea,
        wafWebAclArn: fhir.wafWebAclArn,
        vpc: this.network.vpc,
      });
      for (const f of fhirDesignFindings(this.fhir)) acknowledge(f.scope, f.ruleId, { reason: f.reason, ...DESIGN_REVIEW });
      this.addApiGatewayAccountRole();
    }

    // Security operations (ids 'SecurityServices' and 'Siem').
    this.securityOperations = addSecurityOperations(this, config, {
      logsKey: this.keys.logsKey,
      archiveBucket: this.archive.bucket,
      alarmTopic: this.alarms.topic,
      alarmTopicKey: this.keys.logsKey,
      accessLogsBucket: this.archive.accessLogsBucket,
      logGroups: { trail: this.trail.logGroup, fhirAudit: this.fhir?.auditLogGroup, apiAccess: this.fhir?.accessLogGroup },
    });
    // A Config rule cannot be created before the account has a recorder.
    const recorder = this.securityOperations.securityServices.configRecorder;
    if (recorder && this.network.defaultSecurityGroupRule) this.network.defaultSecurityGroupRule.node.addDependency(recorder);

    acknowledgeDesignFindings(this);
  }

  /**
   * API Gateway's account-wide CloudWatch Logs role, which REST API execution logging needs.
   * One per account and region: a trust stack owns its account.
   */
  private addApiGatewayAccountRole(): void {
    const role = new iam.Role(this, 'ApiGatewayLogsRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'Lets API Gateway write REST API execution logs to CloudWatch Logs.',
    });
    new iam.ManagedPolicy(this, 'ApiGatewayLogsPolicy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams', 'logs:PutLogEvents', 'logs:GetLogEvents', 'logs:FilterLogEvents'],
          resources: [`arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:API-Gateway-Execution-Logs_*`],
        }),
      ],
    });
    const account = new apigateway.CfnAccount(this, 'ApiGatewayAccount', { cloudWatchRoleArn: role.roleArn });
    account.node.addDependency(role);
  }
}

const STACK_PROP_KEYS = [
  'analyticsReporting', 'crossRegionReferences', 'permissionsBoundary', 'stackName', 'suppressTemplateIndentation', 'synthesizer',
  'tags', 'terminationProtection', 'notificationArns', 'propertyInjectors', 'description',
] as const;

function pickStackProps(props: Record<string, unknown>): StackProps {
  return Object.fromEntries(Object.entries(props).filter(([k]) => (STACK_PROP_KEYS as readonly string[]).includes(k))) as StackProps;
}

function pickConfig(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([k]) => !(STACK_PROP_KEYS as readonly string[]).includes(k)));
}
