import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { buildAuditEvent, type AuditCaller, type AuditDecision, type AuditSink } from './audit-event';
import { fhirPath, header, queryPairs, queryString, type AuthorizerResult, type RequestAuthorizerEvent } from './api-gateway';
import { callerFromClaims, type VerifiedCaller } from './caller';
import { parseFhirRequest, patientOf } from './fhir-request';
import { ASYMMETRIC_ALGORITHMS, allowingRole, type RoleClaimSource, type RolePolicy } from './role-policy';

/** How the authoriser checks tokens and roles (from the construct, through the environment). */
export interface AuthoriserConfig {
  /** The token issuer (`iss`), exactly. */
  readonly issuer: string;
  /** Accepted audiences (`aud`). */
  readonly audience: string | readonly string[];
  /** The issuer's JWKS URL. */
  readonly jwksUri: string;
  /** Accepted JWS algorithms: asymmetric only. */
  readonly algorithms: readonly string[];
  readonly roleClaim: RoleClaimSource;
  readonly rolePolicy: RolePolicy;
  /** This trust's ODS code (the audit observer; the organisation when a token names none). */
  readonly odsCode: string;
  /** Allowed clock skew for exp and nbf, in seconds. @default 5 */
  readonly clockToleranceSeconds?: number;
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

/** A token that was not accepted, with the reason recorded in the audit event. */
class TokenRejected extends Error {}

function rejectionReason(e: unknown): string | undefined {
  if (e instanceof errors.JWTExpired) return 'token expired';
  if (e instanceof errors.JWTClaimValidationFailed) return `token claim '${e.claim}' failed validation (${e.reason})`;
  if (e instanceof errors.JOSEAlgNotAllowed) return 'token algorithm not allowed';
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'token signature invalid';
  if (e instanceof errors.JWKSNoMatchingKey) return 'no issuer key matches the token';
  if (e instanceof errors.JWTInvalid || e instanceof errors.JWSInvalid || e instanceof errors.JOSENotSupported) return `token malformed or unsupported (${(e as Error).message})`;
  if (e instanceof TokenRejected) return e.message;
  return undefined;
}

/**
 * The authoriser: verifies the bearer token, then decides by the role policy whether the
 * caller may perform this FHIR interaction. Every refusal writes an AuditEvent before it is
 * answered (401 unauthenticated, 403 forbidden); allowed requests are audited by the proxy,
 * so each request gets exactly one event. A failed audit write raises an error (500).
 */
export function createAuthoriser(config: AuthoriserConfig, deps: AuthoriserDeps): (event: RequestAuthorizerEvent) => Promise<AuthorizerResult> {
  const bad = config.algorithms.filter((a) => !ASYMMETRIC_ALGORITHMS.includes(a));
  if (bad.length || config.algorithms.length === 0) throw new Error(`algorithms must be asymmetric JWS algorithms (${ASYMMETRIC_ALGORITHMS.join(', ')}); got ${config.algorithms.join(', ') || 'none'}`);
  const keys = deps.keys ?? createRemoteJWKSet(new URL(config.jwksUri));

  return async (event) => {
    const path = fhirPath(event);
    const pairs = queryPairs(event);
    const query = queryString(pairs);
    const request = parseFhirRequest(event.httpMethod, path, query);
    const sourceIp = event.requestContext?.identity?.sourceIp ?? 'unknown';
    const audit = async (caller: AuditCaller, decision: AuditDecision) => {
      await deps.sink.write(
        buildAuditEvent({
          caller,
          request: request ?? { method: event.httpMethod, path, query },
          patient: request ? patientOf(request, pairs, undefined) : undefined,
          decision,
          observerOdsCode: config.odsCode,
          requestId: event.requestContext?.requestId,
        }),
      );
    };

    let caller: VerifiedCaller;
    try {
      const auth = header(event.headers, 'authorization') ?? '';
      const m = /^Bearer ([A-Za-z0-9_\-.=]+)$/.exec(auth.trim());
      if (!m) throw new TokenRejected('no bearer token');
      const { payload } = await jwtVerify(m[1], keys, {
        issuer: config.issuer,
        audience: [...(Array.isArray(config.audience) ? config.audience : [config.audience])],
        algorithms: [...config.algorithms],
        clockTolerance: config.clockToleranceSeconds ?? 5,
        requiredClaims: ['exp', 'sub'],
      });
      caller = callerFromClaims(payload, config.roleClaim);
    } catch (e) {
      const reason = rejectionReason(e);
      if (reason === undefined) {
        // Not the token's fault (e.g. the JWKS could not be fetched): record it, answer 500.
        await audit({ sourceIp }, { outcome: '8', status: 500, description: `token could not be verified: ${(e as Error).message}` });
        throw new Error(`token verification failed: ${(e as Error).message}`);
      }
      await audit({ sourceIp }, { outcome: '4', status: 401, description: `unauthenticated: ${reason}` });
      throw new Error(UNAUTHORIZED);
    }

    const org = caller.orgOdsCode ?? config.odsCode;
    const allowedBy = request ? allowingRole(config.rolePolicy, caller.roles, request.interaction, request.resourceType) : undefined;
    const auditCaller: AuditCaller = { userId: caller.userId, cis2: caller.cis2, role: allowedBy ?? caller.primaryRole, orgOdsCode: org, sourceIp };
    if (!allowedBy) {
      const what = request ? `${request.interaction} on ${request.resourceType ?? 'the server'}` : `${event.httpMethod} ${path} (not a supported FHIR interaction)`;
      await audit(auditCaller, { outcome: '4', status: 403, description: `forbidden: no role of the caller allows ${what}` });
      return policy(caller.userId, 'Deny', event.methodArn);
    }
    return {
      ...policy(caller.userId, 'Allow', event.methodArn),
      context: { userId: caller.userId, cis2: String(caller.cis2), roles: JSON.stringify(caller.roles), role: allowedBy, org },
    };
  };
}

function policy(principalId: string, effect: 'Allow' | 'Deny', methodArn: string): AuthorizerResult {
  return {
    principalId: principalId || 'unknown',
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: methodArn }] },
  };
}
