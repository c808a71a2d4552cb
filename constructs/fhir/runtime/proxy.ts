import * as http from 'http';
import * as https from 'https';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { buildAuditEvent, type AuditCaller, type AuditDecision, type AuditSink } from './audit-event';
import { fhirPath, header, queryPairs, queryString, type ProxyEvent, type ProxyResult } from './api-gateway';
import { parseFhirRequest, patientOf, type PatientSubject } from './fhir-request';
import { nhsNumberProblem, normaliseNhsNumber } from './nhs-number';
import { allowingRole, type RolePolicy } from './role-policy';

/** How the proxy reaches HealthLake (from the construct, through the environment). */
export interface ProxyConfig {
  /** The data store's FHIR base URL (`https://healthlake.<region>.amazonaws.com/datastore/<id>/r4/`). */
  readonly endpoint: string;
  readonly region: string;
  readonly rolePolicy: RolePolicy;
  /** This trust's ODS code: the audit observer. */
  readonly odsCode: string;
  /** Upstream timeout in milliseconds. @default 20000 */
  readonly timeoutMs?: number;
}

/** AWS credentials for SigV4. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
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

function outcome(status: number, code: string, text: string): ProxyResult {
  return {
    statusCode: status,
    headers: { 'content-type': FHIR_JSON },
    body: JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics: text }] }),
  };
}

/**
 * The FHIR proxy: re-checks the authoriser's decision, writes the request's AuditEvent, and
 * only then forwards the interaction to HealthLake signed with SigV4.
 *
 * Ordering (the fail-closed contract): 1. decide (role policy, NHS number check); 2. write
 * exactly one AuditEvent recording who, what, which patient and the decision; 3. only if that
 * write succeeded, forward to HealthLake and return its answer. A failed audit write answers
 * 500 and nothing is forwarded, so no data is read or changed without an audit record.
 * HealthLake's own status is logged (with the AuditEvent id) rather than in a second event.
 */
export function createProxy(config: ProxyConfig, deps: ProxyDeps): (event: ProxyEvent) => Promise<ProxyResult> {
  const base = new URL(config.endpoint);
  const signer = new SignatureV4({ service: 'healthlake', region: config.region, credentials: async () => deps.credentials(), sha256: Sha256 });

  return async (event) => {
    const path = fhirPath(event);
    const pairs = queryPairs(event);
    const query = queryString(pairs);
    const request = parseFhirRequest(event.httpMethod, path, query);
    const ctx = event.requestContext?.authorizer ?? {};
    const sourceIp = event.requestContext?.identity?.sourceIp ?? 'unknown';
    const roles = parseRoles(ctx.roles);
    const userId = typeof ctx.userId === 'string' ? ctx.userId : undefined;
    let caller: AuditCaller = {
      userId,
      cis2: ctx.cis2 === 'true',
      role: typeof ctx.role === 'string' ? ctx.role : undefined,
      orgOdsCode: typeof ctx.org === 'string' ? ctx.org : undefined,
      sourceIp,
    };
    let patient: PatientSubject | undefined;
    const audit = async (decision: AuditDecision): Promise<string> => {
      const auditEvent = buildAuditEvent({
        caller,
        request: request ?? { method: event.httpMethod, path, query },
        patient,
        decision,
        observerOdsCode: config.odsCode,
        requestId: event.requestContext?.requestId,
      });
      await deps.sink.write(auditEvent);
      return auditEvent.id;
    };
    const refuse = async (status: number, code: string, text: string): Promise<ProxyResult> => {
      try {
        await audit({ outcome: '4', status, description: text });
      } catch (e) {
        deps.logger?.error('audit write failed', { error: (e as Error).message });
        return outcome(500, 'exception', 'The audit record could not be written, so the request was not processed.');
      }
      return outcome(status, code, text);
    };

    // 1. Decide. The authoriser already decided; checking again costs nothing and keeps the
    // proxy safe if it is ever wired without the authoriser.
    if (!userId) return refuse(401, 'login', 'unauthenticated: no verified caller on the request');
    if (!request) return refuse(400, 'not-supported', `${event.httpMethod} ${path} is not a FHIR interaction this gateway supports`);
    const role = allowingRole(config.rolePolicy, roles, request.interaction, request.resourceType);
    if (!role) return refuse(403, 'forbidden', `forbidden: no role of the caller allows ${request.interaction} on ${request.resourceType ?? 'the server'}`);
    caller = { ...caller, role };

    const rawBody = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : undefined;
    let body: unknown;
    if (rawBody) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        return refuse(400, 'structure', 'the request body is not JSON');
      }
    }
    patient = patientOf(request, pairs, body);
    if (patient?.nhsNumber) {
      const problem = nhsNumberProblem(patient.nhsNumber);
      if (problem) return refuse(400, 'value', `the NHS number ${patient.nhsNumber} ${problem}`);
      patient = { nhsNumber: normaliseNhsNumber(patient.nhsNumber) };
    }

    // 2. Audit before anything moves.
    let auditId: string;
    try {
      auditId = await audit({ outcome: '0', status: 200, description: `authorised by role ${role}: ${request.interaction} forwarded to HealthLake` });
    } catch (e) {
      deps.logger?.error('audit write failed; request not forwarded', { error: (e as Error).message });
      return outcome(500, 'exception', 'The audit record could not be written, so the request was not processed.');
    }

    // 3. Forward, signed.
    try {
      const upstream = await forward(base, signer, event.httpMethod.toUpperCase(), path, pairs, rawBody, header(event.headers, 'content-type'), config.timeoutMs ?? 20000);
      deps.logger?.info('forwarded', { auditEventId: auditId, interaction: request.interaction, upstreamStatus: upstream.statusCode });
      return upstream;
    } catch (e) {
      deps.logger?.error('HealthLake request failed', { auditEventId: auditId, error: (e as Error).message });
      return outcome(502, 'transient', 'The FHIR store did not answer.');
    }
  };
}

function parseRoles(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  try {
    const parsed = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return [];
  }
}

async function forward(
  base: URL, signer: SignatureV4, method: string, path: string, pairs: ReadonlyArray<[string, string]>,
  body: string | undefined, contentType: string | undefined, timeoutMs: number,
): Promise<ProxyResult> {
  const fullPath = `${base.pathname.replace(/\/+$/, '')}${path}`;
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of pairs) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const headers: Record<string, string> = { host: base.host, accept: FHIR_JSON };
  if (body !== undefined) headers['content-type'] = contentType ?? FHIR_JSON;
  const signed = await signer.sign({
    method, protocol: base.protocol, hostname: base.hostname, port: base.port ? Number(base.port) : undefined,
    path: fullPath, query, headers, body,
  });
  const qs = queryString(pairs);
  const client = base.protocol === 'https:' ? https : http;
  return new Promise<ProxyResult>((resolve, reject) => {
    const req = client.request(
      { method, protocol: base.protocol, hostname: base.hostname, port: base.port || undefined, path: `${fullPath}${qs ? `?${qs}` : ''}`, headers: signed.headers, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const out: Record<string, string> = {};
          for (const h of ['content-type', 'etag', 'last-modified', 'location']) {
            const v = res.headers[h];
            if (typeof v === 'string') out[h] = v;
          }
          resolve({ statusCode: res.statusCode ?? 502, headers: out, body: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`HealthLake did not answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
