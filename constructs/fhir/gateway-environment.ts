import type { PropsProblem } from '../core/errors';
import type { EmergencyAccess } from './runtime/emergency-access';
import { ENV } from './runtime/env';
import { DEFAULT_TOKEN_ALGORITHMS, type RoleClaimSource, type RolePolicy } from './runtime/role-policy';

/**
 * The environments of the gateway's two functions, built in one place for the construct (with
 * the deploy-time values as tokens) and for the settings check (with those values at the longest
 * they can be), so a configuration that passes `rootstock validate` also deploys.
 *
 * Lambda refuses an environment over 4 KB, measured as the variables written out as JSON
 * (`{"NAME":"value",...}`): every quote inside the role policy and the emergency access JSON is
 * escaped, so counts twice. The role policy and emergency access limits each leave room only
 * for the other settings, not for both at their largest.
 */

/** The most bytes Lambda accepts for a function's environment, measured as the variables in JSON. */
export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

/** Room kept for the audit log group's name, which CloudFormation generates at deploy (stack name, logical id, random suffix). */
export const RESERVED_LOG_GROUP_NAME_LENGTH = 128;

/** Room kept for the data store's FHIR endpoint, known at deploy (`https://healthlake.<region>.amazonaws.com/datastore/<32 hex>/r4/`). */
export const RESERVED_ENDPOINT_LENGTH = 110;

/** The plain settings the gateway functions' environments carry. */
export interface GatewayEnvironmentSettings {
  readonly odsCode: string;
  readonly rolePolicy: RolePolicy;
  readonly allowedOrganisations?: readonly string[];
  readonly emergencyAccess?: EmergencyAccess;
  readonly tokenIssuer: {
    readonly issuer: string;
    readonly audience: string | readonly string[];
    readonly jwksUri?: string;
    readonly roleClaim: RoleClaimSource;
    readonly algorithms?: readonly string[];
  };
}

/** The variables both functions carry. */
function sharedEnvironment(s: GatewayEnvironmentSettings, auditLogGroupName: string): Record<string, string> {
  return {
    [ENV.rolePolicy]: JSON.stringify(s.rolePolicy),
    [ENV.odsCode]: s.odsCode,
    [ENV.allowedOrganisations]: [...(s.allowedOrganisations ?? [])].join(','),
    [ENV.auditLogGroup]: auditLogGroupName,
    // Only set when configured: without emergency access the functions are exactly as before.
    ...(s.emergencyAccess ? { [ENV.emergencyAccess]: JSON.stringify(s.emergencyAccess) } : {}),
    POWERTOOLS_LOG_LEVEL: 'INFO',
    NODE_OPTIONS: '--enable-source-maps',
  };
}

/** The authoriser's environment. */
export function authoriserEnvironment(s: GatewayEnvironmentSettings, auditLogGroupName: string): Record<string, string> {
  const issuer = s.tokenIssuer;
  return {
    ...sharedEnvironment(s, auditLogGroupName),
    [ENV.issuer]: issuer.issuer,
    [ENV.audience]: (typeof issuer.audience === 'string' ? [issuer.audience] : [...issuer.audience]).join(','),
    [ENV.jwksUri]: issuer.jwksUri ?? `${issuer.issuer.replace(/\/+$/, '')}/.well-known/jwks.json`,
    [ENV.algorithms]: [...(issuer.algorithms ?? DEFAULT_TOKEN_ALGORITHMS)].join(','),
    [ENV.roleClaim]: issuer.roleClaim,
  };
}

/** The proxy's environment. */
export function proxyEnvironment(s: GatewayEnvironmentSettings, auditLogGroupName: string, endpoint: string): Record<string, string> {
  return { ...sharedEnvironment(s, auditLogGroupName), [ENV.endpoint]: endpoint };
}

/** The size of an environment as Lambda measures it: the variables as JSON, in bytes. */
export function environmentBytes(env: Readonly<Record<string, string>>): number {
  return Buffer.byteLength(JSON.stringify(env), 'utf8');
}

/**
 * What is wrong with the gateway functions' environments (empty when both fit Lambda's 4 KB with
 * the deploy-time values at their longest): reported on `emergencyAccess` when it is set (what
 * tipped the balance), else on `rolePolicy`.
 */
export function gatewayEnvironmentProblems(s: GatewayEnvironmentSettings): PropsProblem[] {
  const logGroup = 'x'.repeat(RESERVED_LOG_GROUP_NAME_LENGTH);
  const sizes = { authoriser: environmentBytes(authoriserEnvironment(s, logGroup)), proxy: environmentBytes(proxyEnvironment(s, logGroup, 'x'.repeat(RESERVED_ENDPOINT_LENGTH))) };
  const [fn, bytes] = sizes.authoriser >= sizes.proxy ? ['authoriser', sizes.authoriser] : ['proxy', sizes.proxy];
  if (bytes <= LAMBDA_ENVIRONMENT_LIMIT_BYTES) return [];
  const measured = (v: unknown) => JSON.stringify(JSON.stringify(v)).length;
  const parts = [`the role policy ${measured(s.rolePolicy)}`, ...(s.emergencyAccess ? [`emergency access ${measured(s.emergencyAccess)}`] : [])].join(', ');
  return [{
    field: s.emergencyAccess ? 'emergencyAccess' : 'rolePolicy',
    message: `with the other gateway settings would make the ${fn} function's environment ${bytes} bytes as Lambda measures it (the variables as JSON, so each quote in the role policy and emergency access counts twice: ${parts}), more than Lambda's ${LAMBDA_ENVIRONMENT_LIMIT_BYTES}, and the deploy would fail: grant shared types with '*', merge roles that have the same grants, or list fewer emergency roles and types`,
  }];
}
