import type { FhirRequest } from './fhir-request';
import type { StoreResponse } from './healthlake-client';

/**
 * Checks on HealthLake's answer before it is passed on: it must be FHIR JSON of the kind the
 * interaction returns, and hold only resource types the request was authorised to reach.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Why the answer to `request` must be withheld, or undefined when it may be passed on. `as`
 * judges the answer as the answer of another interaction (the read before a write).
 */
export function answerProblem(request: FhirRequest, answer: StoreResponse, mayReach: (type: string) => boolean, as: FhirRequest['interaction'] = request.interaction): string | undefined {
  if (!answer.body.trim()) return as === 'delete' || as === 'update' || as === 'patch' || as === 'create' ? undefined : 'the answer is empty';
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return 'the answer is not JSON';
  }
  if (!isObject(body) || typeof body.resourceType !== 'string') return 'the answer is not a FHIR resource';
  const type = body.resourceType;
  if (type === 'OperationOutcome') return undefined;
  switch (as) {
    case 'read': case 'vread':
      return type === request.resourceType && body.id === request.id ? undefined : `it is ${type}/${String(body.id).slice(0, 64)}, not the ${request.resourceType}/${request.id} asked for`;
    case 'create': case 'update': case 'patch':
      return type === request.resourceType ? undefined : `it is a ${type}, not a ${request.resourceType}`;
    case 'capabilities':
      return type === 'CapabilityStatement' ? undefined : `it is a ${type}, not a CapabilityStatement`;
    case 'delete':
      return undefined;
    default: {
      if (type !== 'Bundle') return `it is a ${type}, not a Bundle`;
      const entries = Array.isArray(body.entry) ? body.entry : [];
      for (const e of entries) {
        const r = isObject(e) ? e.resource : undefined;
        if (!isObject(r) || typeof r.resourceType !== 'string') {
          if (as === 'search-type') return 'an entry holds no resource';
          continue; // a history entry of a delete has no resource
        }
        if (r.resourceType === 'OperationOutcome') continue;
        if (as === 'history-instance' && (r.resourceType !== request.resourceType || r.id !== request.id)) return `the history holds ${r.resourceType}/${String(r.id).slice(0, 64)}, not only ${request.resourceType}/${request.id}`;
        if (as === 'history-type' && r.resourceType !== request.resourceType) return `the history holds a ${r.resourceType}, not only ${request.resourceType}`;
        if (!mayReach(r.resourceType)) return `it holds a ${r.resourceType}, which the request was not authorised to reach`;
      }
      return undefined;
    }
  }
}

/**
 * The answer with HealthLake's own URLs (Bundle links and full URLs) pointed at the gateway, so
 * a client follows the next page through the gateway (audited), never to HealthLake.
 */
export function rewriteLinks(body: string, storeBase: string, gatewayBase: string | undefined): string {
  if (!body.includes(storeBase)) return body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  const point = (url: unknown) => (typeof url === 'string' && url.startsWith(storeBase) ? `${gatewayBase ?? ''}${url.slice(storeBase.length)}` : url);
  if (isObject(parsed) && parsed.resourceType === 'Bundle') {
    for (const l of Array.isArray(parsed.link) ? parsed.link : []) if (isObject(l)) l.url = point(l.url);
    for (const e of Array.isArray(parsed.entry) ? parsed.entry : []) if (isObject(e)) e.fullUrl = point(e.fullUrl);
  }
  return JSON.stringify(parsed);
}
