import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Stack } from 'aws-cdk-lib';
import type { OperationalProps } from '../../constructs/core/operational-props';
import { auditLogArchiveProblems, type AuditLogArchiveProps } from '../../constructs/logging/audit-log-archive';
import { AuditLogArchive, SecurityAlarms, TrustTrail } from '../../constructs/logging';
import { CentralArchive, centralArchiveProblems, type CentralArchiveProps } from '../../constructs/logging/central-archive';
import { securityAlarmsProblems, type SecurityAlarmsProps } from '../../constructs/logging/security-alarms';
import { trustTrailProblems, type TrustTrailProps } from '../../constructs/logging/trust-trail';
import { KeyRing } from '../../constructs/keys';
import { denyKeyDestruction } from '../../constructs/keys/key-policies';
import { TrustNetwork, trustNetworkProblems, type TrustNetworkProps } from '../../constructs/network';
import { TrustBackup } from '../../constructs/backup';
import type { TrustConfig } from '../config/schema';
import { acknowledgeDataResidencyException } from './data-residency';
import { configProblems, type ConfigProblem, type MappedSettings } from './settings';

/**
 * What every trust stack stands on, built once and handed down to the building blocks: the
 * keys, the immutable archive, the trail, the alarm topic, the network, the backup vault, and
 * the logging and alarm settings every construct takes the same way.
 */
export interface TrustFoundations {
  /** The trust's KMS keys (logs, data, backup). */
  readonly keys: KeyRing;
  /** The immutable audit log archive (Object Lock COMPLIANCE): access logs, flow logs and exports always; the audit too without a central archive. */
  readonly archive: AuditLogArchive;
  /** The central archive in another account the trail, AWS Config and FHIR audit deliver to, when `logging.centralArchive` is set. */
  readonly centralArchive?: CentralArchive;
  /** The multi-region CloudTrail. */
  readonly trail: TrustTrail;
  /** The CIS monitoring alarms and the encrypted security topic. */
  readonly alarms: SecurityAlarms;
  /** The VPC with flow logs and endpoints. */
  readonly network: TrustNetwork;
  /** The locked backup vault and plan. */
  readonly backup: TrustBackup;
  /** The logs key, security log retention and alarm topic, for every building block. */
  readonly operational: Required<Pick<OperationalProps, 'logsKey' | 'logRetentionDays' | 'alarmTopic'>>;
  /** Days audit records (archive objects, FHIR AuditEvents) are kept. */
  readonly auditRetentionDays: number;
}

/** The archive's settings from a trust config. */
export function archiveSettings(config: TrustConfig): MappedSettings<Pick<AuditLogArchiveProps, 'auditRetentionDays'>> {
  return { settings: { auditRetentionDays: config.logging.auditRetentionDays }, sources: { auditRetentionDays: ['logging', 'auditRetentionDays'] }, section: ['logging'] };
}

/** The central archive's settings from a trust config, when it has `logging.centralArchive`. */
export function centralArchiveSettings(config: TrustConfig): MappedSettings<CentralArchiveProps> | undefined {
  const central = config.logging.centralArchive;
  if (!central) return undefined;
  const at = ['logging', 'centralArchive'];
  return { settings: { bucketName: central.bucketName, keyArn: central.keyArn }, sources: { bucketName: [...at, 'bucketName'], keyArn: [...at, 'keyArn'] }, section: at };
}

/** The trail's settings from a trust config. */
export function trailSettings(config: TrustConfig): MappedSettings<Pick<TrustTrailProps, 'logRetentionDays'>> {
  return { settings: { logRetentionDays: config.logging.securityRetentionDays }, sources: { logRetentionDays: ['logging', 'securityRetentionDays'] }, section: ['logging'] };
}

/** The alarms' settings from a trust config. */
export function alarmSettings(config: TrustConfig): MappedSettings<Pick<SecurityAlarmsProps, 'email'>> {
  return { settings: { email: config.alarms.email }, sources: { email: ['alarms', 'email'] }, section: ['alarms'] };
}

/** The network's settings from a trust config: production keeps egress up when an AZ fails; dev and test share one NAT gateway. */
export function networkSettings(config: TrustConfig): MappedSettings<Pick<TrustNetworkProps, 'cidr' | 'natGateways'>> {
  return {
    settings: { cidr: config.network.cidr, natGateways: config.environment === 'prod' ? undefined : 1 },
    sources: { cidr: ['network', 'cidr'], natGateways: ['environment'] },
    section: ['network'],
  };
}

/** What the foundations' constructs reject in a trust config. */
export function foundationsConfigProblems(config: TrustConfig): ConfigProblem[] {
  const archive = archiveSettings(config);
  const trail = trailSettings(config);
  const alarms = alarmSettings(config);
  const network = networkSettings(config);
  const central = centralArchiveSettings(config);
  return [
    ...configProblems(archive, auditLogArchiveProblems(archive.settings)),
    ...(central ? configProblems(central, centralArchiveProblems(central.settings)) : []),
    ...configProblems(trail, trustTrailProblems(trail.settings)),
    ...configProblems(alarms, securityAlarmsProblems(alarms.settings)),
    ...configProblems(network, trustNetworkProblems(network.settings)),
  ];
}

/**
 * Builds a trust's foundations in `stack`. Construct ids are a public contract: renaming one
 * replaces resources. Stack-wide: every resource of the stack that AWS Backup supports is put in
 * the backup plan (resources added later too), and a recorded data residency exception
 * acknowledges exactly its region's residency findings.
 */
export function buildFoundations(stack: Stack, config: TrustConfig): TrustFoundations {
  const keys = new KeyRing(stack, 'Keys', { aliasPrefix: `alias/rootstock/${config.odsCode}/${config.environment}` });
  const archive = new AuditLogArchive(stack, 'AuditArchive', { encryptionKey: keys.logsKey, ...archiveSettings(config).settings });
  // Nobody but the break-glass role can make the locked archive unreadable by destroying its key.
  denyKeyDestruction(keys.logsKey, `arn:${stack.partition}:iam::${stack.account}:role/rootstock-break-glass`);
  // With a central archive the trail's log files go there, under its key; the log group keeps the logs key.
  const centralSettings = centralArchiveSettings(config);
  const centralArchive = centralSettings && new CentralArchive(stack, 'CentralArchive', centralSettings.settings);
  const trail = new TrustTrail(stack, 'Trail', { bucket: centralArchive?.bucket ?? archive.bucket, encryptionKey: keys.logsKey, bucketKey: centralArchive?.key, ...trailSettings(config).settings });
  const alarms = new SecurityAlarms(stack, 'SecurityAlarms', { logGroup: trail.logGroup, encryptionKey: keys.logsKey, ...alarmSettings(config).settings });
  const network = new TrustNetwork(stack, 'Network', { flowLogBucket: archive.bucket, ...networkSettings(config).settings });
  const backup = new TrustBackup(stack, 'Backup', { encryptionKey: keys.backupKey });
  TrustBackup.protectSupportedResources(stack);
  acknowledgeDataResidencyException(stack, config);

  // Interface endpoints for what the stack's functions call, so their traffic stays off the internet.
  const fhirEnabled = config.fhir?.enabled === true;
  if (config.identity) network.addInterfaceEndpoint(ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
  if (fhirEnabled) network.addInterfaceEndpoint(ec2.InterfaceVpcEndpointAwsService.HEALTHLAKE);
  if (config.identity || fhirEnabled) network.addInterfaceEndpoint(ec2.InterfaceVpcEndpointAwsService.XRAY);

  return {
    keys,
    archive,
    centralArchive,
    trail,
    alarms,
    network,
    backup,
    operational: { logsKey: keys.logsKey, logRetentionDays: config.logging.securityRetentionDays, alarmTopic: alarms.topic },
    auditRetentionDays: config.logging.auditRetentionDays,
  };
}
