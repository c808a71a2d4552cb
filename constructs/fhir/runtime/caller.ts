import type { JWTHeaderParameters, JWTPayload } from 'jose';
import type { RoleClaimSource } from './role-policy';

/** Who the caller is, from a verified access token. */
export interface CallerIdentity {
  /** CIS2 `nhsid_useruid`, else the token `sub`. */
  readonly userId: string;
  /** Whether userId is an SDS user id (CIS2) rather than a token subject. */
  readonly cis2: boolean;
  /** The role the caller acts in: the selected CIS2 role's code, or the first Cognito group. */
  readonly roleCode?: string;
  /** The organisation that role is held at (ODS code). */
  readonly orgOdsCode?: string;
}

/** A caller allowed to act: the keys of their one acting role, at an allowed organisation. */
export interface VerifiedCaller extends CallerIdentity {
  /** Every key of the acting role the role policy may match: its code and segments and its activity codes; or the groups. */
  readonly roleKeys: readonly string[];
}

/** The caller as read from the token, or why they may not act (403), with what is known of them. */
export type CallerResult = { readonly ok: true; readonly caller: VerifiedCaller } | { readonly ok: false; readonly who: CallerIdentity; readonly reason: string };

interface Cis2Role {
  role_code?: unknown;
  activity_codes?: unknown;
  org_code?: unknown;
  person_roleid?: unknown;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : []);

/**
 * Why a verified JWT is not an access token for this gateway, or undefined when it is. Tokens
 * say what they are the way their issuer marks them: Cognito with `token_use: access` (and the
 * app client in `client_id`, since its access tokens carry no `aud`); CIS2 (ForgeRock AM) with
 * `tokenName: access_token`, or any issuer with the RFC 9068 header `typ: at+jwt`. ID tokens,
 * refresh tokens and anything unmarked are refused.
 */
export function accessTokenProblem(header: JWTHeaderParameters, claims: JWTPayload, source: RoleClaimSource, audiences: readonly string[]): string | undefined {
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : undefined;
  if (source === 'cognito') {
    if (claims.token_use !== 'access') return `not an access token (token_use '${String(claims.token_use ?? 'none').slice(0, 16)}'): send the Cognito access token, not the ID token`;
    const client = claims.client_id;
    if (typeof client !== 'string' || !audiences.includes(client)) return "token claim 'client_id' failed validation (not an accepted app client)";
    return undefined;
  }
  const marked = claims.tokenName === 'access_token' || typ === 'at+jwt' || typ === 'application/at+jwt';
  if (!marked || claims.tokenName === 'id_token' || claims.token_use === 'id') {
    return `not an access token (tokenName '${String(claims.tokenName ?? 'none').slice(0, 16)}', typ '${(typ ?? 'none').slice(0, 16)}'): send the access token`;
  }
  return undefined;
}

/**
 * The caller behind verified claims, judged against the organisations the trust allows.
 *
 * CIS2: the caller acts in the one role named by `selected_roleid` (the role chosen at sign-in),
 * found in `nhsid_nrbac_roles` by `person_roleid`; that role's `org_code` must be an allowed
 * organisation, and only its `role_code` (and each `:` segment) and `activity_codes` are role
 * keys. Roles at other organisations never count. No selected role, or a selected role that is
 * not in the token, is refused. Cognito: the user's groups, at the organisation in
 * `custom:ods_code` when the pool maps one (it must be allowed), else the trust's own.
 */
export function callerFromClaims(claims: JWTPayload, source: RoleClaimSource, allowedOrganisations: readonly string[]): CallerResult {
  const sub = String(claims.sub ?? '');
  if (source === 'cognito') {
    const groups = strings(claims['cognito:groups']);
    const claimed = claims['custom:ods_code'];
    const org = typeof claimed === 'string' ? claimed : allowedOrganisations[0];
    const who: CallerIdentity = { userId: sub, cis2: false, roleCode: groups[0], orgOdsCode: org };
    if (!allowedOrganisations.includes(org)) return { ok: false, who, reason: `the caller's organisation ${org.slice(0, 16)} is not one this trust allows` };
    return { ok: true, caller: { ...who, roleKeys: groups } };
  }
  const uid = claims.nhsid_useruid;
  const userId = typeof uid === 'string' && uid ? uid : sub;
  const cis2 = typeof uid === 'string' && uid.length > 0;
  const selectedId = claims.selected_roleid;
  if (typeof selectedId !== 'string' || !selectedId) return { ok: false, who: { userId, cis2 }, reason: 'the token names no selected role (selected_roleid): sign in again choosing the role to act in' };
  const all = Array.isArray(claims.nhsid_nrbac_roles) ? (claims.nhsid_nrbac_roles as Cis2Role[]) : [];
  const selected = all.filter((r) => r?.person_roleid === selectedId);
  const role = selected[0];
  const roleCode = typeof role?.role_code === 'string' ? role.role_code : undefined;
  const org = typeof role?.org_code === 'string' ? role.org_code : undefined;
  const who: CallerIdentity = { userId, cis2, roleCode, orgOdsCode: org };
  if (selected.length !== 1 || !roleCode) return { ok: false, who, reason: `the selected role ${selectedId.slice(0, 32)} is ${selected.length > 1 ? 'listed more than once' : 'not'} in the token's nhsid_nrbac_roles` };
  if (!org || !allowedOrganisations.includes(org)) return { ok: false, who, reason: `the selected role is held at ${org?.slice(0, 16) ?? 'no organisation'}, which is not an organisation this trust allows` };
  const keys = new Set<string>([roleCode, ...roleCode.split(':').filter(Boolean), ...strings(role.activity_codes)]);
  return { ok: true, caller: { ...who, roleKeys: [...keys] } };
}
