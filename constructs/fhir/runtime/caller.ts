import type { JWTPayload } from 'jose';
import type { RoleClaimSource } from './role-policy';

/** The caller behind a verified access token. */
export interface VerifiedCaller {
  /** CIS2 `nhsid_useruid`, else the token `sub`. */
  readonly userId: string;
  readonly cis2: boolean;
  /** Every role key the policy may match: role codes (and their segments), activity codes, or groups. */
  readonly roles: readonly string[];
  /** The role to record when no role allowed the request: the selected CIS2 role, or the first group. */
  readonly primaryRole?: string;
  readonly orgOdsCode?: string;
}

interface Cis2Role {
  role_code?: unknown;
  activity_codes?: unknown;
  org_code?: unknown;
  person_roleid?: unknown;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : []);

/**
 * Reads the caller from verified claims. CIS2: `nhsid_nrbac_roles[]` (only the role named by
 * `selected_roleid` when present, since a CIS2 user acts in one selected role), whose
 * `role_code` (e.g. `S8000:G8000:R8000`, each segment matchable) and `activity_codes` are the
 * role keys and whose `org_code` is the organisation. Cognito: `cognito:groups`, organisation
 * from `custom:ods_code` when the pool maps it.
 */
export function callerFromClaims(claims: JWTPayload, source: RoleClaimSource): VerifiedCaller {
  const sub = String(claims.sub ?? '');
  if (source === 'cognito') {
    const groups = strings(claims['cognito:groups']);
    const org = claims['custom:ods_code'];
    return { userId: sub, cis2: false, roles: groups, primaryRole: groups[0], orgOdsCode: typeof org === 'string' ? org : undefined };
  }
  const all = Array.isArray(claims.nhsid_nrbac_roles) ? (claims.nhsid_nrbac_roles as Cis2Role[]) : [];
  const selected = typeof claims.selected_roleid === 'string' ? all.filter((r) => r?.person_roleid === claims.selected_roleid) : all;
  const roles = new Set<string>();
  for (const r of selected) {
    if (typeof r?.role_code === 'string') {
      roles.add(r.role_code);
      r.role_code.split(':').forEach((segment) => segment && roles.add(segment));
    }
    strings(r?.activity_codes).forEach((a) => roles.add(a));
  }
  const first = selected[0];
  const uid = claims.nhsid_useruid;
  return {
    userId: typeof uid === 'string' && uid ? uid : sub,
    cis2: typeof uid === 'string' && uid.length > 0,
    roles: [...roles],
    primaryRole: typeof first?.role_code === 'string' ? first.role_code : undefined,
    orgOdsCode: typeof first?.org_code === 'string' ? first.org_code : undefined,
  };
}
