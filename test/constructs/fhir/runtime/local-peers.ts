import type { KeyObject } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';

/** A local JWT issuer: real keys made with jose, JWKS served over HTTP on 127.0.0.1. */
export interface LocalIssuer {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly publicKey: KeyLike;
  readonly publicPem: string;
  sign(claims: JWTPayload, options?: { expiresIn?: string | number; notBefore?: string | number; alg?: string; typ?: string; key?: KeyLike | Uint8Array }): Promise<string>;
  close(): Promise<void>;
}

/** Starts a JWKS issuer on an ephemeral loopback port. */
export async function startIssuer(): Promise<LocalIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  const server = http.createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const publicPem = (publicKey as unknown as KeyObject).export({ type: 'spki', format: 'pem' }).toString();
  return {
    issuer: base,
    jwksUri: `${base}/.well-known/jwks.json`,
    publicKey,
    publicPem,
    async sign(claims, options = {}) {
      const alg = options.alg ?? 'RS256';
      let jwt = new SignJWT(claims).setProtectedHeader({ alg, kid: 'test-key-1', ...(options.typ ? { typ: options.typ } : {}) }).setIssuedAt();
      if (claims.iss === undefined) jwt = jwt.setIssuer(base);
      if (options.expiresIn !== undefined) jwt = jwt.setExpirationTime(options.expiresIn);
      if (options.notBefore !== undefined) jwt = jwt.setNotBefore(options.notBefore);
      return jwt.sign(options.key ?? privateKey);
    },
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

/** One request the HealthLake stand-in received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

type Resource = Record<string, unknown> & { resourceType: string; id: string };

/**
 * A local HTTP server standing in for Amazon HealthLake, which cannot run locally: an in-memory
 * FHIR R4 server holding realistic resources for several patients. It answers like a lenient
 * FHIR server: it applies the criteria it knows (`_id`, `identifier`, `patient`/`subject`,
 * `code`, `:missing`, `patient.identifier`, `_include`/`_revinclude`, `_has` on Condition) and
 * ignores the rest, returning every resource of the type, as real servers do with unknown
 * parameters. So whatever the gateway forwards is answered the way HealthLake would, and the
 * gateway (not the stand-in) must keep access to what the role allows and audit what was returned.
 */
export interface HealthLakeStandIn {
  readonly endpoint: string;
  readonly received: ReceivedRequest[];
  /** The stored resources, by `Type/id`. */
  readonly resources: Map<string, Resource>;
  /** Answers the next request with this instead (a misbehaving or failing store). */
  answerNextWith(status: number, body: unknown): void;
  /** Restores the seed data and clears the received requests. */
  reset(): void;
  close(): Promise<void>;
}

/** Check-digit-valid NHS numbers of the seeded patients. */
export const SEEDED_NHS = { p1: '9434765919', p2: '9434765870', p3: '9434765900' } as const;
const NHS = 'https://fhir.nhs.uk/Id/nhs-number';

function seed(): Resource[] {
  const patient = (id: keyof typeof SEEDED_NHS, family: string, extra: Record<string, unknown> = {}): Resource => ({
    resourceType: 'Patient', id, meta: { versionId: '1' }, identifier: [{ system: NHS, value: SEEDED_NHS[id] }], name: [{ family, given: ['Sam'] }], ...extra,
  });
  const obs = (id: string, patientId: string, code: string, extra: Record<string, unknown> = {}): Resource => ({
    resourceType: 'Observation', id, meta: { versionId: '1' }, status: 'final', code: { coding: [{ system: 'http://loinc.org', code }] }, subject: { reference: `Patient/${patientId}` }, valueQuantity: { value: 72, unit: '/min' }, ...extra,
  });
  return [
    patient('p1', 'Smith', { link: [{ other: { reference: 'Patient/p3' }, type: 'seealso' }] }),
    patient('p2', 'Jones'),
    patient('p3', 'Smith'),
    obs('o1', 'p1', '8867-4'),
    obs('o2', 'p2', '8867-4'),
    obs('o3', 'p3', '8310-5', { performer: [{ reference: 'Patient/p2' }] }),
    obs('o4', 'p1', '8310-5', { subject: { reference: 'Patient/p1', identifier: { system: NHS, value: SEEDED_NHS.p1 } } }),
    { resourceType: 'Observation', id: 'o5', meta: { versionId: '1' }, status: 'final', code: { coding: [{ code: '8867-4' }] }, subject: { reference: 'Device/d1' } },
    { resourceType: 'Condition', id: 'c1', meta: { versionId: '1' }, code: { coding: [{ system: 'http://snomed.info/sct', code: '44054006' }] }, subject: { reference: 'Patient/p2' } },
    { resourceType: 'Encounter', id: 'e1', meta: { versionId: '1' }, status: 'finished', subject: { reference: 'Patient/p1' } },
    { resourceType: 'Observation', id: 'o6', meta: { versionId: '1' }, status: 'final', code: { coding: [{ code: '1234-5' }] }, subject: { reference: '#pt' }, contained: [{ resourceType: 'Patient', id: 'pt', identifier: [{ system: NHS, value: SEEDED_NHS.p3 }] }] },
  ];
}

const refOf = (v: unknown): string | undefined => (typeof v === 'object' && v !== null ? ((v as { reference?: unknown }).reference as string | undefined) : undefined);
const patientIdOf = (r: Resource): string | undefined => {
  const ref = refOf(r.subject) ?? refOf(r.patient);
  return ref?.startsWith('Patient/') ? ref.slice('Patient/'.length) : undefined;
};

function matches(store: Map<string, Resource>, r: Resource, name: string, value: string): boolean {
  const values = value.split(',');
  const [code, modifier] = name.split('.')[0].split(':');
  if (code === '_id') return values.includes(r.id);
  if (code === 'identifier' && modifier !== 'not') {
    const ids = (r.identifier as Array<{ system?: string; value?: string }> | undefined) ?? [];
    return values.some((v) => ids.some((i) => (v.includes('|') ? `${i.system}|${i.value}` === v : i.value === v)));
  }
  if (code === 'identifier' && modifier === 'not') {
    const ids = (r.identifier as Array<{ system?: string; value?: string }> | undefined) ?? [];
    return !values.some((v) => ids.some((i) => `${i.system}|${i.value}` === v || i.value === v));
  }
  if (code === 'patient' || code === 'subject') {
    const pid = patientIdOf(r);
    if (modifier === 'missing') return (value === 'true') === (refOf(r.subject) === undefined);
    if (name.includes('.identifier')) {
      const p = pid ? store.get(`Patient/${pid}`) : undefined;
      return p !== undefined && matches(store, p, 'identifier', value);
    }
    if (modifier === 'identifier') {
      const id = (r.subject as { identifier?: { system?: string; value?: string } } | undefined)?.identifier;
      return values.some((v) => id !== undefined && `${id.system}|${id.value}` === v);
    }
    return values.some((v) => refOf(r.subject) === (v.includes('/') ? v : `Patient/${v}`) || refOf(r.subject)?.endsWith(`/${v}`));
  }
  if (code === 'code') {
    const codings = ((r.code as { coding?: Array<{ code?: string }> } | undefined)?.coding) ?? [];
    return values.some((v) => codings.some((c) => c.code === v.split('|').pop()));
  }
  if (code === 'family' || code === 'name') return JSON.stringify(r.name ?? '').toLowerCase().includes(value.toLowerCase());
  if (name.startsWith('_has:Condition:patient:code')) {
    return [...store.values()].some((c) => c.resourceType === 'Condition' && patientIdOf(c) === r.id && matches(store, c, 'code', value));
  }
  return true; // a lenient server ignores criteria it does not know
}

function search(store: Map<string, Resource>, type: string, params: URLSearchParams, base: string): Record<string, unknown> {
  const control = new Set(['_count', '_include', '_revinclude', '_include:iterate', '_revinclude:iterate', '_elements', '_summary', '_total', '_sort', 'page']);
  let hits = [...store.values()].filter((r) => r.resourceType === type);
  for (const [name, value] of params) if (!control.has(name)) hits = hits.filter((r) => matches(store, r, name, value));
  const count = Number(params.get('_count') ?? '50');
  const offset = Number(params.get('page') ?? '0');
  const page = hits.slice(offset, offset + count);
  const included: Resource[] = [];
  for (const inc of params.getAll('_include')) {
    const [, code] = inc.split(':');
    for (const r of page) {
      const ref = refOf(r[code === 'patient' ? 'subject' : code]);
      const target = ref ? store.get(ref) : undefined;
      if (target && !included.includes(target)) included.push(target);
    }
  }
  for (const rev of params.getAll('_revinclude')) {
    const [source] = rev.split(':');
    for (const r of page) for (const s of store.values()) if (s.resourceType === source && refOf(s.subject) === `${r.resourceType}/${r.id}` && !included.includes(s)) included.push(s);
  }
  const elements = params.get('_elements')?.split(',');
  const shaped = (r: Resource) => (elements ? Object.fromEntries(Object.entries(r).filter(([k]) => ['resourceType', 'id', 'meta', ...elements].includes(k))) : r);
  const link = [{ relation: 'self', url: `${base}${type}?${params}` }];
  if (offset + count < hits.length) link.push({ relation: 'next', url: `${base}${type}?page=${offset + count}&_count=${count}` });
  return {
    resourceType: 'Bundle', type: 'searchset', total: hits.length, link,
    entry: [
      ...page.map((r) => ({ fullUrl: `${base}${r.resourceType}/${r.id}`, resource: shaped(r), search: { mode: 'match' } })),
      ...included.map((r) => ({ fullUrl: `${base}${r.resourceType}/${r.id}`, resource: r, search: { mode: 'include' } })),
    ],
  };
}

/** Starts the HealthLake stand-in on an ephemeral loopback port. */
export async function startHealthLakeStandIn(): Promise<HealthLakeStandIn> {
  const received: ReceivedRequest[] = [];
  const resources = new Map<string, Resource>();
  const reset = () => {
    resources.clear();
    for (const r of seed()) resources.set(`${r.resourceType}/${r.id}`, r);
    received.length = 0;
  };
  reset();
  let forced: { status: number; body: unknown } | undefined;
  let base = '';
  const basePath = '/datastore/0123456789abcdef0123456789abcdef/r4/';
  let nextId = 100;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/fhir+json', ...headers });
        res.end(payload === undefined ? '' : JSON.stringify(payload));
      };
      const notFound = (what: string) => send(404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', diagnostics: `${what} not found` }] });
      if (forced) {
        const f = forced;
        forced = undefined;
        return send(f.status, f.body);
      }
      const url = new URL(req.url ?? '/', base);
      const rel = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : '';
      const [type, id, hist, vid] = rel.split('/');
      const method = req.method ?? 'GET';
      if (type === 'metadata') return send(200, { resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1', format: ['json'] });
      if (id === '_search' && method === 'POST') return send(200, search(resources, type, new URLSearchParams(body), base));
      if (id === undefined && method === 'GET') return send(200, search(resources, type, url.searchParams, base));
      if (id === undefined && method === 'POST') {
        const r = { ...JSON.parse(body), id: String(nextId++), meta: { versionId: '1' } } as Resource;
        resources.set(`${type}/${r.id}`, r);
        return send(201, r, { location: `${base}${type}/${r.id}/_history/1` });
      }
      const key = `${type}/${id}`;
      const stored = resources.get(key);
      if (hist === '_history' && method === 'GET') {
        if (!stored) return notFound(key);
        if (vid) return vid === (stored.meta as { versionId: string }).versionId ? send(200, stored) : notFound(`${key}/_history/${vid}`);
        return send(200, { resourceType: 'Bundle', type: 'history', entry: [{ fullUrl: `${base}${key}`, resource: stored }] });
      }
      if (method === 'GET') return stored ? send(200, stored) : notFound(key);
      if (method === 'PUT') {
        const r = { ...JSON.parse(body), meta: { versionId: String(Number((stored?.meta as { versionId?: string } | undefined)?.versionId ?? 0) + 1) } } as Resource;
        resources.set(key, r);
        return send(stored ? 200 : 201, r);
      }
      if (method === 'PATCH') {
        if (!stored) return notFound(key);
        const r = { ...stored } as Record<string, unknown>;
        for (const op of JSON.parse(body) as Array<{ op: string; path: string; value?: unknown }>) {
          const field = op.path.replace(/^\//, '');
          if (op.op === 'remove') delete r[field];
          else r[field] = op.value;
        }
        resources.set(key, r as Resource);
        return send(200, r);
      }
      if (method === 'DELETE') {
        resources.delete(key);
        return send(204);
      }
      return send(405, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported', diagnostics: method }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}${basePath}`;
  return {
    endpoint: base,
    received,
    resources,
    answerNextWith: (status, body) => { forced = { status, body }; },
    reset,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
