import { Duration } from 'aws-cdk-lib';
import type { TrustIdentityProps } from '../../constructs/identity';
import { trustIdentityProblems, type TrustIdentityCheckedProps } from '../../constructs/identity/trust-identity-problems';
import type { TrustConfig } from '../config/schema';
import type { TrustFoundations } from './foundations';
import { configProblems, type ConfigProblem, type MappedSettings } from './settings';

/** A trust config with an `identity:` section. */
export type IdentityTrustConfig = TrustConfig & { identity: NonNullable<TrustConfig['identity']> };

/** Whether the config deploys TrustIdentity. */
export function deploysIdentity(config: TrustConfig): config is IdentityTrustConfig {
  return config.identity !== undefined;
}

/** The plain-data props of TrustIdentity that a trust config sets: exactly what its problem function judges. */
export type TrustIdentitySettings = TrustIdentityCheckedProps;

/** The default Cognito hosted domain prefix of a trust: `<odscode>-<environment>-identity`. */
export function defaultDomainPrefix(trust: { odsCode: string; environment: string }): string {
  return `${trust.odsCode.toLowerCase()}-${trust.environment}-identity`;
}

const minutes = (m: number | undefined) => (m === undefined ? undefined : Duration.minutes(m));

/** TrustIdentity's settings from a trust config with an `identity:` section. */
export function identitySettings(config: IdentityTrustConfig): MappedSettings<TrustIdentitySettings> {
  const identity = config.identity;
  return {
    settings: {
      logRetentionDays: config.logging.securityRetentionDays,
      domainPrefix: identity.domainPrefix ?? defaultDomainPrefix(config),
      callbackUrls: identity.callbackUrls,
      logoutUrls: identity.logoutUrls,
      cis2: identity.cis2,
      nhsLogin: identity.nhsLogin,
      signingKeyVersions: identity.signingKeyVersions,
      reservedConcurrentExecutions: identity.reservedConcurrentExecutions,
      tokenValidity: minutes(identity.tokenValidityMinutes),
      refreshTokenValidity: minutes(identity.refreshTokenValidityMinutes),
      assuranceRejectionAlarmThreshold: identity.assuranceRejectionAlarmThreshold,
    },
    sources: {
      logRetentionDays: ['logging', 'securityRetentionDays'],
      // A default prefix is reported where the trust would set its own.
      domainPrefix: ['identity', 'domainPrefix'],
      callbackUrls: ['identity', 'callbackUrls'],
      logoutUrls: ['identity', 'logoutUrls'],
      cis2: ['identity', 'cis2'],
      nhsLogin: ['identity', 'nhsLogin'],
      signingKeyVersions: ['identity', 'signingKeyVersions'],
      reservedConcurrentExecutions: ['identity', 'reservedConcurrentExecutions'],
      tokenValidity: ['identity', 'tokenValidityMinutes'],
      refreshTokenValidity: ['identity', 'refreshTokenValidityMinutes'],
      assuranceRejectionAlarmThreshold: ['identity', 'assuranceRejectionAlarmThreshold'],
    },
    section: ['identity'],
  };
}

/** TrustIdentity's props: the config's settings plus the foundations (logs key, alarm topic, a key for client secrets, the VPC). */
export function identityProps(config: IdentityTrustConfig, foundations: TrustFoundations): TrustIdentityProps {
  return {
    ...identitySettings(config).settings,
    logsKey: foundations.operational.logsKey,
    alarmTopic: foundations.operational.alarmTopic,
    secretsKey: foundations.keys.dataKey,
    vpc: foundations.network.vpc,
  };
}

/**
 * What TrustIdentity rejects in a trust config with an `identity:` section, each at the config
 * field its setting came from. Catches what no single field shows, like a default domain prefix
 * that Cognito refuses because the ODS code spells `aws`.
 */
export function identityConfigProblems(config: TrustConfig): ConfigProblem[] {
  if (!deploysIdentity(config)) return [];
  const mapped = identitySettings(config);
  const defaulted = config.identity.domainPrefix === undefined;
  return configProblems(mapped, trustIdentityProblems(mapped.settings)).map((p) =>
    defaulted && p.path.join('.') === 'identity.domainPrefix'
      ? { ...p, message: `${p.message}. That is the default from odsCode and environment: set identity.domainPrefix to a prefix of your own` }
      : p,
  );
}
