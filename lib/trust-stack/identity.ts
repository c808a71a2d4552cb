import type { TrustIdentityProps } from '../../constructs/identity';
import type { TrustConfig } from '../config/schema';
import type { TrustFoundations } from './foundations';
import type { MappedSettings } from './settings';

/** The plain-data props of TrustIdentity that a trust config sets. */
export type TrustIdentitySettings = Pick<TrustIdentityProps, 'domainPrefix' | 'callbackUrls' | 'logoutUrls' | 'cis2' | 'nhsLogin' | 'signingKeyVersions' | 'logRetentionDays'>;

/** The default Cognito hosted domain prefix of a trust: `<odscode>-<environment>-identity`. */
export function defaultDomainPrefix(trust: { odsCode: string; environment: string }): string {
  return `${trust.odsCode.toLowerCase()}-${trust.environment}-identity`;
}

/** TrustIdentity's settings from a trust config with an `identity:` section. */
export function identitySettings(config: TrustConfig & { identity: NonNullable<TrustConfig['identity']> }): MappedSettings<TrustIdentitySettings> {
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
    },
    sources: {
      logRetentionDays: ['logging', 'securityRetentionDays'],
      domainPrefix: identity.domainPrefix ? ['identity', 'domainPrefix'] : ['odsCode'],
      callbackUrls: ['identity', 'callbackUrls'],
      logoutUrls: ['identity', 'logoutUrls'],
      cis2: ['identity', 'cis2'],
      nhsLogin: ['identity', 'nhsLogin'],
      signingKeyVersions: ['identity', 'signingKeyVersions'],
    },
    section: ['identity'],
  };
}

/** TrustIdentity's props: the config's settings plus the foundations (logs key, a key for client secrets, the VPC). */
export function identityProps(config: TrustConfig & { identity: NonNullable<TrustConfig['identity']> }, foundations: TrustFoundations): TrustIdentityProps {
  return {
    ...identitySettings(config).settings,
    logsKey: foundations.operational.logsKey,
    secretsKey: foundations.keys.dataKey,
    vpc: foundations.network.vpc,
  };
}
