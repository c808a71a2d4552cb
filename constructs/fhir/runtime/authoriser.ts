import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { fhirPath, queryPairs, type AuthorizerResult, type RequestAuthorizerEvent } from './api-gateway';
import { AuditWriteFailed, buildAuditEvent, type AuditCaller, type AuditDecision, type AuditSink } from './audit-event';
import { accessTokenProblem, callerFromClaims, type CallerIdentity } from './caller';
import { emergencyRefusal, readEmergencyDeclaration, type EmergencyAccess } from './emergency-access';
import { headerOf, queryString, understand, type FhirRequest, type HttpRequest } from './fhir-request';
import { Refused } from './refusal';
import { ASYMMETRIC_ALGORITHMS, decideAccess, type RoleClaimSource, type RolePolicy } from './role-policy';

/** How the authoriser checks tokens and roles (from the construct, through the environment). */
export interface AuthoriserConfig {
  /** The token issuer (`iss`), exactly. */
  readonly issuer: string;
  /** Accepted audiences: `aud` of CIS2 access tokens, `client_id` of Cognito access tokens. */
  readonly audience: string | readonly string[];
  /** The issuer's JWKS URL. */
  readonly jwksUri: string;
  /** Accepted JWS algorithms: asymmetric only. */
  readonly algorithms: readonly string[];
  readonly roleClaim: RoleClaimSource;
  readonly rolePolicy: RolePolicy;
  /** This trust's ODS code: the audit observer, and always an allowed organisation. */
  readonly odsCode: string;
  /** Other organisations (ODS codes) whose staff may act here: hosted services, shared care. @default none */
  readonly allowedOrganisations?: readonly string[];
  /** Allowed clock skew for exp and nbf, in seconds. @default 5 */
  readonly clockToleranceSeconds?: number;
  /** Who may declare an emergency, and what it grants. @default none: a declaration is refused (400) and audited */
  readonly emergencyAccess?: EmergencyAccess;
}

/** What the authoriser needs from outside. */
export interface AuthoriserDeps {
  readonly sink: AuditSink;
  /** The key source; defaults to the issuer's remote JWKS (cached per Lambda instance). */
  readonly keys?: JWTVerifyGetKey;
}

/**
 * API Gateway maps a Lambda authoriser error whose message is exactly `Unauthorized` to 401;
 * any other error becomes 500.
 */
export const UNAUTHORIZED = 'Unauthorized';

/** The context the authoriser hands the proxy for an allowed request. */
export interface AuthoriserContext extends Record<string, string> {
  readonly userId: string;
  readonly cis2: string;
  /** The acting role's code. */
  readonly role: string;
  readonly org: string;
  /** The acting role's keys, as JSON. */
  readonly roleKeys: string;
  /** `false` when the authoriser could not understand the request: the proxy then refuses it. */
  readonly understood: string;
  /** The emergency reason code the authoriser honoured, or empty. */
  readonly emergency: string;
  /** The token's `auth_time` (seconds) when an emergency was honoured, or empty: the proxy judges the window again. */
  readonly authTime: string;
}

/** A token that was not accepted, with the reason recorded in the audit event. */
class TokenRejected extends Error {}

function rejectionReason(e: unknown): string | undefined {
  if (e instanceof errors.JWTExpired) return 'token expired';
  if (e instanceof errors.JWTClaimValidationFailed) return `token claim '${e.claim}' failed validation (${e.reason})`;
  if (e instanceof errors.JOSEAlgNotAllowed) return 'token algorithm not allowed';
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'token signature invalid';
  if (e instanceof errors.JWKSNoMatchingKey) return 'no issuer key matches the token';
  if (e instanceof errors.JWTInvalid || e instanceof errors.JWSInvalid || e instanceof errors.JOSENotSupported) return `token malformed or unsupported (${(e as Error).message.slice(0, 120)})`;
  if (e instanceof TokenRejected) return e.message;
  return undefined;
}

/**
 * The authoriser: API Gateway calls it for every method on every path (no cache). In order: the
 * request must carry an access token from the issuer (else 401); the caller must act in one
 * selected role at an allowed organisation (else 403); the role policy must allow the interaction
 * and every type it reaches (else 403). A declared emergency must come from a role allowed to
 * declare it, within the window after sign-in (else 403), and then widens the role policy by the
 * emergency grant; a declaration it cannot honour as sent is not understood (the proxy answers 400).
 * Every refusal writes an AuditEvent before it is answered.
 * Allowed requests, and requests it does not understand (which the proxy refuses with the right
 * status), are audited by the proxy.
 * A failed audit write raises {@link AuditWriteFailed} (API Gateway answers 500): nothing is
 * refused or allowed unaudited.
 */
export function createAuthoriser(config: AuthoriserConfig, deps: AuthoriserDeps): (event: RequestAuthorizerEvent) => Promise<AuthorizerResult> {
  const bad = config.algorithms.filter((a) => !ASYMMETRIC_ALGORITHMS.includes(a));
  if (bad.length || config.algorithms.length === 0) throw new Error(`algorithms must be asymmetric JWS algorithms (${ASYMMETRIC_ALGORITHMS.join(', ')}); got ${config.algorithms.join(', ') || 'none'}`);
  const keys = deps.keys ?? createRemoteJWKSet(new URL(config.jwksUri));
  const audiences = [...(typeof config.audience === 'string' ? [config.audience] : config.audience)];
  const organisations = [config.odsCode, ...(config.allowedOrganisations ?? [])];

  return async (event) => {
    const http: HttpRequest = { method: event.httpMethod, path: fhirPath(event), query: queryPairs(event), headers: event.headers };
    let request: FhirRequest | undefined;
    let notUnderstood: Refused | undefined;
    try {
      request = understand(http);
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      notUnderstood = e;
    }
    const emergency = readEmergencyDeclaration(event.headers, event.multiValueHeaders, config.emergencyAccess);
    if (emergency?.refusal && !notUnderstood) notUnderstood = new Refused(emergency.refusal);
    const sourceIp = event.requestContext?.identity?.sourceIp ?? 'unknown';
    const audit = async (caller: AuditCaller, decision: AuditDecision) => {
      const search = request?.search;
      const write = deps.sink.write(
        buildAuditEvent({
          caller,
          request: request ?? { method: http.method, path: http.path, query: queryString(http.query) },
          patients: search?.patients,
          ...(search && !search.bounded && !(request?.resourceType === 'Patient' && request.id) ? { unnamedPatients: 'not determined: the request was refused' } : {}),
          reached: search?.reached.slice(1),
          decision,
          emergency: emergency?.claim,
          observerOdsCode: config.odsCode,
          requestId: event.requestContext?.requestId,
        }),
      );
      await write.catch((e: unknown) => {
        throw new AuditWriteFailed(e);
      });
    };

    let claims;
    try {
      const m = /^Bearer ([A-Za-z0-9_\-.=]+)$/.exec((headerOf(event.headers, 'authorization') ?? '').trim());
      if (!m) throw new TokenRejected('no bearer token');
      const verified = await jwtVerify(m[1], keys, {
        issuer: config.issuer,
        ...(config.roleClaim === 'cis2' ? { audience: audiences } : {}),
        algorithms: [...config.algorithms],
        clockTolerance: config.clockToleranceSeconds ?? 5,
        requiredClaims: ['exp', 'sub'],
      });
      const problem = accessTokenProblem(verified.protectedHeader, verified.payload, config.roleClaim, audiences);
      if (problem) throw new TokenRejected(problem);
      claims = verified.payload;
    } catch (e) {
      const reason = rejectionReason(e);
      if (reason === undefined) {
        // Not the token's fault (e.g. the JWKS could not be fetched): record it, answer 500.
        await audit({ sourceIp }, { outcome: '8', status: 500, description: `token could not be verified: ${(e as Error).message.slice(0, 200)}` });
        throw new Error(`token verification failed: ${(e as Error).message}`);
      }
      await audit({ sourceIp }, { outcome: '4', status: 401, description: `unauthenticated: ${reason}` });
      throw new Error(UNAUTHORIZED);
    }

    const found = callerFromClaims(claims, config.roleClaim, organisations);
    const who: CallerIdentity = found.ok ? found.caller : found.who;
    const auditCaller: AuditCaller = { userId: who.userId, cis2: who.cis2, role: who.roleCode, orgOdsCode: who.orgOdsCode, sourceIp };
    const deny = async (reason: string) => {
      await audit(auditCaller, { outcome: '4', status: 403, description: `forbidden: ${reason}` });
      return policy(who.userId, 'Deny', event.methodArn);
    };
    if (!found.ok) return deny(found.reason);
    const contextOf = (emergencyCode = '', authTime = ''): AuthoriserContext => ({
      userId: who.userId,
      cis2: String(who.cis2),
      role: who.roleCode ?? '',
      org: who.orgOdsCode ?? '',
      roleKeys: JSON.stringify(found.caller.roleKeys),
      understood: String(!notUnderstood),
      emergency: emergencyCode,
      authTime,
    });
    // A request the gateway does not understand goes no further than the proxy, which refuses it
    // with the right status (400, 404, 405, 413, 415) and audits that: an authoriser can only say 401 or 403.
    if (notUnderstood) return { ...policy(who.userId, 'Allow', event.methodArn), context: contextOf() };
    // A declared emergency (understood, so configured and well formed) needs a declaring role and a recent sign-in.
    const authTime = typeof claims.auth_time === 'number' ? claims.auth_time : undefined;
    if (emergency) {
      const refused = emergencyRefusal(config.emergencyAccess!, found.caller.roleKeys, authTime, Date.now() / 1000, config.clockToleranceSeconds ?? 5);
      if (refused) return deny(refused);
    }
    const emergencyGrant = emergency ? config.emergencyAccess!.grant : undefined;
    const decision = decideAccess(config.rolePolicy, found.caller.roleKeys, { interaction: request!.interaction, resourceType: request!.resourceType, reached: request!.search?.reached }, emergencyGrant);
    if (!decision.allowed) return deny(decision.reason);
    const context = emergency ? contextOf(emergency.claim.code, String(authTime)) : contextOf();
    return { ...policy(who.userId, 'Allow', event.methodArn), context };
  };
}

function policy(principalId: string, effect: 'Allow' | 'Deny', methodArn: string): AuthorizerResult {
  return {
    principalId: principalId || 'unknown',
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: methodArn }] },
  };
}
