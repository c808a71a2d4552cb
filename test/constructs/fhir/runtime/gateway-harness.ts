import type { AuditEvent, AuditSink } from '../../../../constructs/fhir/runtime/audit-event';
import { createAuthoriser } from '../../../../constructs/fhir/runtime/authoriser';
import type { EmergencyAccess } from '../../../../constructs/fhir/runtime/emergency-access';
import { createProxy, type Credentials } from '../../../../constructs/fhir/runtime/proxy';
import type { RolePolicy } from '../../../../constructs/fhir/runtime/role-policy';
import type { HealthLakeStandIn, LocalIssuer } from './local-peers';

/**
 * Drives the real authoriser and proxy handlers the way API Gateway does: every method on every
 * path reaches the authoriser (no cache); an authoriser error `Unauthorized` is 401, any other
 * error 500, a Deny policy 403; an Allow invokes the proxy with the authoriser's context. Path
 * parameters and query strings arrive URL-decoded, as API Gateway hands them over.
 */

export const AUDIENCE = 'fhir-gateway';
export const TRUST = 'RXX';
export const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
export const CREDENTIALS: Credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token' };

/** The example trust's role policy (trusts/example.yaml). */
export const EXAMPLE_POLICY: RolePolicy = {
  R8000: { Patient: ['read', 'search-type'], Observation: ['read', 'search-type', 'create'], '*': ['capabilities'] },
  R8008: { Patient: ['read', 'search-type'] },
};

/** An AuditSink in memory, which can be made to fail (CloudWatch Logs unavailable). */
export class MemorySink implements AuditSink {
  readonly events: AuditEvent[] = [];
  /** Fails every write while true; a number fails that many writes after letting the others through. */
  failing: boolean | { after: number } = false;
  async write(event: AuditEvent): Promise<void> {
    if (this.failing === true) throw new Error('CloudWatch Logs unavailable');
    if (typeof this.failing === 'object') {
      if (this.failing.after <= 0) throw new Error('CloudWatch Logs unavailable');
      this.failing = { after: this.failing.after - 1 };
    }
    this.events.push(event);
  }
}

/** A CIS2 access token's claims: one user holding roles at several organisations, acting in `selected` (null: none selected). */
export function cis2Claims(selected: string | null = 'role-rxx-clinician', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'cis2-sub-1',
    aud: AUDIENCE,
    tokenName: 'access_token',
    nhsid_useruid: '555000111222',
    ...(selected !== null ? { selected_roleid: selected } : {}),
    nhsid_nrbac_roles: [
      { person_roleid: 'role-rxx-clinician', role_code: 'S8000:G8000:R8000', org_code: TRUST, activity_codes: ['B0825'] },
      { person_roleid: 'role-rxx-admin', role_code: 'S8000:G8001:R8008', org_code: TRUST, activity_codes: [] },
      { person_roleid: 'role-ra7-clinician', role_code: 'S8000:G8000:R8000', org_code: 'RA7', activity_codes: [] },
      { person_roleid: 'role-rxx-other', role_code: 'S8000:G8000:R8003', org_code: TRUST, activity_codes: [] },
    ],
    ...extra,
  };
}

/** One request as a client sends it. */
export interface Call {
  method: string;
  /** The path below the FHIR base as sent (may hold %-escapes, which API Gateway decodes). */
  path: string;
  /** The query string as sent (without `?`). */
  query?: string;
  token?: string;
  authorization?: string;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Headers sent more than once (API Gateway lists every value in multiValueHeaders, the last in headers). */
  repeatedHeaders?: Record<string, string[]>;
}

/** The answer the client gets. */
export interface Answer {
  status: number;
  body?: string;
  json?: Record<string, unknown>;
}

/** The gateway under test, wired to local peers. */
export class Gateway {
  constructor(
    private readonly issuer: LocalIssuer,
    private readonly healthLake: HealthLakeStandIn,
    readonly sink: MemorySink,
    private readonly policy: RolePolicy = EXAMPLE_POLICY,
    private readonly roleClaim: 'cis2' | 'cognito' = 'cis2',
    private readonly allowedOrganisations: string[] = ['RHA'],
    private readonly emergencyAccess?: EmergencyAccess,
  ) {}

  /** The real proxy handler with this gateway's settings, to drive it directly (as if wired without the authoriser). */
  proxy(): ReturnType<typeof createProxy> {
    return createProxy(
      { endpoint: this.healthLake.endpoint, region: 'eu-west-2', rolePolicy: this.policy, odsCode: TRUST, allowedOrganisations: this.allowedOrganisations, emergencyAccess: this.emergencyAccess },
      { sink: this.sink, credentials: () => CREDENTIALS },
    );
  }

  /** A token from the local issuer, valid for five minutes. */
  token(claims: Record<string, unknown> = cis2Claims(), options: Parameters<LocalIssuer['sign']>[1] = { expiresIn: '5m' }): Promise<string> {
    return this.issuer.sign(claims, options);
  }

  async call(req: Call): Promise<Answer> {
    const authorise = createAuthoriser(
      {
        issuer: this.issuer.issuer, audience: AUDIENCE, jwksUri: this.issuer.jwksUri, algorithms: ['RS256', 'ES256'], roleClaim: this.roleClaim, rolePolicy: this.policy, odsCode: TRUST,
        allowedOrganisations: this.allowedOrganisations, emergencyAccess: this.emergencyAccess,
      },
      { sink: this.sink },
    );
    const proxy = this.proxy();
    const proxyParam = req.path === '/' ? undefined : decodeURIComponent(req.path.slice(1));
    const multi: Record<string, string[]> = {};
    for (const [k, v] of new URLSearchParams(req.query ?? '')) (multi[k] ??= []).push(v);
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    if (req.authorization !== undefined) headers.Authorization = req.authorization;
    else if (req.token) headers.Authorization = `Bearer ${req.token}`;
    if (req.contentType) headers['Content-Type'] = req.contentType;
    const multiValueHeaders: Record<string, string[]> = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
    for (const [k, vs] of Object.entries(req.repeatedHeaders ?? {})) {
      multiValueHeaders[k] = vs;
      headers[k] = vs[vs.length - 1];
    }
    const common = {
      httpMethod: req.method,
      path: req.path,
      pathParameters: proxyParam !== undefined ? { proxy: proxyParam } : null,
      headers,
      multiValueHeaders,
      multiValueQueryStringParameters: Object.keys(multi).length ? multi : null,
      requestContext: { requestId: 'req-1', identity: { sourceIp: '203.0.113.7' }, domainName: 'abc123.execute-api.eu-west-2.amazonaws.com', stage: 'fhir' },
    };
    let result;
    try {
      result = await authorise({ ...common, type: 'REQUEST', methodArn: `arn:aws:execute-api:eu-west-2:111122223333:abc123/fhir/${req.method}${req.path}` });
    } catch (e) {
      return { status: (e as Error).message === 'Unauthorized' ? 401 : 500 };
    }
    if (result.policyDocument.Statement[0].Effect === 'Deny') return { status: 403 };
    const res = await proxy({ ...common, body: req.body ?? null, requestContext: { ...common.requestContext, authorizer: result.context } });
    let json: Record<string, unknown> | undefined;
    try {
      json = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, body: res.body, json };
  }
}

/** The patients an AuditEvent names: `Patient/<id>` and `nhs:<number>` strings, plus `unknown` for the explicit unknown-patients entity. */
export function patientsNamed(event: AuditEvent): string[] {
  const out: string[] = [];
  for (const e of event.entity ?? []) {
    if (e.role?.code !== '1') continue;
    if (e.what?.reference) out.push(e.what.reference);
    if (e.what?.identifier?.system === NHS) out.push(`nhs:${e.what.identifier.value}`);
    if (!e.what?.reference && !e.what?.identifier) out.push('unknown');
  }
  return out.sort();
}

/** A detail of an AuditEvent's data entity. */
export function detailOf(event: AuditEvent, type: string): string | undefined {
  return event.entity?.flatMap((e) => e.detail ?? []).find((d) => d.type === type)?.valueString;
}

/**
 * Every patient a FHIR answer holds, found independently of the gateway's own code: Patient ids
 * and NHS numbers, and the Patient references in subject, patient and performer of every
 * resource (contained Patients by their NHS numbers).
 */
export function patientsInAnswer(body: unknown): string[] {
  const out = new Set<string>();
  const visit = (r: unknown, top: boolean) => {
    if (typeof r !== 'object' || r === null) return;
    const res = r as Record<string, unknown>;
    if (res.resourceType === 'Bundle') for (const e of (res.entry as Array<{ resource?: unknown }>) ?? []) visit(e.resource, true);
    if (res.resourceType === 'Patient') {
      if (top) out.add(`Patient/${res.id}`);
      for (const i of (res.identifier as Array<{ system?: string; value?: string }>) ?? []) if (i.system === NHS) out.add(`nhs:${i.value}`);
      for (const l of (res.link as Array<{ other?: { reference?: string } }>) ?? []) if (l.other?.reference) out.add(l.other.reference);
    }
    for (const field of ['subject', 'patient', 'performer']) {
      for (const ref of [res[field]].flat() as Array<{ reference?: string; identifier?: { system?: string; value?: string } } | undefined>) {
        if (ref?.reference?.startsWith('Patient/')) out.add(ref.reference);
        if (ref?.identifier?.system === NHS) out.add(`nhs:${ref.identifier.value}`);
      }
    }
    for (const c of (res.contained as unknown[]) ?? []) visit(c, false);
  };
  visit(body, true);
  return [...out].sort();
}
