import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { SignJWT } from 'jose';
import { createAuthoriser } from '../../../../constructs/fhir/runtime/authoriser';
import { createProxy } from '../../../../constructs/fhir/runtime/proxy';
import { expectValidAuditEvent } from '../fhir-schema';
import { CREDENTIALS, EXAMPLE_POLICY, Gateway, MemorySink, NHS, cis2Claims, detailOf, patientsNamed, type Call } from './gateway-harness';
import { SEEDED_NHS, startHealthLakeStandIn, startIssuer, type HealthLakeStandIn, type LocalIssuer, type ReceivedRequest } from './local-peers';

// The authoriser and proxy run in-process against real local peers on 127.0.0.1: a JWKS issuer
// made with jose, and an in-memory FHIR server standing in for Amazon HealthLake (HealthLake
// cannot run locally; it is the one stand-in). The harness plays API Gateway's part.

let issuer: LocalIssuer;
let healthLake: HealthLakeStandIn;
const sink = new MemorySink();
let gateway: Gateway;
let cognito: Gateway;

beforeAll(async () => {
  [issuer, healthLake] = await Promise.all([startIssuer(), startHealthLakeStandIn()]);
  gateway = new Gateway(issuer, healthLake, sink);
  cognito = new Gateway(issuer, healthLake, sink, { clinicians: { Patient: ['read'] } }, 'cognito');
});
afterAll(async () => {
  await Promise.all([issuer.close(), healthLake.close()]);
});
beforeEach(() => {
  sink.events.length = 0;
  sink.failing = false;
  healthLake.reset();
});
afterEach(() => {
  // Every AuditEvent any test produced is a valid FHIR R4 AuditEvent.
  sink.events.forEach(expectValidAuditEvent);
});

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
  test('a valid access token with an allowed role is forwarded, SigV4-signed, with a decision and an outcome AuditEvent', async () => {
    // GIVEN
    const token = await gateway.token();
    // WHEN
    const res = await gateway.call({ method: 'GET', path: '/Patient/p1', token });
    // THEN
    expect(res.status).toBe(200);
    expect(res.json?.resourceType).toBe('Patient');
    expect(healthLake.received).toHaveLength(1);
    expect(healthLake.received[0].url).toBe('/datastore/0123456789abcdef0123456789abcdef/r4/Patient/p1');
    await expectValidSigV4(healthLake.received[0]);
    expect(sink.events).toHaveLength(2);
    const [decision, outcome] = sink.events;
    expect(decision.outcome).toBe('0');
    expect(detailOf(decision, 'phase')).toBe('decision');
    expect(decision.subtype).toEqual([{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read' }]);
    expect(decision.agent[0].who).toEqual({ identifier: { system: 'https://fhir.nhs.uk/Id/sds-user-id', value: '555000111222' } });
    expect(decision.agent[0].role?.[0].coding[0].code).toBe('S8000:G8000:R8000');
    expect(decision.agent[0].network).toEqual({ address: '203.0.113.7', type: '2' });
    expect(decision.agent[1].who).toEqual({ identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'RXX' } });
    expect(patientsNamed(decision)).toEqual(['Patient/p1']);
    expect(detailOf(outcome, 'phase')).toBe('outcome');
    expect(detailOf(outcome, 'decision-event')).toBe(decision.id);
    expect(detailOf(outcome, 'http-status')).toBe('200');
    expect(patientsNamed(outcome)).toEqual(['Patient/p1', `nhs:${SEEDED_NHS.p1}`, 'Patient/p3'].sort());
  });

  test('a search by NHS number is signed with its query and audited with the NHS number and the patients returned', async () => {
    const token = await gateway.token();
    const res = await gateway.call({ method: 'GET', path: '/Observation', token, query: `patient.identifier=${encodeURIComponent(`${NHS}|${SEEDED_NHS.p1}`)}&code=8867-4,8310-5` });
    expect(res.status).toBe(200);
    expect(healthLake.received).toHaveLength(1);
    await expectValidSigV4(healthLake.received[0]);
    const [decision, outcome] = sink.events;
    expect(patientsNamed(decision)).toEqual([`nhs:${SEEDED_NHS.p1}`]);
    expect(detailOf(decision, 'query')).toMatch(/^patient\.identifier=/);
    expect(patientsNamed(outcome)).toEqual(['Patient/p1', `nhs:${SEEDED_NHS.p1}`].sort());
  });

  test('a create carries its body, signed, and is audited with the patient from the body and the one stored', async () => {
    const token = await gateway.token();
    const body = JSON.stringify({ resourceType: 'Observation', status: 'final', code: { text: 'pulse' }, subject: { identifier: { system: NHS, value: SEEDED_NHS.p2 } } });
    const res = await gateway.call({ method: 'POST', path: '/Observation', token, body, contentType: 'application/fhir+json' });
    expect(res.status).toBe(201);
    expect(healthLake.received[0].body).toBe(body);
    await expectValidSigV4(healthLake.received[0]);
    const [decision, outcome] = sink.events;
    expect(decision.action).toBe('C');
    expect(patientsNamed(decision)).toEqual([`nhs:${SEEDED_NHS.p2}`]);
    expect(patientsNamed(outcome)).toEqual([`nhs:${SEEDED_NHS.p2}`]);
  });

  test('Cognito groups are mapped by the same role policy (access tokens, app client in client_id)', async () => {
    const token = await issuer.sign({ sub: 'cognito-user-1', client_id: 'fhir-gateway', token_use: 'access', 'cognito:groups': ['clinicians'] }, { expiresIn: '5m' });
    expect((await cognito.call({ method: 'GET', path: '/Patient/p1', token })).status).toBe(200);
    expect((await cognito.call({ method: 'GET', path: '/Observation/o1', token })).status).toBe(403);
    expect(sink.events.map((e) => [detailOf(e, 'phase'), e.outcome])).toEqual([['decision', '0'], ['outcome', '0'], ['decision', '4']]);
    expect(sink.events[0].agent[0].who?.identifier?.system).toBe('urn:ietf:params:oauth:jwt:sub');
  });

  test('fails with 403 and one failure AuditEvent when the selected role does not allow the interaction', async () => {
    // GIVEN a token whose selected CIS2 role (R8003) has no grant
    const token = await gateway.token(cis2Claims('role-rxx-other'));
    // WHEN
    const res = await gateway.call({ method: 'GET', path: '/Patient/p1', token });
    // THEN
    expect(res.status).toBe(403);
    expect(healthLake.received).toHaveLength(0);
    expect(sink.events).toHaveLength(1);
    expect(sink.events[0].outcome).toBe('4');
    expect(sink.events[0].outcomeDesc).toMatch(/forbidden/);
    expect(sink.events[0].agent[0].role?.[0].coding[0].code).toBe('S8000:G8000:R8003');
  });

  test('fails with 403 when an allowed role asks for an interaction it lacks (delete)', async () => {
    const token = await gateway.token();
    expect((await gateway.call({ method: 'DELETE', path: '/Patient/p1', token })).status).toBe(403);
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
      const [h, , s] = (await issuer.sign(cis2Claims('role-rxx-other'), { expiresIn: '5m' })).split('.');
      const payload = Buffer.from(JSON.stringify({ ...cis2Claims(), iss: issuer.issuer, exp: Math.floor(Date.now() / 1000) + 300 })).toString('base64url');
      return { token: `${h}.${payload}.${s}` };
    }, /signature/],
    ['no bearer token', async () => ({ authorization: 'Basic dXNlcjpwYXNz' }), /no bearer token/],
    ['an ID token', async () => ({ token: await issuer.sign(cis2Claims('role-rxx-clinician', { tokenName: 'id_token' }), { expiresIn: '5m' }) }), /not an access token/],
  ];

  test.each(rejected)('fails with 401 and one failure AuditEvent for %s', async (_name, make, reason) => {
    // GIVEN
    const req = await make();
    // WHEN
    const res = await gateway.call({ method: 'GET', path: '/Patient/p1', ...req });
    // THEN
    expect(res.status).toBe(401);
    expect(healthLake.received).toHaveLength(0);
    expect(sink.events).toHaveLength(1);
    expect(sink.events[0].outcome).toBe('4');
    expect(sink.events[0].outcomeDesc).toMatch(reason);
    expect(sink.events[0].agent[0].who).toEqual({ display: 'unauthenticated caller' });
  });

  test('fails with 400 and an AuditEvent when the NHS number has a bad check digit', async () => {
    const token = await gateway.token();
    const res = await gateway.call({ method: 'GET', path: '/Patient', token, query: `identifier=${encodeURIComponent(`${NHS}|9434765918`)}` });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/check digit/);
    expect(healthLake.received).toHaveLength(0);
    expect(sink.events).toHaveLength(1);
    expect(sink.events[0].outcome).toBe('4');
    expect(patientsNamed(sink.events[0])).toEqual([]);
  });

  test('fails closed with 500 and forwards nothing when the audit write fails for an allowed request', async () => {
    // GIVEN an allowed request and an audit sink that cannot write
    const token = await gateway.token();
    sink.failing = true;
    // WHEN
    const res = await gateway.call({ method: 'GET', path: '/Patient/p1', token });
    // THEN
    expect(res.status).toBe(500);
    expect(res.body).toMatch(/audit record could not be written/);
    expect(healthLake.received).toHaveLength(0);
  });

  test('fails with 500 (not 401) when the audit of a refused token cannot be written', async () => {
    sink.failing = true;
    const res = await gateway.call({ method: 'GET', path: '/Patient/p1', authorization: 'Bearer not.a.jwt' });
    expect(res.status).toBe(500);
    expect(healthLake.received).toHaveLength(0);
  });

  test('the proxy alone refuses (and audits) a request that reached it without a verified caller, organisation or role', async () => {
    // GIVEN the proxy wired without the authoriser (a misconfiguration it must survive)
    const proxy = createProxy({ endpoint: healthLake.endpoint, region: 'eu-west-2', rolePolicy: EXAMPLE_POLICY, odsCode: 'RXX' }, { sink, credentials: () => CREDENTIALS });
    const base = { httpMethod: 'GET', path: '/Patient/p1', pathParameters: { proxy: 'Patient/p1' } };
    // WHEN / THEN
    expect((await proxy({ ...base, requestContext: { identity: { sourceIp: '203.0.113.7' } } })).statusCode).toBe(401);
    expect((await proxy({ ...base, requestContext: { authorizer: { userId: 'u1', org: 'RXX', roleKeys: '["R8003"]' } } })).statusCode).toBe(403);
    expect((await proxy({ ...base, requestContext: { authorizer: { userId: 'u1', org: 'RA7', roleKeys: '["R8000"]' } } })).statusCode).toBe(403);
    expect(healthLake.received).toHaveLength(0);
    expect(sink.events.map((e) => e.outcome)).toEqual(['4', '4', '4']);
  });

  test('fails at creation when a symmetric algorithm is allowed', () => {
    expect(() => createAuthoriser(
      { issuer: 'x', audience: 'a', jwksUri: 'http://127.0.0.1/jwks', algorithms: ['RS256', 'HS256'], roleClaim: 'cis2', rolePolicy: EXAMPLE_POLICY, odsCode: 'RXX' },
      { sink },
    )).toThrow(/asymmetric/);
  });
});
