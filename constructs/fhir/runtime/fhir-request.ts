import { NHS_NUMBER_SYSTEM } from './nhs-number';
import type { FhirInteraction } from './role-policy';

/** A FHIR RESTful request as the gateway understands it. */
export interface FhirRequest {
  readonly interaction: FhirInteraction;
  readonly method: string;
  readonly resourceType?: string;
  readonly id?: string;
  readonly versionId?: string;
  /** The query string as received (without `?`), for the audit record. */
  readonly query: string;
}

/** The patient a request concerns: a (claimed) NHS number, or a reference like `Patient/123`. */
export interface PatientSubject {
  readonly nhsNumber?: string;
  readonly reference?: string;
}

const TYPE = '[A-Z][A-Za-z]{1,63}';
const ID = '[A-Za-z0-9\\-.]{1,64}';

/**
 * The FHIR interaction of `method` on `path` (relative to the FHIR base, e.g. `/Patient/9`), or
 * undefined for anything the gateway does not forward (system-level search, batches, operations):
 * unknown shapes are denied, not guessed.
 */
export function parseFhirRequest(method: string, path: string, query: string): FhirRequest | undefined {
  const m = method.toUpperCase();
  const p = path.replace(/\/+$/, '') || '/';
  const match = (re: string) => new RegExp(`^${re}$`).exec(p);
  let r: RegExpExecArray | null;
  if (m === 'GET' && p === '/metadata') return { interaction: 'capabilities', method: m, query };
  if ((r = match(`/(${TYPE})`))) {
    if (m === 'GET') return { interaction: 'search-type', method: m, resourceType: r[1], query };
    if (m === 'POST') return { interaction: 'create', method: m, resourceType: r[1], query };
    return undefined;
  }
  if ((r = match(`/(${TYPE})/_search`)) && m === 'POST') return { interaction: 'search-type', method: m, resourceType: r[1], query };
  if ((r = match(`/(${TYPE})/_history`)) && m === 'GET') return { interaction: 'history-type', method: m, resourceType: r[1], query };
  if ((r = match(`/(${TYPE})/(${ID})/_history`)) && m === 'GET') return { interaction: 'history-instance', method: m, resourceType: r[1], id: r[2], query };
  if ((r = match(`/(${TYPE})/(${ID})/_history/(${ID})`)) && m === 'GET') {
    return { interaction: 'vread', method: m, resourceType: r[1], id: r[2], versionId: r[3], query };
  }
  if ((r = match(`/(${TYPE})/(${ID})`)) && !r[2].startsWith('_')) {
    const byMethod: Record<string, FhirInteraction> = { GET: 'read', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };
    const interaction = byMethod[m];
    return interaction ? { interaction, method: m, resourceType: r[1], id: r[2], query } : undefined;
  }
  return undefined;
}

function patientFromToken(value: string): PatientSubject | undefined {
  // A search token `system|value`: only NHS numbers identify a patient here.
  const [system, code] = value.includes('|') ? value.split('|', 2) : [undefined, value];
  if (system === NHS_NUMBER_SYSTEM && code) return { nhsNumber: code };
  return undefined;
}

function patientFromReference(value: string): PatientSubject | undefined {
  if (/^Patient\/[A-Za-z0-9\-.]{1,64}$/.test(value)) return { reference: value };
  if (/^[A-Za-z0-9\-.]{1,64}$/.test(value)) return { reference: `Patient/${value}` };
  return undefined;
}

interface Identifier { system?: unknown; value?: unknown }
interface Reference { reference?: unknown; identifier?: Identifier }

function nhsNumberIn(identifiers: unknown): string | undefined {
  if (!Array.isArray(identifiers)) return undefined;
  const hit = identifiers.find((i: Identifier) => i?.system === NHS_NUMBER_SYSTEM && typeof i.value === 'string');
  return hit ? String(hit.value) : undefined;
}

function patientFromReferenceObject(ref: Reference | undefined): PatientSubject | undefined {
  if (!ref || typeof ref !== 'object') return undefined;
  if (ref.identifier?.system === NHS_NUMBER_SYSTEM && typeof ref.identifier.value === 'string') return { nhsNumber: ref.identifier.value };
  if (typeof ref.reference === 'string') return patientFromReference(ref.reference);
  return undefined;
}

/**
 * The patient `request` concerns, from the path (`Patient/<id>`), the search parameters
 * (`patient`, `subject`, `*.identifier` with the NHS number system, `identifier` on Patient) or
 * the body of a create or update. An NHS number is returned as claimed: the caller validates it.
 */
export function patientOf(request: FhirRequest, params: ReadonlyArray<[string, string]>, body: unknown): PatientSubject | undefined {
  for (const [name, value] of params) {
    const base = name.split(':')[0];
    if (base === 'patient.identifier' || base === 'subject.identifier' || (base === 'identifier' && request.resourceType === 'Patient')) {
      const hit = patientFromToken(value);
      if (hit) return hit;
    }
  }
  for (const [name, value] of params) {
    const base = name.split(':')[0];
    if (base === 'patient' || base === 'subject' || (base === '_id' && request.resourceType === 'Patient')) {
      const hit = patientFromReference(value);
      if (hit) return hit;
    }
  }
  if (body && typeof body === 'object') {
    const resource = body as { resourceType?: unknown; identifier?: unknown; subject?: Reference; patient?: Reference };
    if (resource.resourceType === 'Patient') {
      const nhs = nhsNumberIn(resource.identifier);
      if (nhs) return { nhsNumber: nhs };
    } else {
      const hit = patientFromReferenceObject(resource.subject) ?? patientFromReferenceObject(resource.patient);
      if (hit) return hit;
    }
  }
  if (request.resourceType === 'Patient' && request.id) return { reference: `Patient/${request.id}` };
  return undefined;
}
