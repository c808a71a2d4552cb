import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { healthLakeRegionProblem } from '../../constructs/fhir/regions';
import { auditedFhirStoreProblems, type AuditedFhirStoreProps } from '../../constructs/fhir';
import { KeyRing } from '../../constructs/keys';
import type { FhirEnabledConfig } from '../config/fhir';
import type { TrustConfig } from '../config/schema';
import type { TrustFoundations } from './foundations';
import { configProblems, type ConfigProblem, type MappedSettings } from './settings';

/** A trust config whose FHIR store is deployed. */
export type FhirTrustConfig = TrustConfig & { fhir: FhirEnabledConfig };

/** Whether the config deploys the audited FHIR store. */
export function deploysFhir(config: TrustConfig): config is FhirTrustConfig {
  return config.fhir?.enabled === true;
}

/** The plain-data props of AuditedFhirStore that a trust config sets. */
export type AuditedFhirStoreSettings = Pick<
  AuditedFhirStoreProps,
  | 'odsCode' | 'environment' | 'auditRetentionDays' | 'logRetentionDays' | 'tokenIssuer' | 'rolePolicy' | 'storeLock' | 'allowReplacement' | 'datastoreName'
  | 'preloadSynthea' | 'wafWebAclArn' | 'allowedOrganisations' | 'exportSchedule' | 'exportRetentionDays' | 'emergencyAccess'
>;

let dataKeyIdentity: string | undefined;

/**
 * How TrustStack's data key renders in the FHIR store identity (`<logical id>.Arn`): its
 * logical id follows from construct ids that never change (the foundations' `Keys`, KeyRing's
 * own), so `rootstock validate` can tell a storeLock that names another store without a synth.
 */
export function trustDataKeyIdentity(): string {
  if (dataKeyIdentity === undefined) {
    // A scratch stack under a bare root (an App would synthesise itself when the process exits).
    const stack = new Stack(new Construct(undefined as unknown as Construct, ''), 'Scratch');
    const ring = new KeyRing(stack, 'Keys');
    const arn = stack.resolve(ring.dataKey.keyArn) as { 'Fn::GetAtt': [string, string] };
    dataKeyIdentity = `${arn['Fn::GetAtt'][0]}.Arn`;
  }
  return dataKeyIdentity;
}

/** AuditedFhirStore's settings from a trust config that deploys it. */
export function fhirSettings(config: FhirTrustConfig): MappedSettings<AuditedFhirStoreSettings> {
  const fhir = config.fhir;
  return {
    settings: {
      odsCode: config.odsCode,
      environment: config.environment,
      auditRetentionDays: config.logging.auditRetentionDays,
      logRetentionDays: config.logging.securityRetentionDays,
      tokenIssuer: fhir.tokenIssuer,
      rolePolicy: fhir.rolePolicy,
      storeLock: fhir.storeLock,
      allowReplacement: fhir.allowReplacement,
      datastoreName: fhir.datastoreName,
      preloadSynthea: fhir.preloadSynthea,
      wafWebAclArn: fhir.wafWebAclArn,
      allowedOrganisations: fhir.allowedOrganisations,
      exportSchedule: fhir.export?.schedule,
      exportRetentionDays: fhir.export?.retentionDays,
      emergencyAccess: fhir.emergencyAccess,
    },
    sources: {
      odsCode: ['odsCode'],
      environment: ['environment'],
      auditRetentionDays: ['logging', 'auditRetentionDays'],
      logRetentionDays: ['logging', 'securityRetentionDays'],
      tokenIssuer: ['fhir', 'tokenIssuer'],
      rolePolicy: ['fhir', 'rolePolicy'],
      storeLock: ['fhir', 'storeLock'],
      allowReplacement: ['fhir', 'allowReplacement'],
      datastoreName: ['fhir', 'datastoreName'],
      preloadSynthea: ['fhir', 'preloadSynthea'],
      wafWebAclArn: ['fhir', 'wafWebAclArn'],
      allowedOrganisations: ['fhir', 'allowedOrganisations'],
      exportSchedule: ['fhir', 'export', 'schedule'],
      exportRetentionDays: ['fhir', 'export', 'retentionDays'],
      emergencyAccess: ['fhir', 'emergencyAccess'],
    },
    section: ['fhir'],
  };
}

/** AuditedFhirStore's props: the config's settings plus the foundations (keys, archive, VPC, logging settings and alarm topic). */
export function fhirProps(config: FhirTrustConfig, foundations: TrustFoundations): AuditedFhirStoreProps {
  return {
    ...fhirSettings(config).settings,
    dataKey: foundations.keys.dataKey,
    ...foundations.operational,
    // AuditEvents go to the central archive under this account's folders, when there is one; exports stay in the trust.
    ...(foundations.centralArchive
      ? { archiveBucket: foundations.centralArchive.bucket, archiveKey: foundations.centralArchive.key, centralArchiveLayout: true }
      : { archiveBucket: foundations.archive.bucket, archiveKey: foundations.archive.encryptionKey }),
    accessLogsBucket: foundations.archive.accessLogsBucket,
    vpc: foundations.network.vpc,
  };
}

/** What AuditedFhirStore rejects in a trust config that deploys it. */
export function fhirConfigProblems(config: TrustConfig): ConfigProblem[] {
  if (!deploysFhir(config)) return [];
  const mapped = fhirSettings(config);
  const region = healthLakeRegionProblem(config.region);
  return [
    ...configProblems(mapped, auditedFhirStoreProblems({ ...mapped.settings, dataKeyIdentity: trustDataKeyIdentity() })),
    ...(region ? [{ path: ['region'], message: `${region} (fhir.enabled is true)` }] : []),
  ];
}
