import { fhirPath, gatewayBaseUrl, queryPairs, type ProxyEvent, type ProxyResult } from './api-gateway';
import { AUDIT_WRITE_FAILED, buildAuditEvent, outcomeOfStatus, type AuditCaller, type AuditDecision, type AuditInput, type AuditSink } from './audit-event';
import { headerOf, queryString, understand, type FhirRequest, type HttpRequest } from './fhir-request';
import { HealthLakeClient, type Credentials, type StoreResponse } from './healthlake-client';
import { PatientSet, patientsOf, type PatientRef } from './patients';
import { Refused, refusal, type Refusal } from './refusal';
import { EMERGENCY_ACCESS_HEADER, declaringRole, emergencyRefusal, readEmergencyDeclaration, type EmergencyAccess } from './emergency-access';
import { allowedBy, decideAccess, EMERGENCY_GRANTED_BY, type RolePolicy } from './role-policy';
import { answerProblem, rewriteLinks } from './answer';

export type { Credentials } from './healthlake-client';

/** How the proxy reaches HealthLake (from the construct, through the environment). */
export interface ProxyConfig {
  /** The data store's FHIR base URL (`https://healthlake.<region>.amazonaws.com/datastore/<id>/r4/`). */
  readonly endpoint: string;
  readonly region: string;
  readonly rolePolicy: RolePolicy;
  /** This trust's ODS code: the audit observer, and always an allowed organisation. */
  readonly odsCode: string;
  /** Other organisations whose staff may act here. @default none */
  readonly allowedOrganisations?: readonly string[];
  /** Upstream timeout in milliseconds. @default 20000 */
  readonly timeoutMs?: number;
  /** Who may declare an emergency, and what it grants. @default none: a declaration is refused (400) and audited */
  readonly emergencyAccess?: EmergencyAccess;
}

/** Operational logging (powertools Logger in the Lambda). */
export interface ProxyLogger {
  info(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** What the proxy needs from outside. */
export interface ProxyDeps {
  readonly sink: AuditSink;
  readonly credentials: () => Credentials | Promise<Credentials>;
  readonly logger?: ProxyLogger;
}

const FHIR_JSON = 'application/fhir+json';

function operationOutcome(status: number, code: string, text: string): ProxyResult {
  return {
    statusCode: status,
    headers: { 'content-type': FHIR_JSON },
    body: JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics: text }] }),
  };
}

const AUDIT_FAILED = operationOutcome(500, 'exception', 'The audit record could not be written, so the request was not processed.');

/**
 * The FHIR proxy: understands the request again (body included), re-applies the role policy,
 * writes the decision AuditEvent, and only then talks to HealthLake; it then writes an outcome
 * AuditEvent from HealthLake's real answer (its status, and the patients actually returned or
 * written) and only then answers.
 *
 * The fail-closed contract: no request reaches HealthLake without a written decision event, and
 * no answer reaches the caller without a written outcome event; a failed write answers 500 and is
 * logged with `auditWriteFailed` (which alarms). Writes and deletes by id first read the stored
 * resource, so the outcome names the patient it belonged to. An answer holding resource types the
 * request was not authorised to reach is withheld. A declared emergency is judged again (the
 * declaration, the role, the window from the authoriser's verified `auth_time`) and recorded in
 * both events as their `purposeOfEvent`.
 */
export function createProxy(config: ProxyConfig, deps: ProxyDeps): (event: ProxyEvent) => Promise<ProxyResult> {
  const store = new HealthLakeClient(config.endpoint, config.region, deps.credentials, config.timeoutMs ?? 20000);
  const organisations = [config.odsCode, ...(config.allowedOrganisations ?? [])];

  return async (event) => {
    const rawBody = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
    const http: HttpRequest = { method: event.httpMethod, path: fhirPath(event), query: queryPairs(event), headers: event.headers, body: rawBody };
    const raw = { method: http.method, path: http.path, query: queryString(http.query) };
    const ctx = event.requestContext?.authorizer ?? {};
    const text = (k: string) => (typeof ctx[k] === 'string' ? (ctx[k] as string) : undefined);
    const userId = text('userId');
    const roleKeys = parseList(text('roleKeys'));
    const caller: { current: AuditCaller } = {
      current: { userId, cis2: text('cis2') === 'true', role: text('role') || undefined, orgOdsCode: text('org') || undefined, sourceIp: event.requestContext?.identity?.sourceIp ?? 'unknown' },
    };
    // A declaration the authoriser honoured that the proxy cannot see is still a declaration: recorded (so alarmed and reviewed) and refused.
    const authorisedAs = text('emergency');
    const emergency = readEmergencyDeclaration(event.headers, event.multiValueHeaders, config.emergencyAccess)
      ?? (authorisedAs ? { claim: { text: `not understood: ${EMERGENCY_ACCESS_HEADER} authorised as '${authorisedAs.replace(/[^\x20-\x7e]/g, '?').slice(0, 16)}' but not on the request` }, refusal: refusal(400, 'the emergency declaration is not the one the request was authorised with') } : undefined);
    const write = async (input: Omit<AuditInput, 'caller' | 'observerOdsCode' | 'requestId' | 'emergency'>): Promise<string | undefined> => {
      const auditEvent = buildAuditEvent({ ...input, caller: caller.current, emergency: emergency?.claim, observerOdsCode: config.odsCode, requestId: event.requestContext?.requestId });
      try {
        await deps.sink.write(auditEvent);
        return auditEvent.id;
      } catch (e) {
        deps.logger?.error('audit write failed', { [AUDIT_WRITE_FAILED]: true, phase: input.phase ?? 'decision', error: (e as Error).message });
        return undefined;
      }
    };
    const refuse = async (r: Refusal, request?: FhirRequest, patients?: readonly PatientRef[]): Promise<ProxyResult> => {
      const id = await write({ request: request ?? raw, patients, decision: { outcome: '4', status: r.status, description: r.reason } });
      return id ? operationOutcome(r.status, r.code, r.reason) : AUDIT_FAILED;
    };

    // 1. Decide again: the authoriser decided on what it could see (no body); checking again keeps
    // the proxy safe if it is ever wired without the authoriser.
    if (!userId) return refuse(refusal(401, 'unauthenticated: no verified caller on the request'));
    if (!organisations.includes(caller.current.orgOdsCode ?? '')) return refuse(refusal(403, `forbidden: the caller's organisation ${caller.current.orgOdsCode ?? '(none)'} is not one this trust allows`));
    let request: FhirRequest;
    try {
      request = understand(http);
    } catch (e) {
      if (e instanceof Refused) return refuse(e.refusal);
      throw e;
    }
    if (emergency?.refusal) return refuse(emergency.refusal, request);
    if (text('understood') === 'false') return refuse(refusal(400, 'the request was not understood when it was authorised'), request);
    const search = request.search;
    if ((emergency?.claim.code ?? '') !== (text('emergency') ?? '')) return refuse(refusal(400, 'the emergency declaration is not the one the request was authorised with'), request, search?.patients);
    if (emergency) {
      const authTime = text('authTime') ? Number(text('authTime')) : undefined;
      const refused = emergencyRefusal(config.emergencyAccess!, roleKeys, authTime, Date.now() / 1000);
      if (refused) return refuse(refusal(403, `forbidden: ${refused}`), request, search?.patients);
    }
    const emergencyGrant = emergency ? config.emergencyAccess!.grant : undefined;
    const decision = decideAccess(config.rolePolicy, roleKeys, { interaction: request.interaction, resourceType: request.resourceType, reached: search?.reached }, emergencyGrant);
    if (!decision.allowed) return refuse(refusal(403, `forbidden: ${decision.reason}`), request, search?.patients);

    // 2. The decision event, naming the patients the request names, before anything moves.
    const named = new PatientSet().addAll(search?.patients ?? []);
    if (request.resourceType === 'Patient' && request.id) named.add({ reference: `Patient/${request.id}` });
    const body = request.resource ? patientsOf(request.resource) : undefined;
    if (body) named.addAll(body.patients);
    const unnamed = unnamedPatients(request, search?.bounded ?? false, body?.unnamed ?? 0);
    const declaredAs = emergency ? declaringRole(config.emergencyAccess!, roleKeys) : undefined;
    const basis = emergency ? `emergency access (${emergency.claim.code}) declared as role ${declaredAs}, granted by ${decision.grantedBy === EMERGENCY_GRANTED_BY ? `the ${EMERGENCY_GRANTED_BY}` : `role ${decision.grantedBy}`}` : `role ${decision.grantedBy}`;
    const authorised = `authorised by ${basis}: ${request.interaction}${request.resourceType ? ` on ${request.resourceType}` : ''} forwarded to HealthLake`;
    const reached = search?.reached.slice(1);
    const grantedBy = decision.grantedBy;
    const decisionId = await write({ request, patients: named.list(), unnamedPatients: unnamed, reached, grantedBy, emergencyDeclaredAs: declaredAs, decision: { outcome: '0', status: 200, description: authorised } });
    if (!decisionId) return AUDIT_FAILED;
    const outcome = async (decisionOf: AuditDecision, patients: readonly PatientRef[], unnamedOf?: string): Promise<boolean> =>
      (await write({ request, patients, unnamedPatients: unnamedOf, reached, grantedBy, emergencyDeclaredAs: declaredAs, decision: decisionOf, phase: 'outcome', decisionEventId: decisionId })) !== undefined;
    const failed = async (status: number, why: string): Promise<ProxyResult> =>
      (await outcome({ outcome: '8', status, description: why }, named.list())) ? operationOutcome(status, 'exception', why) : AUDIT_FAILED;

    // 3. Talk to HealthLake: for a write or delete by id, first the stored resource (whose patient it reaches).
    const reachedNow = new PatientSet().addAll(named.list());
    let unnamedCount = body?.unnamed ?? 0;
    let answer: StoreResponse;
    try {
      if (request.id && ['update', 'patch', 'delete'].includes(request.interaction)) {
        const stored = await store.send({ method: 'GET', path: request.forwardPath, query: [] });
        if (stored.status === 200) {
          const problem = answerProblem(request, stored, () => false, 'read');
          if (problem) return failed(502, `the stored resource was not understood, so nothing was changed: ${problem}`);
          const storedPatients = patientsOf(JSON.parse(stored.body));
          reachedNow.addAll(storedPatients.patients);
          unnamedCount += storedPatients.unnamed;
        } else if (stored.status !== 404 && stored.status !== 410) {
          return failed(502, `HealthLake answered ${stored.status} when the stored resource was read, so nothing was changed`);
        }
      }
      answer = await store.send({ method: request.method, path: request.forwardPath, query: request.forwardQuery, body: request.forwardBody, ifMatch: headerOf(event.headers, 'if-match') });
    } catch (e) {
      deps.logger?.error('HealthLake request failed', { auditEventId: decisionId, error: (e as Error).message });
      return failed(502, 'The FHIR store did not answer.');
    }

    // 4. Check the answer against what was authorised; name the patients it holds.
    const mayReach = (type: string) => (search?.paged ? Boolean(allowedBy(config.rolePolicy, roleKeys, 'search-type', type, emergencyGrant)) : (search?.reached ?? [request.resourceType]).includes(type));
    const problem = answer.status < 300 ? answerProblem(request, answer, mayReach) : undefined;
    if (problem) return failed(502, `HealthLake's answer was withheld: ${problem}`);
    if (answer.status < 300 && answer.body) {
      const returned = patientsOf(JSON.parse(answer.body));
      reachedNow.addAll(returned.patients);
      unnamedCount += returned.unnamed;
    }
    const patients = answer.status < 400 ? reachedNow.list() : named.list();
    const description = `HealthLake answered ${answer.status}${answer.status < 400 ? `; ${patients.length} patient${patients.length === 1 ? '' : 's'} reached` : ''}`;
    const unnamedText = unnamedCount ? `${unnamedCount} reference${unnamedCount === 1 ? '' : 's'} to a patient by an identifier that is not a valid NHS number` : undefined;
    if (!(await outcome({ outcome: outcomeOfStatus(answer.status), status: answer.status, description }, patients, unnamedText))) return AUDIT_FAILED;
    deps.logger?.info('forwarded', { auditEventId: decisionId, interaction: request.interaction, upstreamStatus: answer.status });
    return { statusCode: answer.status, headers: answer.headers, body: rewriteLinks(answer.body, store.baseUrl, gatewayBaseUrl(event)) };
  };
}

/** What the decision event says of patients the request does not name, or undefined when it names them all. */
function unnamedPatients(request: FhirRequest, bounded: boolean, unnamedInBody: number): string | undefined {
  switch (request.interaction) {
    case 'search-type':
    case 'history-type':
      return bounded ? undefined : 'not pinned by the criteria: the outcome event names the patients returned';
    case 'read': case 'vread': case 'history-instance':
      return request.resourceType === 'Patient' ? undefined : "the stored resource's patient: named in the outcome event";
    case 'update': case 'patch': case 'delete':
      return "the stored resource's patient: named in the outcome event";
    case 'create':
      return unnamedInBody ? `${unnamedInBody} reference${unnamedInBody === 1 ? '' : 's'} to a patient by an identifier that is not a valid NHS number` : undefined;
    default:
      return undefined;
  }
}

function parseList(value: string | undefined): string[] {
  if (!value) return [];
  try {
    const parsed = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return [];
  }
}
