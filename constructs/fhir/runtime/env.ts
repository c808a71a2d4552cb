import type { AuthoriserConfig } from './authoriser';
import type { EmergencyAccess } from './emergency-access';
import type { ProxyConfig } from './proxy';
import type { RoleClaimSource, RolePolicy } from './role-policy';

/** Environment variable names the construct sets and the handlers read. */
export const ENV = {
  issuer: 'FHIR_TOKEN_ISSUER',
  audience: 'FHIR_TOKEN_AUDIENCE',
  jwksUri: 'FHIR_TOKEN_JWKS_URI',
  algorithms: 'FHIR_TOKEN_ALGORITHMS',
  roleClaim: 'FHIR_ROLE_CLAIM',
  rolePolicy: 'FHIR_ROLE_POLICY',
  odsCode: 'FHIR_ODS_CODE',
  allowedOrganisations: 'FHIR_ALLOWED_ORGANISATIONS',
  auditLogGroup: 'FHIR_AUDIT_LOG_GROUP',
  endpoint: 'FHIR_HEALTHLAKE_ENDPOINT',
  emergencyAccess: 'FHIR_EMERGENCY_ACCESS',
} as const;

function required(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name];
  if (!v) throw new Error(`environment variable ${name} is not set`);
  return v;
}

/** The authoriser's config from the Lambda environment. */
export function authoriserConfigFromEnv(env: NodeJS.ProcessEnv): AuthoriserConfig {
  return {
    issuer: required(env, ENV.issuer),
    audience: required(env, ENV.audience).split(','),
    jwksUri: required(env, ENV.jwksUri),
    algorithms: required(env, ENV.algorithms).split(','),
    roleClaim: required(env, ENV.roleClaim) as RoleClaimSource,
    rolePolicy: JSON.parse(required(env, ENV.rolePolicy)) as RolePolicy,
    odsCode: required(env, ENV.odsCode),
    allowedOrganisations: list(env[ENV.allowedOrganisations]),
    emergencyAccess: emergencyAccess(env),
  };
}

/** The proxy's config from the Lambda environment. */
export function proxyConfigFromEnv(env: NodeJS.ProcessEnv): ProxyConfig {
  return {
    endpoint: required(env, ENV.endpoint),
    region: required(env, 'AWS_REGION'),
    rolePolicy: JSON.parse(required(env, ENV.rolePolicy)) as RolePolicy,
    odsCode: required(env, ENV.odsCode),
    allowedOrganisations: list(env[ENV.allowedOrganisations]),
    emergencyAccess: emergencyAccess(env),
  };
}

/** The emergency access configuration, or undefined when the trust has none (the variable is then not set at all). */
function emergencyAccess(env: NodeJS.ProcessEnv): EmergencyAccess | undefined {
  const v = env[ENV.emergencyAccess];
  return v ? (JSON.parse(v) as EmergencyAccess) : undefined;
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);
}
