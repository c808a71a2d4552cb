/**
 * The role policy: which FHIR interactions each role may perform on each resource type.
 *
 * Plain data shared by the construct (which validates it and hands it to the Lambdas as JSON)
 * and the runtime (which enforces it). Keys are role codes or activity codes (CIS2) or group
 * names (Cognito); values map a FHIR resource type, or `*` for every type, to interactions.
 */

/** The FHIR RESTful interactions the gateway understands (http://hl7.org/fhir/restful-interaction). */
export const FHIR_INTERACTIONS = [
  'read', 'vread', 'search-type', 'history-instance', 'history-type', 'create', 'update', 'patch', 'delete', 'capabilities',
] as const;

/** One FHIR RESTful interaction. */
export type FhirInteraction = (typeof FHIR_INTERACTIONS)[number];

/** Interactions per resource type (`*` matches every type). */
export type ResourceGrants = Readonly<Record<string, readonly FhirInteraction[]>>;

/** Role code, activity code or group name -> interactions per resource type. Deny by default. */
export type RolePolicy = Readonly<Record<string, ResourceGrants>>;

/** Where the caller's roles come from in the access token. */
export type RoleClaimSource = 'cis2' | 'cognito';

/** The JWS algorithms the gateway accepts by default: asymmetric only, so no HMAC-with-public-key confusion. */
export const DEFAULT_TOKEN_ALGORITHMS: readonly string[] = ['RS256', 'ES256'];

/** JWS algorithms that may be allowed: asymmetric ones only. */
export const ASYMMETRIC_ALGORITHMS: readonly string[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const RESOURCE_TYPE = /^([A-Z][A-Za-z]{1,63}|\*)$/;

/**
 * The most characters the role policy may take as JSON: it travels in the gateway functions'
 * environment, which Lambda caps at 4 KB in all, beside the other settings.
 */
export const MAX_ROLE_POLICY_JSON_LENGTH = 2500;

/** Problems with `policy` (empty when it is usable): unknown interactions, malformed resource types, empty roles, too large. */
export function rolePolicyProblems(policy: RolePolicy): string[] {
  const problems: string[] = [];
  const size = JSON.stringify(policy).length;
  if (size > MAX_ROLE_POLICY_JSON_LENGTH) {
    problems.push(
      `is ${size} characters as JSON, more than the ${MAX_ROLE_POLICY_JSON_LENGTH} the gateway functions' 4 KB Lambda environment can hold: grant shared types with '*', or merge roles that have the same grants`,
    );
  }
  if (Object.keys(policy).length === 0) problems.push('has no roles: add at least one role with its allowed interactions');
  for (const [role, grants] of Object.entries(policy)) {
    if (!/^[A-Za-z0-9_.:@-]{1,128}$/.test(role)) problems.push(`role '${role}' must be a role code, activity code or group name (letters, digits, _ . : @ -)`);
    for (const [type, interactions] of Object.entries(grants ?? {})) {
      if (!RESOURCE_TYPE.test(type)) problems.push(`role '${role}': '${type}' must be a FHIR resource type like Patient, or *`);
      for (const i of interactions ?? []) {
        if (!(FHIR_INTERACTIONS as readonly string[]).includes(i)) problems.push(`role '${role}', ${type}: '${i}' must be one of ${FHIR_INTERACTIONS.join(', ')}`);
      }
    }
  }
  return problems;
}

/** The first of `roles` the policy allows `interaction` on `resourceType` for, or undefined (deny). */
export function allowingRole(policy: RolePolicy, roles: readonly string[], interaction: FhirInteraction, resourceType: string | undefined): string | undefined {
  return roles.find((role) => {
    const grants = Object.prototype.hasOwnProperty.call(policy, role) ? policy[role] : undefined;
    if (!grants) return false;
    const forType = resourceType && Object.prototype.hasOwnProperty.call(grants, resourceType) ? grants[resourceType] : undefined;
    return (forType ?? []).includes(interaction) || (grants['*'] ?? []).includes(interaction);
  });
}

/** What an access is judged on: the interaction, its resource type, and every type a search reaches. */
export interface AccessRequest {
  readonly interaction: FhirInteraction;
  readonly resourceType?: string;
  /** Other resource types the request reaches (`_include`, `_revinclude`, chains, `_has`): each needs `search-type`. */
  readonly reached?: readonly string[];
}

/**
 * The decision on one access. `basis` says what it was judged on: the role policy alone, or the
 * role policy widened by a declared emergency (audited as emergency access, whichever granted it).
 */
export type AccessDecision =
  | { readonly allowed: true; readonly grantedBy: string; readonly basis: 'role-policy' | 'emergency' }
  | { readonly allowed: false; readonly reason: string };

/** What `grantedBy` says when the emergency grant, not the role policy, allowed an access. */
export const EMERGENCY_GRANTED_BY = 'emergency access grant';

/** Whether `grants` (one role's, or the emergency grant) allow `interaction` on `resourceType`. */
export function grantsAllow(grants: ResourceGrants, interaction: FhirInteraction, resourceType: string | undefined): boolean {
  const forType = resourceType && Object.prototype.hasOwnProperty.call(grants, resourceType) ? grants[resourceType] : undefined;
  return (forType ?? []).includes(interaction) || (grants['*'] ?? []).includes(interaction);
}

/**
 * What allows `interaction` on `resourceType`: the first of `roles` the policy allows it for, else
 * the emergency grant, else undefined (deny). The emergency grant never allows `delete`, whatever
 * it lists: the handlers hold to that themselves, not only the configuration check, because the
 * gateway construct hands them whatever grant it is given.
 */
export function allowedBy(policy: RolePolicy, roles: readonly string[], interaction: FhirInteraction, resourceType: string | undefined, emergencyGrant?: ResourceGrants): string | undefined {
  const byEmergency = emergencyGrant !== undefined && interaction !== 'delete' && grantsAllow(emergencyGrant, interaction, resourceType);
  return allowingRole(policy, roles, interaction, resourceType) ?? (byEmergency ? EMERGENCY_GRANTED_BY : undefined);
}

/**
 * Decides `request` for a caller holding `roleKeys` (the codes of one selected role, or one
 * user's groups): allowed when a key grants the interaction on the type and, for every other
 * type the request reaches, some key grants `search-type` on it. With `emergencyGrant` (a
 * declared and honoured emergency) that grant counts beside the keys'. Deny by default.
 */
export function decideAccess(policy: RolePolicy, roleKeys: readonly string[], request: AccessRequest, emergencyGrant?: ResourceGrants): AccessDecision {
  const grantedBy = allowedBy(policy, roleKeys, request.interaction, request.resourceType, emergencyGrant);
  const what = `${request.interaction} on ${request.resourceType ?? 'the server'}`;
  const who = emergencyGrant ? 'neither a role of the caller nor the emergency access grant' : 'no role of the caller';
  if (!grantedBy) return { allowed: false, reason: `${who} allows ${what}` };
  const blocked = (request.reached ?? []).filter((t) => t !== request.resourceType && !allowedBy(policy, roleKeys, 'search-type', t, emergencyGrant));
  if (blocked.length) return { allowed: false, reason: `the request reaches ${blocked.join(', ')}, which ${emergencyGrant ? 'neither a role of the caller nor the emergency access grant allows to search' : 'no role of the caller may search'} (${what} is allowed)` };
  return { allowed: true, grantedBy, basis: emergencyGrant ? 'emergency' : 'role-policy' };
}
