import { Duration, Token } from 'aws-cdk-lib';
import { httpsUrlProblem, problemsOf, securityRetentionProblem } from '../core/checks';
import type { PropsProblem } from '../core/errors';
import { FEDERATED_PROVIDERS, federationsOf, type FederatedProviderDefinition, type FederationSettings } from './providers';
import type { TrustIdentityProps } from './trust-identity';

/*
 * TrustIdentity's limits and the checks of its props: the one source the construct and the
 * trust schema's `identity:` section (lib/config/identity.ts) both use. Every check is a pure
 * function returning the problem (what is wrong, the value, the fix) or nothing; unresolved
 * tokens are never judged.
 */

/** Cognito hosted domain prefixes: 1 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen. */
export const DOMAIN_PREFIX_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Words Cognito refuses in a hosted domain prefix. */
export const DOMAIN_PREFIX_RESERVED_WORDS: readonly string[] = ['aws', 'amazon', 'cognito'];

/** Why `prefix` cannot be a Cognito hosted domain prefix, or undefined. */
export function domainPrefixProblem(prefix: string): string | undefined {
  if (Token.isUnresolved(prefix)) return undefined;
  if (!DOMAIN_PREFIX_PATTERN.test(prefix)) {
    return `must be 1 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen, like rxx-prod-identity; got '${prefix}'`;
  }
  const reserved = DOMAIN_PREFIX_RESERVED_WORDS.find((w) => prefix.includes(w));
  if (reserved) return `must not contain ${DOMAIN_PREFIX_RESERVED_WORDS.join(', ')} (Cognito refuses them; this one contains '${reserved}'): choose another prefix; got '${prefix}'`;
  return undefined;
}

/** What a client id registered with CIS2 or NHS login looks like: 1 to 255 visible ASCII characters. */
export const CLIENT_ID_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Why `clientId` is not a registered client id, or undefined. */
export function clientIdProblem(clientId: string): string | undefined {
  if (Token.isUnresolved(clientId) || CLIENT_ID_PATTERN.test(clientId)) return undefined;
  return `must be the client id the provider registered for this trust (1 to 255 visible characters, no spaces); got '${clientId}'`;
}

/** Signing key generations: at least one (the last signs), at most three published at once. */
export const SIGNING_KEY_GENERATIONS = { min: 1, max: 3 } as const;

/** A signing key generation's name (it becomes a construct id): 1 to 16 letters or digits. */
export const SIGNING_KEY_VERSION_PATTERN = /^[A-Za-z0-9]{1,16}$/;

/** The signing key generations when none are given: one key. */
export const DEFAULT_SIGNING_KEY_VERSIONS: readonly string[] = ['1'];

/** What is wrong with `versions` as signing key generations, each at `signingKeyVersions` or `signingKeyVersions.<index>`. */
export function signingKeyVersionsProblems(versions: readonly string[]): PropsProblem[] {
  const field = 'signingKeyVersions';
  const problems: PropsProblem[] = [];
  if (versions.length < SIGNING_KEY_GENERATIONS.min) problems.push({ field, message: 'must name at least one key generation (the last one signs); got []' });
  if (versions.length > SIGNING_KEY_GENERATIONS.max) {
    problems.push({ field, message: `must name at most ${SIGNING_KEY_GENERATIONS.max} generations: retire old keys by removing them; got ${versions.length}` });
  }
  versions.forEach((v, i) => {
    if (!Token.isUnresolved(v) && !SIGNING_KEY_VERSION_PATTERN.test(v)) problems.push({ field: `${field}.${i}`, message: `must be 1 to 16 letters or digits (it becomes a construct id), like '2'; got '${v}'` });
  });
  if (new Set(versions).size !== versions.length) problems.push({ field, message: `must not repeat a generation; got ${JSON.stringify(versions)}` });
  return problems;
}

/** Concurrency reserved for the proxy function: 1 to 1000 (the JWKS function gets a fifth of it, at least 1). */
export const RESERVED_CONCURRENCY = { min: 1, max: 1000, default: 10 } as const;

/** Why `n` cannot be the proxy's reserved concurrency, or undefined. */
export function reservedConcurrencyProblem(n: number): string | undefined {
  if (Token.isUnresolved(n) || (Number.isInteger(n) && n >= RESERVED_CONCURRENCY.min && n <= RESERVED_CONCURRENCY.max)) return undefined;
  return `must be a whole number from ${RESERVED_CONCURRENCY.min} to ${RESERVED_CONCURRENCY.max}; got ${n}`;
}

/** The JWKS function's reserved concurrency for a proxy concurrency of `proxy`: a fifth, at least 1. */
export function jwksConcurrency(proxy: number): number {
  return Math.max(1, Math.floor(proxy / 5));
}

/** How long access and ID tokens may be valid, in minutes: 5 to 60 (15 by default). */
export const TOKEN_VALIDITY_MINUTES = { min: 5, max: 60, default: 15 } as const;

/** How long refresh tokens may be valid, in minutes: 1 to 24 hours (8 hours, one shift, by default). */
export const REFRESH_TOKEN_VALIDITY_MINUTES = { min: 60, max: 24 * 60, default: 8 * 60 } as const;

function minutesProblem(minutes: number, limits: { readonly min: number; readonly max: number }): string | undefined {
  if (Token.isUnresolved(minutes) || (minutes >= limits.min && minutes <= limits.max)) return undefined;
  return `must be from ${limits.min} to ${limits.max} minutes; got ${minutes} minutes`;
}

/** Why `minutes` cannot be the access and ID token validity, or undefined. */
export function tokenValidityProblem(minutes: number): string | undefined {
  return minutesProblem(minutes, TOKEN_VALIDITY_MINUTES);
}

/** Why `minutes` cannot be the refresh token validity, or undefined. */
export function refreshTokenValidityProblem(minutes: number): string | undefined {
  return minutesProblem(minutes, REFRESH_TOKEN_VALIDITY_MINUTES);
}

/** Assurance rejections in five minutes that raise the alarm: 10 by default (a misconfigured level, or probing with weak credentials). */
export const ASSURANCE_REJECTION_ALARM = { min: 1, default: 10 } as const;

/** Why `n` cannot be the assurance rejection alarm threshold, or undefined. */
export function assuranceRejectionThresholdProblem(n: number): string | undefined {
  if (Token.isUnresolved(n) || (Number.isInteger(n) && n >= ASSURANCE_REJECTION_ALARM.min)) return undefined;
  return `must be a whole number of rejections in five minutes, at least ${ASSURANCE_REJECTION_ALARM.min}; got ${n}`;
}

/** What is wrong with a list of https URLs at `field` (each entry at `<field>.<index>`). */
export function httpsUrlListProblems(field: string, urls: readonly string[], what: string, required: boolean): PropsProblem[] {
  const problems: PropsProblem[] = [];
  if (required && urls.length === 0) problems.push({ field, message: `must list at least one https URL (${what}); got []` });
  urls.forEach((url, i) => {
    const problem = httpsUrlProblem(url, what);
    if (problem) problems.push({ field: `${field}.${i}`, message: problem });
  });
  return problems;
}

/** What the callback URLs are, for messages. */
export const CALLBACK_URLS = 'where users return after sign-in; tokens must never travel in clear';

/** What the logout URLs are, for messages. */
export const LOGOUT_URLS = 'where users go after sign-out';

/** The message when neither provider is set, at `cis2`. */
export const NO_PROVIDER = 'is required unless nhsLogin is set: identity needs at least one provider (cis2 for staff, nhsLogin for citizens)';

function oneOfProblem(value: string, allowed: readonly string[]): string | undefined {
  return allowed.includes(value) ? undefined : `must be one of ${allowed.join(', ')}; got '${value}'`;
}

/** What is wrong with one provider's settings, at `<key>.<field>`. */
export function federationProblems(definition: FederatedProviderDefinition, settings: FederationSettings): PropsProblem[] {
  const at = (field: string) => `${definition.key}.${field}`;
  const required = settings[definition.assurance.requiredField];
  return problemsOf(
    [at('environment'), oneOfProblem(settings.environment, Object.keys(definition.issuers))],
    [at('clientId'), clientIdProblem(settings.clientId)],
    [at(definition.assurance.requiredField), required === undefined ? undefined : oneOfProblem(required, definition.assurance.values)],
    [at('scopes'), settings.scopes === undefined || settings.scopes.includes('openid') ? undefined : `must include openid; got ${JSON.stringify(settings.scopes)}`],
  );
}

/** The props of TrustIdentity its problem function judges: the plain data (no keys, VPC or topic). */
export type TrustIdentityCheckedProps = Pick<
  TrustIdentityProps,
  | 'domainPrefix'
  | 'callbackUrls'
  | 'logoutUrls'
  | 'cis2'
  | 'nhsLogin'
  | 'signingKeyVersions'
  | 'logRetentionDays'
  | 'reservedConcurrentExecutions'
  | 'tokenValidity'
  | 'refreshTokenValidity'
  | 'assuranceRejectionAlarmThreshold'
>;

function durationMinutes(d: Duration | undefined): number | undefined {
  return d === undefined ? undefined : d.toMinutes({ integral: false });
}

/** What is wrong with a {@link TrustIdentity}'s props (empty when nothing is), each at its prop. */
export function trustIdentityProblems(props: TrustIdentityCheckedProps): PropsProblem[] {
  const tokenMinutes = durationMinutes(props.tokenValidity);
  const refreshMinutes = durationMinutes(props.refreshTokenValidity);
  return [
    ...(federationsOf(props).length === 0 ? [{ field: 'cis2', message: NO_PROVIDER }] : []),
    ...problemsOf(
      ['domainPrefix', domainPrefixProblem(props.domainPrefix)],
      ['logRetentionDays', props.logRetentionDays === undefined ? undefined : securityRetentionProblem(props.logRetentionDays)],
      ['reservedConcurrentExecutions', props.reservedConcurrentExecutions === undefined ? undefined : reservedConcurrencyProblem(props.reservedConcurrentExecutions)],
      ['tokenValidity', tokenMinutes === undefined ? undefined : tokenValidityProblem(tokenMinutes)],
      ['refreshTokenValidity', refreshMinutes === undefined ? undefined : refreshTokenValidityProblem(refreshMinutes)],
      ['assuranceRejectionAlarmThreshold', props.assuranceRejectionAlarmThreshold === undefined ? undefined : assuranceRejectionThresholdProblem(props.assuranceRejectionAlarmThreshold)],
    ),
    ...httpsUrlListProblems('callbackUrls', props.callbackUrls, CALLBACK_URLS, true),
    ...httpsUrlListProblems('logoutUrls', props.logoutUrls ?? [], LOGOUT_URLS, false),
    ...FEDERATED_PROVIDERS.flatMap((definition) => {
      const settings = props[definition.key];
      return settings ? federationProblems(definition, settings) : [];
    }),
    ...signingKeyVersionsProblems(props.signingKeyVersions ?? DEFAULT_SIGNING_KEY_VERSIONS),
  ];
}
