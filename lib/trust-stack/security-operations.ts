import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { SiemDestination, type ISiemDestination } from '../../constructs/logging/siem';
import { SiemForwarder, siemForwarderProblems, type SiemForwarderProps } from '../../constructs/logging/siem-forwarder';
import { SecurityServices, securityServicesProblems, type SecurityServiceSetting, type SecurityServicesProps } from '../../constructs/security/security-services';
import type { TrustConfig } from '../config/schema';
import { SIEM_LOG_GROUPS, type SecurityServicesConfig, type SiemConfig, type SiemLogGroupName } from '../config/siem';
import { deploysFhir } from './fhir';
import type { TrustFoundations } from './foundations';
import { configProblems, type ConfigProblem, type MappedSettings } from './settings';

/** A trust config that forwards to a SIEM. */
export type SiemTrustConfig = TrustConfig & { siem: Exclude<SiemConfig, { destination: 'none' }> };

/** Whether the config forwards security logs to a SIEM. */
export function deploysSiem(config: TrustConfig): config is SiemTrustConfig {
  return config.siem.destination !== 'none';
}

/** The plain-data props of SecurityServices that a trust config sets. */
export type SecurityServicesSettings = Pick<SecurityServicesProps, 'guardDuty' | 'securityHub' | 'config' | 'logRetentionDays'>;

/** A service's config (`{ enabled, reason? }`) as the construct takes it; a missing reason is the construct's to report. */
function serviceSetting(s: SecurityServicesConfig['guardDuty']): SecurityServiceSetting {
  return s.enabled ? { enabled: true } : { enabled: false, reason: s.reason ?? '' };
}

/** SecurityServices' settings from a trust config. */
export function securityServicesSettings(config: TrustConfig): MappedSettings<SecurityServicesSettings> {
  const s = config.securityServices;
  return {
    settings: {
      guardDuty: serviceSetting(s.guardDuty),
      securityHub: serviceSetting(s.securityHub),
      config: serviceSetting(s.config),
      logRetentionDays: config.logging.securityRetentionDays,
    },
    sources: {
      guardDuty: ['securityServices', 'guardDuty'],
      securityHub: ['securityServices', 'securityHub'],
      config: ['securityServices', 'config'],
      logRetentionDays: ['logging', 'securityRetentionDays'],
    },
    section: ['securityServices'],
  };
}

/** SecurityServices' props: the config's settings plus the foundations (logs key, alarm topic and its key, archive). */
export function securityServicesProps(config: TrustConfig, foundations: TrustFoundations): SecurityServicesProps {
  return {
    ...securityServicesSettings(config).settings,
    logsKey: foundations.operational.logsKey,
    alarmTopic: foundations.operational.alarmTopic,
    // The alarm topic is encrypted with the logs key: EventBridge needs to use it to publish findings.
    alarmTopicKey: foundations.keys.logsKey,
    // AWS Config delivers to the central archive in its own layout (AWSLogs/<account>/Config/), when there is one.
    ...(foundations.centralArchive
      ? { archiveBucket: foundations.centralArchive.bucket, archiveKey: foundations.centralArchive.key, archiveKeyPrefix: '' }
      : { archiveBucket: foundations.archive.bucket, archiveKey: foundations.archive.encryptionKey }),
  };
}

/** The plain-data props of SiemForwarder that a trust config sets. */
export type SiemForwarderSettings = Pick<SiemForwarderProps, 'destination' | 'logRetentionDays'>;

/** The SIEM destination a `siem:` section names. The secret is named, never read. */
export function siemDestination(siem: SiemTrustConfig['siem']): ISiemDestination {
  if (siem.destination === 'splunk') return SiemDestination.splunk({ endpoint: siem.endpoint, secretName: siem.secretName, endpointType: siem.endpointType });
  if (siem.destination === 'http') return SiemDestination.http({ endpoint: siem.endpoint, secretName: siem.secretName, endpointName: siem.endpointName });
  return SiemDestination.crossAccountBucket({ bucketArn: siem.bucketArn, kmsKeyArn: siem.kmsKeyArn });
}

/** SiemForwarder's settings from a trust config that forwards to a SIEM. */
export function siemSettings(config: SiemTrustConfig): MappedSettings<SiemForwarderSettings> {
  return {
    settings: { destination: siemDestination(config.siem), logRetentionDays: config.logging.securityRetentionDays },
    // The destination's fields carry the names of the `siem:` section's fields.
    sources: { destination: ['siem'], logRetentionDays: ['logging', 'securityRetentionDays'] },
    section: ['siem'],
  };
}

/** The log groups of a trust stack the SIEM can forward, by config name. */
export type SiemLogGroups = Partial<Record<SiemLogGroupName, logs.ILogGroup>>;

/** Why each SIEM log group the config names does not exist in a trust stack built from it. */
function missingLogGroupReason(config: TrustConfig, name: SiemLogGroupName): string | undefined {
  if (name === 'flowLogs') return 'is not a log group of a trust stack: VPC flow logs go to the audit archive (vpc-flow-logs/); remove it';
  if ((name === 'fhirAudit' || name === 'apiAccess') && !deploysFhir(config)) return `exists only with fhir.enabled: true; remove it or enable the FHIR store`;
  return undefined;
}

/** The log groups the config forwards: the ones it names, or every one the stack has. */
function forwardedLogGroups(config: SiemTrustConfig, available: SiemLogGroups): Record<string, logs.ILogGroup> {
  const forwarded: Record<string, logs.ILogGroup> = {};
  for (const name of config.siem.logGroups ?? SIEM_LOG_GROUPS) {
    const group = available[name];
    if (group) forwarded[name] = group;
  }
  return forwarded;
}

/** SiemForwarder's props: the config's settings plus the foundations (logs key, alarm topic, access-log bucket) and the stack's log groups it forwards. */
export function siemProps(config: SiemTrustConfig, foundations: TrustFoundations, available: SiemLogGroups): SiemForwarderProps {
  return {
    ...siemSettings(config).settings,
    logsKey: foundations.operational.logsKey,
    alarmTopic: foundations.operational.alarmTopic,
    accessLogsBucket: foundations.archive.accessLogsBucket,
    logGroups: forwardedLogGroups(config, available),
  };
}

/** What SecurityServices and SiemForwarder reject in a trust config, and SIEM log groups the stack would not have. */
export function securityOperationsConfigProblems(config: TrustConfig): ConfigProblem[] {
  const services = securityServicesSettings(config);
  const problems = configProblems(services, securityServicesProblems(services.settings));
  if (!deploysSiem(config)) return problems;
  const siem = siemSettings(config);
  problems.push(...configProblems(siem, siemForwarderProblems(siem.settings)));
  (config.siem.logGroups ?? []).forEach((name, i) => {
    const reason = missingLogGroupReason(config, name);
    if (reason) problems.push({ path: ['siem', 'logGroups', i], message: reason });
  });
  return problems;
}

/** The constructs `addSecurityOperations` defines. */
export interface SecurityOperations {
  /** GuardDuty, Security Hub, AWS Config and findings routing. */
  readonly securityServices: SecurityServices;
  /** The SIEM forwarder, unless `siem.destination` is `none`. */
  readonly siem?: SiemForwarder;
}

/**
 * A trust's security operations from its validated config and foundations: `SecurityServices`
 * (id `SecurityServices`) and, unless `siem.destination` is `none`, a `SiemForwarder` (id `Siem`)
 * subscribed to the configured log groups (default: every one the stack has).
 */
export function addSecurityOperations(scope: Construct, config: TrustConfig, foundations: TrustFoundations, logGroups: Omit<SiemLogGroups, 'findings'>): SecurityOperations {
  const securityServices = new SecurityServices(scope, 'SecurityServices', securityServicesProps(config, foundations));
  if (!deploysSiem(config)) return { securityServices };
  const available: SiemLogGroups = { ...logGroups, findings: securityServices.findings.logGroup };
  const siem = new SiemForwarder(scope, 'Siem', siemProps(config, foundations, available));
  return { securityServices, siem };
}
