import { randomUUID } from 'crypto';
import { ACT_REASON_SYSTEM, reasonDisplay, type EmergencyClaim } from './emergency-access';
import { NHS_NUMBER_SYSTEM } from './nhs-number';
import type { FhirRequest } from './fhir-request';
import { PatientSet, type PatientRef } from './patients';

/**
 * FHIR R4 AuditEvent records written by the gateway: a decision event for every request, allowed
 * or refused, and for every request forwarded an outcome event with HealthLake's answer, linked
 * to its decision (detail `decision-event`).
 *
 * Shape follows IHE Basic Audit Log Patterns: agent = the user (id, role) and their
 * organisation (ODS code), entity = each patient (NHS number and/or store reference, role
 * Patient; or an explicit "multiple or unknown patients" entity with the criteria) and the data
 * touched (type, id, query), source = this trust's gateway. A request declaring an emergency
 * carries it in `purposeOfEvent` (HL7 v3 ActReason code, and the caller's free text), whether it
 * was granted or refused.
 */

/** The ODS organisation code identifier system. */
export const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
/** The identifier system of CIS2 user ids (SDS user id). */
export const SDS_USER_ID_SYSTEM = 'https://fhir.nhs.uk/Id/sds-user-id';
/** The identifier system of role codes and Cognito groups in agent.role. */
export const ROLE_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/NHSDigital-SDS-JobRoleCode';
/** The identifier system for subjects of non-CIS2 issuers (the token `sub`). */
export const TOKEN_SUBJECT_SYSTEM = 'urn:ietf:params:oauth:jwt:sub';

/** A FHIR R4 AuditEvent (the elements the gateway writes). */
export interface AuditEvent {
  readonly resourceType: 'AuditEvent';
  readonly id: string;
  readonly type: Coding;
  readonly subtype?: Coding[];
  readonly action?: 'C' | 'R' | 'U' | 'D' | 'E';
  readonly recorded: string;
  readonly outcome: AuditOutcome;
  readonly outcomeDesc?: string;
  readonly agent: AuditAgent[];
  readonly source: { observer: Reference; type?: Coding[] };
  readonly entity?: AuditEntity[];
  /** The declared purpose: emergency access, with its reason code and the caller's free text. */
  readonly purposeOfEvent?: Array<{ coding?: Coding[]; text: string }>;
}

/** A FHIR Coding. */
export interface Coding { readonly system?: string; readonly code: string; readonly display?: string }
/** A FHIR Reference (the forms the gateway writes). */
export interface Reference { readonly reference?: string; readonly type?: string; readonly identifier?: { system: string; value: string }; readonly display?: string }
/** An AuditEvent agent. */
export interface AuditAgent {
  readonly type?: { coding: Coding[] };
  readonly role?: Array<{ coding: Coding[] }>;
  readonly who?: Reference;
  readonly name?: string;
  readonly requestor: boolean;
  readonly network?: { address: string; type: '2' };
}
/** An AuditEvent entity. */
export interface AuditEntity {
  readonly what?: Reference;
  readonly type?: Coding;
  readonly role?: Coding;
  readonly query?: string;
  readonly detail?: Array<{ type: string; valueString: string }>;
}

/** FHIR AuditEvent outcome: 0 success, 4 minor failure (request refused), 8 serious failure, 12 major failure. */
export type AuditOutcome = '0' | '4' | '8' | '12';

/** Who made the request, as far as the gateway knows. */
export interface AuditCaller {
  /** User id (CIS2 `nhsid_useruid`, else the token `sub`); undefined when the token was not accepted. */
  readonly userId?: string;
  /** Whether userId is an SDS user id (CIS2) rather than a token subject. */
  readonly cis2?: boolean;
  /** The role the decision was made for (the policy key that granted it, else the caller's acting role). */
  readonly role?: string;
  /** The caller's organisation ODS code. */
  readonly orgOdsCode?: string;
  readonly sourceIp: string;
}

/** What happened to the request. */
export interface AuditDecision {
  readonly outcome: AuditOutcome;
  /** HTTP status the gateway answers (or, for an allowed request, the decision to forward). */
  readonly status: number;
  readonly description: string;
}

/** Which of a request's AuditEvents this is. */
export type AuditPhase = 'decision' | 'outcome';

/** Everything an AuditEvent is made from. */
export interface AuditInput {
  readonly caller: AuditCaller;
  /** The understood request, or the raw method, path and query of one that was not understood. */
  readonly request: FhirRequest | { readonly method: string; readonly path: string; readonly query: string };
  /** Every patient the request named or reached, each once. */
  readonly patients?: readonly PatientRef[];
  /**
   * Set when the request may reach patients it does not name (a search not pinned to patients):
   * recorded as an explicit "multiple or unknown patients" entity carrying the full criteria.
   */
  readonly unnamedPatients?: string;
  readonly decision: AuditDecision;
  /** `decision` (written before anything is forwarded) or `outcome` (HealthLake's answer). @default 'decision' */
  readonly phase?: AuditPhase;
  /** The id of the decision event an outcome event follows. */
  readonly decisionEventId?: string;
  /** Resource types the request reaches beyond its own (includes, chains). */
  readonly reached?: readonly string[];
  /** The role-policy key that granted the access (a code of the acting role), or the emergency access grant. */
  readonly grantedBy?: string;
  /** The emergency the request declared, granted or not. */
  readonly emergency?: EmergencyClaim;
  /** The caller's role key that may declare an emergency, for an emergency honoured (with several keys, the agent's role may be another). */
  readonly emergencyDeclaredAs?: string;
  /** This trust's ODS code: the observer that recorded the event. */
  readonly observerOdsCode: string;
  readonly requestId?: string;
  readonly now?: Date;
}

const ACTION_OF: Record<string, AuditEvent['action']> = {
  read: 'R', vread: 'R', 'search-type': 'E', 'history-instance': 'R', 'history-type': 'R', capabilities: 'E',
  create: 'C', update: 'U', patch: 'U', delete: 'D',
};

/** The most characters of a query an AuditEvent keeps (the rest is cut and the cut recorded). */
export const MAX_AUDITED_QUERY = 8192;

function isFhirRequest(r: AuditInput['request']): r is FhirRequest {
  return 'interaction' in r;
}

const PATIENT_ENTITY = {
  type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' },
  role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
} as const;

/** The AuditEvent entity naming one patient: store reference, NHS number, or both. */
export function patientEntity(p: PatientRef): AuditEntity {
  return {
    what: { ...(p.reference ? { reference: p.reference } : {}), ...(p.nhsNumber ? { identifier: { system: NHS_NUMBER_SYSTEM, value: p.nhsNumber } } : {}) },
    ...PATIENT_ENTITY,
  };
}

/** Builds one AuditEvent for a request: its decision, or HealthLake's answer to it. */
export function buildAuditEvent(input: AuditInput): AuditEvent {
  const { caller, request, decision } = input;
  const fhir = isFhirRequest(request) ? request : undefined;
  const who: Reference | undefined = caller.userId
    ? { identifier: { system: caller.cis2 ? SDS_USER_ID_SYSTEM : TOKEN_SUBJECT_SYSTEM, value: caller.userId } }
    : { display: 'unauthenticated caller' };
  const agents: AuditAgent[] = [
    {
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' }] },
      ...(caller.role ? { role: [{ coding: [{ system: ROLE_SYSTEM, code: caller.role }] }] } : {}),
      who,
      requestor: true,
      network: { address: caller.sourceIp || 'unknown', type: '2' },
    },
  ];
  if (caller.orgOdsCode) {
    agents.push({
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleClass', code: 'PROV', display: 'healthcare provider' }] },
      who: { identifier: { system: ODS_SYSTEM, value: caller.orgOdsCode } },
      requestor: false,
    });
  }
  const query = request.query.length > MAX_AUDITED_QUERY ? request.query.slice(0, MAX_AUDITED_QUERY) : request.query;
  const encodedQuery = query ? Buffer.from(query, 'utf8').toString('base64') : undefined;
  // A request on Patient/<id> names that patient, whatever became of it: a refused attempt too.
  const patients = new PatientSet().addAll(input.patients ?? []);
  if (fhir?.resourceType === 'Patient' && fhir.id) patients.add({ reference: `Patient/${fhir.id}` });
  const entities: AuditEntity[] = patients.list().map(patientEntity);
  if (input.unnamedPatients) {
    entities.push({
      what: { display: 'multiple or unknown patients' },
      ...PATIENT_ENTITY,
      ...(encodedQuery ? { query: encodedQuery } : {}),
      detail: [{ type: 'patients', valueString: input.unnamedPatients }],
    });
  }
  const path = fhir ? fhir.forwardPath : (request as { path: string }).path;
  const detail = [
    { type: 'phase', valueString: input.phase ?? 'decision' },
    { type: 'method', valueString: request.method },
    { type: 'path', valueString: path },
    ...(query ? [{ type: 'query', valueString: query }] : []),
    ...(request.query.length > MAX_AUDITED_QUERY ? [{ type: 'query-truncated', valueString: `${request.query.length} characters` }] : []),
    ...(input.reached?.length ? [{ type: 'reached-types', valueString: input.reached.join(',') }] : []),
    ...(input.grantedBy ? [{ type: 'granted-by', valueString: input.grantedBy }] : []),
    ...(input.emergencyDeclaredAs ? [{ type: 'emergency-declared-as', valueString: input.emergencyDeclaredAs }] : []),
    { type: 'http-status', valueString: String(decision.status) },
    ...(input.decisionEventId ? [{ type: 'decision-event', valueString: input.decisionEventId }] : []),
    ...(input.requestId ? [{ type: 'request-id', valueString: input.requestId }] : []),
  ];
  const what: Reference | undefined = fhir?.resourceType
    ? { type: fhir.resourceType, ...(fhir.id ? { reference: `${fhir.resourceType}/${fhir.id}${fhir.versionId ? `/_history/${fhir.versionId}` : ''}` } : { display: fhir.resourceType }) }
    : undefined;
  entities.push({
    ...(what ? { what } : {}),
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2', display: 'System Object' },
    ...(encodedQuery ? { query: encodedQuery } : {}),
    detail,
  });
  return {
    resourceType: 'AuditEvent',
    id: randomUUID(),
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' },
    ...(fhir ? { subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: fhir.interaction }], action: ACTION_OF[fhir.interaction] } : {}),
    recorded: (input.now ?? new Date()).toISOString(),
    outcome: decision.outcome,
    outcomeDesc: decision.description,
    agent: agents,
    source: {
      observer: { identifier: { system: ODS_SYSTEM, value: input.observerOdsCode }, display: 'Rootstock FHIR gateway' },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '3', display: 'Web Server' }],
    },
    entity: entities,
    ...(input.emergency ? { purposeOfEvent: [purposeOf(input.emergency)] } : {}),
  };
}

/** The `purposeOfEvent` of a declared emergency: the ActReason code when it is one of the list, and the text. */
function purposeOf(claim: EmergencyClaim): { coding?: Coding[]; text: string } {
  return { ...(claim.code ? { coding: [{ system: ACT_REASON_SYSTEM, code: claim.code, display: reasonDisplay(claim.code) }] } : {}), text: claim.text };
}

/** The AuditEvent outcome for an HTTP status: 0 success, 4 refused or not found (minor), 8 failed (serious). */
export function outcomeOfStatus(status: number): AuditOutcome {
  return status < 400 ? '0' : status < 500 ? '4' : '8';
}

/** The log field a failed audit write carries: the gateway's fail-closed alarm counts log events with it. */
export const AUDIT_WRITE_FAILED = 'auditWriteFailed';

/** An AuditEvent could not be written, so the request was not served (the gateway fails closed). */
export class AuditWriteFailed extends Error {
  constructor(cause: unknown) {
    super(`the audit record could not be written: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'AuditWriteFailed';
  }
}

/** Where AuditEvents are written. `write` must reject when the event was not durably accepted. */
export interface AuditSink {
  write(event: AuditEvent): Promise<void>;
}
