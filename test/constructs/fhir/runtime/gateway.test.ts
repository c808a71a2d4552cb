import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { SignJWT } from 'jose';
import type { AuditEvent, AuditSink } from '../../../../constructs/fhir/runtime/audit-event';
import { createAuthoriser } from '../../../../constructs/fhir/runtime/authoriser';
import { createProxy, type Credentials } from '../../../../constructs/fhir/runtime/proxy';
import type { RolePolicy } from '../../../../constructs/fhir/runtime/role-policy';
import { expectValidAuditEvent } from '../fhir-schema';
import { startHealthLakeStandIn, startIssuer, type HealthLakeStandIn, type LocalIssuer, type ReceivedRequest } from './local-peers';

// The authoriser and proxy run in-process against real local peers on 127.0.0.1: a JWKS issuer
// made with jose, and an HTTP server standing in for Amazon HealthLake (HealthLake cannot run
// locally; it is the one stand-in). `call` plays API Gateway's documented part: an authoriser
// error "Unauthorized" is 401, any other error 500, a Deny policy 403, an Allow invokes the
// proxy with the authoriser's context.

const AUDIENCE = 'fhir-gateway';
const CREDENTIALS: Credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token' };
const POLICY: RolePolicy = {
  R8000: { Patient: ['read', 'search-type'], Observation: ['read', 'search-type', 'create'] },
  clinicians: { Patient: ['read'] },
};

class MemorySink implements AuditSink {
  readonly events: AuditEvent[] = [];
  failing = false;
  async write(event: AuditEvent): Promise<void> {
    if (this.failing) throw new Error('CloudWatch Logs unavailable');
    this.events.push(event);
  }
}

let issuer: LocalIssuer;
let healthLake: HealthLakeStandIn;
const sink = new MemorySink();

beforeAll(async () => {
  [issuer, healthLake] = await Promise.all([startIssuer(), startHealthLakeStandIn()]);
});
afterAll(async () => {
  await Promise.all([issuer.close(), healthLake.close()]);
});
beforeEach(() => {
  sink.events.length = 0;
  sink.failing = false;
  healthLake.received.length = 0;
});
afterEach(() => {
  // Every AuditEvent any test produced is a valid FHIR R4 AuditEvent.
  sink.events.forEach(expectValidAuditEvent);
});

function cis2Claims(selectedRole = 'role-1') {
  return {
    sub: 'cis2-sub-1',
    aud: AUDIENCE,
    nhsid_useruid: '555000111222',
    selected_roleid: selectedRole,
    nhsid_nrbac_roles: [
      { person_roleid: 'role-1', role_code: 'S8000:G8000:R8000', org_code: 'RH8', activity_codes: ['B0825'] },
      { person_roleid: 'role-2', role_code: 'S8000:G8000:R8003', org_code: 'RA7', activity_codes: [] },
    ],
  };
}

interface Call {
  method: string;
  path: string;
  query?: Record<string, string[]>;
  token?: string;
  authorization?: string;
  body?: string;
}

async function call(req: Call, roleClaim: 'cis2' | 'cognito' = 'cis2'): Promise<{ status: number; body?: string }> {
  const authorise = createAuthoriser(
    { issuer: issuer.issuer, audience: AUDIENCE, jwksUri: issuer.jwksUri, algorithms: ['RS256', 'ES256'], roleClaim, rolePolicy: POLICY, odsCode: 'RXX' },
    { sink },
  );
  const proxy = createProxy({ endpoint: healthLake.endpoint, region: 'eu-west-2', rolePolicy: POLICY, odsCode: 'RXX' }, { sink, credentials: () => CREDENTIALS });
  const common = {
    httpMethod: req.method,
    path: req.path,
    pathParameters: { proxy: req.path.slice(1) },
    headers: req.authorization !== undefined ? { Authorization: req.authorization } : req.token ? { Authorization: `Bearer ${req.token}` } : {},
    multiValueQueryStringParameters: req.query ?? null,
    requestContext: { requestId: 'req-1', identity: { sourceIp: '203.0.113.7' } },
  };
  let result;
  try {
    result = await authorise({ ...common, type: 'REQUEST', methodArn: `arn:aws:execute-api:eu-west-2:111122223333:abc123/prod/${req.method}${req.path}` });
  } catch (e) {
    return { status: (e as Error).message === 'Unauthorized' ? 401 : 500 };
  }
  if (result.policyDocument.Statement[0].Effect === 'Deny') return { status: 403 };
  const res = await proxy({ ...common, body: req.body ?? null, requestContext: { ...common.requestContext, authorizer: result.context } });
  return { status: res.statusCode, body: res.body };
}

/** Recomputes the SigV4 signature of a received request with the same credentials and date. */
async function expectValidSigV4(received: ReceivedRequest): Promise<void> {
  const auth = String(received.headers.authorization);
  const m = /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/(\d{8})\/eu-west-2\/healthlake\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(auth);
  expect(m).not.toBeNull();
  const signedHeaders = m![2].split(';');
  expect(signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-security-token']));
  const url = new URL(received.url, 'http://placeholder');
  const query: Record<string, string | string[]> = {};
  url.searchParams.forEach((v, k) => {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  });
  const headers = Object.fromEntries(signedHeaders.map((h) => [h, String(received.headers[h])]));
  const amzDate = String(received.headers['x-amz-date']);
  const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const [hostname, port] = String(received.headers.host).split(':');
  const signer = new SignatureV4({ service: 'healthlake', region: 'eu-west-2', credentials: CREDENTIALS, sha256: Sha256 });
  const resigned = await signer.sign(
    { method: received.method, protocol: 'http:', hostname, port: Number(port), path: url.pathname, query, headers, body: received.body || undefined },
    { signingDate },
  );
  expect(received.headers.authorization).toBe(resigned.headers.authorization);
}

describe('FHIR gateway (authoriser + proxy) against a local issuer and a HealthLake stand-in', () => {
  test('a valid token with an allowed role is forwarded, SigV4-signed, with one success AuditEvent', async () => {
    // GIVEN
    const token = await issuer.sign(cis2Claims(), { expiresIn: '5m' });
    // WHEN
    const res = await call({ method: 'GET', path: '/Patient/9', token });
    // THEN
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body!).resourceType).toBe('Patient');
    expect(healthLake.received).toHaveLength(1);
    expect(healthLake.received[0].url).toBe('/datastore/0123456789abcdef0123456789abcdef/r4/Patient/9');
    await expectValidSigV4(healthLake.received[0]);
    expect(sink.events).toHaveLength(1);
    const event = sink.events[0];
    expect(event.outcome).toBe('0');
    expect(event.subtype).toEqual([{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read' }]);
    expect(event.agent[0].who).toEqual({ identifier: { system: 'https://fhir.nhs.uk/Id/sds-user-id', value: '555000111222' } });
    expect(event.agent[0].role?.[0].coding[0].code).toBe('R8000');
    expect(event.agent[0].network).toEqual({ address: '203.0.113.7', type: '2' });
    expect(event.agent[1].who).toEqual({ identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'RH8' } });
    expect(event.entity?.[0].what).toEqual({ reference: 'Patient/9' });
    expect(event.entity?.[1].what).toEqual({ type: 'Patient', reference: 'Patient/9' });
  });

  test('a search by NHS number is signed with its query and audited with the NHS number', async () => {
    const token = await issuer.sign(cis2Claims(), { expiresIn: '5m' });
    const res = await call({ method: 'GET', path: '/Observation', token, query: { 'patient.identifier': ['https://fhir.nhs.uk/Id/nhs-number|9434765919'], code: ['8867-4', '8310-5'] } });
    expect(res.status).toBe(200);
    expect(healthLake.received).toHaveLength(1);
    await expectValidSigV4(healthLake.received[0]);
    expect(sink.events).toHaveLength(1);
    expect(sink.events[0].entity?.[0].what).toEqual({ identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' } });
    expect(sink.events[0].entity?.[1].detail).toEqual(expect.arrayContaining([{ type: 'query', valueString: expect.stringContaining('patient.identifier=') }]));
  });

  test('a create carries its body, signed, and is audited with the patient from the body', async () => {
    const token = await issuer.sign(cis2Claims(), { expiresIn: '5m' });
    const body = JSON.stringify({ resourceType: 'Observation', status: 'final', subject: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' } } });
    const res = await call({ method: 'POST', path: '/Observation', token, body });
    expect(res.status).toBe(200);
    expect(healthLake.received[0].body).toBe(body);
    await expectValidSigV4(healthLake.received[0]);
    expect(sink.events).toHaveLength(1);
    expect(sink.events[0].action).toBe('C');
    expect(sink.events[0].entity?.[0].what?.identifier?.value).toBe('9434765919');
  });

  test('Cognito groups are mapped by the same role policy', async () => {
    const token = await issuer.sign({ sub: 'cognito-user-1', aud: AUDIENCE, 'cognito:groups': ['clinicians'] }, { expiresIn: '5m' });
    expect((await call({ method: 'GET', path: '/Patient/9', token }, 'cognito')).status).toBe(200);
    expect((await call({ method: 'GET', path: '/Observation/1', token }, 'cognito')).status).toBe(403);
    expect(sink.events.map((e) => e.outcome)).toEqual(['0', '4']);
    expect(sink.events[0].agent[0].who?.identifier?.system).toBe('urn:ietf:params:oauth:jwt:sub');
  });

  test('fails with 403 and one failure AuditEvent when the selected role does not allow the interaction', async () => {
    // GIVEN a token whose selected CIS2 role (R8003) has no grant
    const token = await issuer.sign(cis2Claims('role-2'), { expiresIn: '5m' });
    // WHEN
    const res = await call({ method: 'GET', path: '/Patient/9', token });
    // THEN
    expect(res.status).toBe(403);
    expect(healthLake.received).toHaveLength(0);
    expect(sink.events).toHaveLength(1);
    expect(sink.events[0].outcome).toBe('4');
    expect(sink.events[0].outcomeDesc).toMatch(/forbidden/);
    expect(sink.events[0].agent[1].who?.identifier?.value).toBe('RA7');
  });

  test('fails with 403 when an allowed role asks for an interaction it lacks (delete)', async () => {
    const token = await issuer.sign(cis2Claims(), { expiresIn: '5m' });
    expect((await call({ method: 'DELETE', path: '/Patient/9', token })).status).toBe(403);
    expect(healthLake.received).toHaveLength(0);
    expect(sink.events).toHaveLength(1);
    expect(sink.events[0].action).toBe('D');
  });

  const rejected: Array<[string, () => Promise<Partial<Call>>, RegExp]> = [
    ['an expired token', async () => ({ token: await issuer.sign(cis2Claims(), { expiresIn: Math.floor(Date.now() / 1000) - 60 }) }), /expired/],
    ['a token not yet valid (nbf)', async () => ({ token: await issuer.sign(cis2Claims(), { expiresIn: '10m', notBefore: '5m' }) }), /nbf/],
    ['a token without exp', async () => ({ token: await issuer.sign(cis2Claims()) }), /exp/],
    ['a wrong issuer', async () => ({ token: await issuer.sign({ ...cis2Claims(), iss: 'https://evil.example' }, { expiresIn: '5m' }) }), /iss/],
    ['a wrong audience', async () => ({ token: await issuer.sign({ ...cis2Claims(), aud: 'someone-else' }, { expiresIn: '5m' }) }), /aud/],
    ['alg none', async () => {
      const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return { token: `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ ...cis2Claims(), iss: issuer.issuer, exp: Math.floor(Date.now() / 1000) + 300 })}.` };
    }, /algorithm|malformed|unsupported/],
    ['HS256 signed with the public key (algorithm confusion)', async () => ({
      token: await new SignJWT({ ...cis2Claims() }).setProtectedHeader({ alg: 'HS256', kid: 'test-key-1' }).setIssuer(issuer.issuer).setExpirationTime('5m')
        .sign(new TextEncoder().encode(issuer.publicPem)),
    }), /algorithm/],
    ['a tampered signature (payload changed after signing)', async () => {
      const [h, , s] = (await issuer.sign(cis2Claims('role-2'), { expiresIn: '5m' })).split('.');
      const payload = Buffer.from(JSON.stringify({ ...cis2Claims('role-1'), iss: issuer.issuer, exp: Math.floor(Date.now() / 1000) + 300 })).toString('base64url');
      return { token: `${h}.${payload}.${s}` };
    }, /signature/],
    ['no bearer token', async () => ({ authorization: 'Basic dXNlcjpwYXNz' }), /no bearer token/],
  ];

  test.each(rejected)('fails with 401 and one failure AuditEvent for %s', async (_name, make, reason) => {
    // GIVEN
    const req = await make();
    // WHEN
    const res = await call({ method: 'GET', path: '/Patient/9', ...req });
    // THEN
    expect(res.status).toBe(401);
    expect(healthLake.received).toHaveLength(0);
    expect(sink.events).toHaveLength(1);
    expect(sink.events[0].outcome).toBe('4');
    expect(sink.events[0].outcomeDesc).toMatch(reason);
    expect(sink.events[0].agent[0].who).toEqual({ display: 'unauthenticated caller' });
  });

  test('fails with 400 and an AuditEvent when the NHS number has a bad check digit', async () => {
    const token = await issuer.sign(cis2Claims(), { expiresIn: '5m' });
    const res = await call({ method: 'GET', path: '/Patient', token, query: { identifier: ['https://fhir.nhs.uk/Id/nhs-number|9434765918'] } });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/check digit/);
    expect(healthLake.received).toHaveLength(0);
    expect(sink.events).toHaveLength(1);
    expect(sink.events[0].outcome).toBe('4');
  });

  test('fails closed with 500 and forwards nothing when the audit write fails for an allowed request', async () => {
    // GIVEN an allowed request and an audit sink that cannot write
    const token = await issuer.sign(cis2Claims(), { expiresIn: '5m' });
    sink.failing = true;
    // WHEN
    const res = await call({ method: 'GET', path: '/Patient/9', token });
    // THEN
    expect(res.status).toBe(500);
    expect(res.body).toMatch(/audit record could not be written/);
    expect(healthLake.received).toHaveLength(0);
  });

  test('fails with 500 (not 401) when the audit of a refused token cannot be written', async () => {
    sink.failing = true;
    const res = await call({ method: 'GET', path: '/Patient/9', authorization: 'Bearer not.a.jwt' });
    expect(res.status).toBe(500);
    expect(healthLake.received).toHaveLength(0);
  });

  test('fails with 403 and an AuditEvent for a request that is not a supported FHIR interaction (a batch)', async () => {
    const token = await issuer.sign(cis2Claims(), { expiresIn: '5m' });
    expect((await call({ method: 'POST', path: '/', token, body: '{"resourceType":"Bundle","type":"batch"}' })).status).toBe(403);
    expect(healthLake.received).toHaveLength(0);
    expect(sink.events).toHaveLength(1);
    expect(sink.events[0].outcomeDesc).toMatch(/not a supported FHIR interaction/);
  });

  test('the proxy alone refuses (and audits) a request that reached it without a verified caller or role', async () => {
    // GIVEN the proxy wired without the authoriser (a misconfiguration it must survive)
    const proxy = createProxy({ endpoint: healthLake.endpoint, region: 'eu-west-2', rolePolicy: POLICY, odsCode: 'RXX' }, { sink, credentials: () => CREDENTIALS });
    const base = { httpMethod: 'GET', path: '/Patient/9', pathParameters: { proxy: 'Patient/9' } };
    // WHEN / THEN
    expect((await proxy({ ...base, requestContext: { identity: { sourceIp: '203.0.113.7' } } })).statusCode).toBe(401);
    expect((await proxy({ ...base, requestContext: { authorizer: { userId: 'u1', roles: '["R8003"]' } } })).statusCode).toBe(403);
    expect(healthLake.received).toHaveLength(0);
    expect(sink.events.map((e) => e.outcome)).toEqual(['4', '4']);
  });

  test('fails at creation when a symmetric algorithm is allowed', () => {
    expect(() => createAuthoriser(
      { issuer: 'x', audience: 'a', jwksUri: 'http://127.0.0.1/jwks', algorithms: ['RS256', 'HS256'], roleClaim: 'cis2', rolePolicy: POLICY, odsCode: 'RXX' },
      { sink },
    )).toThrow(/asymmetric/);
  });
});
