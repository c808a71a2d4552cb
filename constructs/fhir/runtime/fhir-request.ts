import { isResourceType } from './fhir-definitions';
import { isFhirId } from './patients';
import { Refused, refusal } from './refusal';
import type { FhirInteraction } from './role-policy';
import { planHistory, planSearch, type SearchPlan } from './search';

/**
 * The FHIR RESTful request a gateway call is, understood completely or refused: the path must be
 * a resource type, a FHIR id and the reserved words of the R4 RESTful API; the query and a
 * form-encoded `_search` body go through the search plan; a body must be the content type the
 * interaction takes. Only the parts understood are forwarded (a canonical path built from them),
 * so what HealthLake receives is what was authorised and audited.
 */

/** An HTTP request as API Gateway hands it over (decoded path relative to the FHIR base). */
export interface HttpRequest {
  readonly method: string;
  /** The path below the FHIR base, decoded: `/Patient/9`. */
  readonly path: string;
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** Request headers (any case). */
  readonly headers?: Readonly<Record<string, string | undefined>> | null;
  /** The body, decoded; undefined where it cannot be seen (the authoriser). */
  readonly body?: string;
}

/** A request the gateway understands. */
export interface FhirRequest {
  readonly interaction: FhirInteraction;
  readonly method: string;
  readonly resourceType?: string;
  readonly id?: string;
  readonly versionId?: string;
  /** The search (search-type and history), or the result shaping of a read. */
  readonly search?: SearchPlan;
  /** The path forwarded below HealthLake's base, built from the parts understood. */
  readonly forwardPath: string;
  /** The query forwarded. */
  readonly forwardQuery: ReadonlyArray<[string, string]>;
  /** The body forwarded (a form for `_search`, the resource or patch as received), when there is one. */
  readonly forwardBody?: { readonly contentType: string; readonly text: string };
  /** The resource in a create or update body, parsed. */
  readonly resource?: Record<string, unknown>;
  /** The query as received, with a `_search` form's parameters after it: what the AuditEvent records. */
  readonly query: string;
}

/** The largest body accepted: API Gateway's own limit is 10 MB. */
export const MAX_BODY_LENGTH = 5 * 1024 * 1024;

const PATH_CHARS = /^[A-Za-z0-9\-._$/]*$/;
const TYPE_SEGMENT = /^[A-Z][A-Za-z]{1,63}$/;
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPES = ['application/fhir+json', 'application/json'];
const PATCH_TYPE = 'application/json-patch+json';

const refuse = (status: number, reason: string): never => {
  throw new Refused(refusal(status, reason));
};

/** A header by case-insensitive name. */
export function headerOf(headers: HttpRequest['headers'], name: string): string | undefined {
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? headers![key] : undefined;
}

/** The query string for `pairs`, percent-encoded. */
export function queryString(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** Understands `http` as a FHIR interaction. @throws Refused for anything else */
export function understand(http: HttpRequest): FhirRequest {
  const method = http.method.toUpperCase();
  if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) refuse(405, `${method.slice(0, 16)} is not a FHIR RESTful method: use GET, POST, PUT, PATCH or DELETE`);
  if (!PATH_CHARS.test(http.path) || !http.path.startsWith('/')) refuse(400, 'the path holds characters no FHIR type, id or operation has (encoded or otherwise)');
  const segments = http.path === '/' ? [] : http.path.slice(1).split('/');
  if (segments.some((s) => s === '')) refuse(400, 'the path has an empty segment');
  if (headerOf(http.headers, 'if-none-exist') !== undefined) refuse(400, 'conditional create (If-None-Exist) runs a search the gateway cannot authorise: search first, then create');
  const queryText = queryString(http.query);
  const base = { method, query: queryText };

  if (segments.length === 0) {
    if (method === 'POST') refuse(400, 'batch and transaction bundles are not processed: each request must be authorised and audited on its own, so send them one at a time');
    refuse(400, 'system-wide search and operations at the base are not supported: search one resource type');
  }
  const [first, second, third, fourth, ...rest] = segments;
  if (rest.length) refuse(400, 'the path has more segments than any FHIR interaction');
  if (first === 'metadata' && segments.length === 1) {
    if (method !== 'GET') refuse(405, 'metadata answers GET only');
    noQuery(http, 'metadata');
    noBody(http);
    return { ...base, interaction: 'capabilities', forwardPath: '/metadata', forwardQuery: [] };
  }
  if (first.startsWith('$') || second?.startsWith('$') || third?.startsWith('$')) refuse(400, 'FHIR operations ($name) are not supported by this gateway');
  if (first.startsWith('_')) refuse(400, `${first} at the base is a system-level interaction, which is not supported: use a resource type`);
  if (!TYPE_SEGMENT.test(first) || !isResourceType(first)) refuse(404, `'${first.slice(0, 64)}' is not a FHIR R4 resource type`);
  const resourceType = first;

  if (second === undefined) {
    if (method === 'GET') {
      noBody(http);
      const search = planSearch(resourceType, http.query);
      return { ...base, interaction: 'search-type', resourceType, search, forwardPath: `/${resourceType}`, forwardQuery: search.forward };
    }
    if (method === 'POST') {
      noQuery(http, 'create');
      const body = jsonBody(http, resourceType, undefined);
      return { ...base, interaction: 'create', resourceType, forwardPath: `/${resourceType}`, forwardQuery: [], ...body };
    }
    refuse(method === 'DELETE' || method === 'PUT' || method === 'PATCH' ? 400 : 405, `${method} on a resource type is a conditional ${method === 'DELETE' ? 'delete' : 'update'}, which runs a search the gateway cannot authorise: address one resource by id`);
  }
  if (second === '_search' && third === undefined) {
    if (method !== 'POST') refuse(405, `${resourceType}/_search takes POST with a form body; search with GET on ${resourceType}`);
    const form = formBody(http);
    const search = planSearch(resourceType, [...http.query, ...form]);
    const query = queryString([...http.query, ...form]);
    return {
      ...base, query, interaction: 'search-type', resourceType, search, forwardPath: `/${resourceType}/_search`, forwardQuery: [],
      ...(http.body !== undefined ? { forwardBody: { contentType: FORM, text: queryString(search.forward) } } : {}),
    };
  }
  if (second === '_history' && third === undefined) {
    if (method !== 'GET') refuse(405, `${resourceType}/_history answers GET only`);
    noBody(http);
    const search = planHistory(resourceType, http.query);
    return { ...base, interaction: 'history-type', resourceType, search, forwardPath: `/${resourceType}/_history`, forwardQuery: search.forward };
  }
  if (second.startsWith('_') || !isFhirId(second)) refuse(400, `'${second.slice(0, 64)}' is not a FHIR id (1 to 64 letters, digits, '-' and '.', not only dots)`);
  const id = second;
  if (third === undefined) {
    const interaction = ({ GET: 'read', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as const)[method as 'GET' | 'PUT' | 'PATCH' | 'DELETE'];
    if (!interaction) refuse(405, `${method} on ${resourceType}/${id} is not a FHIR interaction: use GET, PUT, PATCH or DELETE`);
    const forwardPath = `/${resourceType}/${id}`;
    if (interaction === 'read') {
      noBody(http);
      const search = shapingOnly(resourceType, http.query);
      return { ...base, interaction, resourceType, id, search, forwardPath, forwardQuery: search.forward };
    }
    noQuery(http, interaction);
    if (interaction === 'delete') {
      noBody(http);
      return { ...base, interaction, resourceType, id, forwardPath, forwardQuery: [] };
    }
    const body = interaction === 'update' ? jsonBody(http, resourceType, id) : patchBody(http);
    return { ...base, interaction, resourceType, id, forwardPath, forwardQuery: [], ...body };
  }
  if (third !== '_history') refuse(400, `'${third.slice(0, 64)}' after ${resourceType}/${id} is not understood: only _history`);
  if (method !== 'GET') refuse(405, 'history answers GET only');
  noBody(http);
  if (fourth === undefined) {
    const search = planHistory(resourceType, http.query);
    return { ...base, interaction: 'history-instance', resourceType, id, search, forwardPath: `/${resourceType}/${id}/_history`, forwardQuery: search.forward };
  }
  if (!isFhirId(fourth)) refuse(400, `'${fourth.slice(0, 64)}' is not a FHIR version id`);
  const search = shapingOnly(resourceType, http.query);
  return { ...base, interaction: 'vread', resourceType, id, versionId: fourth, search, forwardPath: `/${resourceType}/${id}/_history/${fourth}`, forwardQuery: search.forward };
}

/** A read takes only result shaping (`_elements`, `_summary`). */
function shapingOnly(resourceType: string, query: HttpRequest['query']): SearchPlan {
  const other = query.find(([n]) => n !== '_elements' && n !== '_summary');
  if (other) refuse(400, `'${other[0].slice(0, 64)}' is not a parameter of read: only _elements and _summary`);
  return planSearch(resourceType, query);
}

function noQuery(http: HttpRequest, what: string): void {
  if (http.query.length) refuse(400, `${what} takes no query parameters; got '${http.query[0][0].slice(0, 64)}'`);
}

function noBody(http: HttpRequest): void {
  if (http.body) refuse(400, `${http.method.toUpperCase()} takes no body`);
}

function mediaType(http: HttpRequest): string {
  return (headerOf(http.headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
}

function checkSize(http: HttpRequest): void {
  if ((http.body?.length ?? 0) > MAX_BODY_LENGTH) refuse(413, `the body is larger than the ${MAX_BODY_LENGTH} characters this gateway accepts`);
}

/** The parameters of a `_search` form body (none when the body cannot be seen). */
function formBody(http: HttpRequest): Array<[string, string]> {
  if (http.body === undefined) return [];
  checkSize(http);
  if (http.body !== '' && mediaType(http) !== FORM) refuse(415, `${mediaType(http) || 'a body without a content type'} is not accepted on _search: send the parameters as ${FORM}`);
  return [...new URLSearchParams(http.body)];
}

/** A create or update body: one FHIR resource of the path's type (and id, for an update). */
function jsonBody(http: HttpRequest, resourceType: string, id: string | undefined): Partial<FhirRequest> {
  if (http.body === undefined) return {};
  checkSize(http);
  if (!JSON_TYPES.includes(mediaType(http))) refuse(415, `${mediaType(http) || 'a body without a content type'} is not accepted: send FHIR JSON (application/fhir+json)`);
  let resource: unknown;
  try {
    resource = JSON.parse(http.body);
  } catch {
    refuse(400, 'the body is not JSON');
  }
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) refuse(400, 'the body is not a FHIR resource');
  const r = resource as Record<string, unknown>;
  if (r.resourceType !== resourceType) refuse(400, `the body is a ${String(r.resourceType).slice(0, 64)}, not a ${resourceType}`);
  if (r.resourceType === 'Bundle' && (r.type === 'batch' || r.type === 'transaction')) refuse(400, 'batch and transaction bundles are not processed: each request must be authorised and audited on its own');
  if (id !== undefined && r.id !== id) refuse(400, `the body's id must be ${id}, the id in the path`);
  if (id === undefined && r.id !== undefined && (typeof r.id !== 'string' || !isFhirId(r.id))) refuse(400, 'the body has an id that is not a FHIR id');
  return { resource: r, forwardBody: { contentType: 'application/fhir+json', text: http.body } };
}

/** A JSON Patch body. */
function patchBody(http: HttpRequest): Partial<FhirRequest> {
  if (http.body === undefined) return {};
  checkSize(http);
  if (mediaType(http) !== PATCH_TYPE) refuse(415, `${mediaType(http) || 'a body without a content type'} is not accepted for PATCH: send ${PATCH_TYPE}`);
  let ops: unknown;
  try {
    ops = JSON.parse(http.body);
  } catch {
    refuse(400, 'the body is not JSON');
  }
  if (!Array.isArray(ops) || ops.some((o) => typeof o !== 'object' || o === null || typeof (o as { op?: unknown }).op !== 'string')) refuse(400, 'the body is not a JSON Patch (a list of operations)');
  return { forwardBody: { contentType: PATCH_TYPE, text: http.body } };
}
