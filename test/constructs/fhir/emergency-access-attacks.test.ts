import fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AuditedFhirStore } from '../../../constructs/fhir';
import { EMERGENCY_ACCESS_HEADER } from '../../../constructs/fhir/runtime/emergency-access';
import type { ResourceGrants } from '../../../constructs/fhir/runtime/role-policy';
import { expectValidAuditEvent } from './fhir-schema';
import { AUDIENCE, EXAMPLE_POLICY, Gateway, MemorySink, cis2Claims, detailOf, patientsNamed, type Answer, type Call } from './runtime/gateway-harness';
import { formatEmergencyAccesses, scanEmergencyAccesses } from '../../../lib/audit/emergency-access';
import { TrustConfigSchema } from '../../../lib/config/schema';
import { EMERGENCY, REASON, declare, now, purposeOf } from './runtime/emergency-fixture';
import { startHealthLakeStandIn, startIssuer, type HealthLakeStandIn, type LocalIssuer } from './runtime/local-peers';

/*
 * Emergency ("break glass") access attacked the way a caller (or a careless configuration) would:
 * header case and repetition, auth_time of every JSON type, types reached through _include,
 * _revinclude and _has, writes and deletes under a declaration, and a declaration the authoriser
 * saw that the proxy did not. Driven through the real authoriser and proxy handlers (the harness
 * plays API Gateway) against the local JWKS issuer and the HealthLake stand-in. Each case asserts
 * the answer, what reached HealthLake, and the AuditEvents with their purposeOfEvent.
 */

const declared = { code: 'BTG', text: REASON };

let issuer: LocalIssuer;
let store: HealthLakeStandIn;
const sink = new MemorySink();
let gw: Gateway;
let token: string;

beforeAll(async () => {
  [issuer, store] = await Promise.all([startIssuer(), startHealthLakeStandIn()]);
  gw = new Gateway(issuer, store, sink, EXAMPLE_POLICY, 'cis2', ['RHA'], EMERGENCY);
  token = await gw.token(cis2Claims('role-rxx-clinician', { auth_time: now() - 60 }));
});
afterAll(async () => {
  await Promise.all([issuer.close(), store.close()]);
});
beforeEach(() => {
  sink.events.length = 0;
  sink.failing = false;
  store.reset();
});
afterEach(() => sink.events.forEach(expectValidAuditEvent));

/** What the caller got, what reached HealthLake, and what the audit says: outcome, status and purpose of each event. */
function observed(res: Answer) {
  return {
    status: res.status,
    forwarded: store.received.length,
    events: sink.events.map((e) => ({ outcome: e.outcome, status: detailOf(e, 'http-status'), purpose: purposeOf(e) })),
  };
}
const served = (purpose: { code?: string; text: string } = declared) => ({ status: 200, forwarded: 1, events: [{ outcome: '0', status: '200', purpose }, { outcome: '0', status: '200', purpose }] });
const refused = (status: number, purpose: { code?: string; text: string | jest.AsymmetricMatcher } = declared) => ({ status, forwarded: 0, events: [{ outcome: '4', status: String(status), purpose }] });

describe('headers: case and repetition', () => {
  test.each([
    ['lower case', { 'x-emergency-access': `BTG; ${REASON}` }],
    ['upper case', { 'X-EMERGENCY-ACCESS': `BTG; ${REASON}` }],
    ['spaces around the code', { [EMERGENCY_ACCESS_HEADER]: `  BTG ;  ${REASON}  ` }],
  ])('GIVEN a declaration in %s WHEN it is sent THEN it is honoured and both events record it', async (_name, headers) => {
    expect(observed(await gw.call({ method: 'GET', path: '/Condition/c1', token, headers }))).toEqual(served());
  });

  test('GIVEN the header twice under two spellings of its name WHEN sent THEN refused (400) and audited as a declaration not understood', async () => {
    const res = await gw.call({ method: 'GET', path: '/Condition/c1', token, headers: { 'x-emergency-access': `BTG; ${REASON}`, 'X-Emergency-Access': `ETREAT; ${REASON}` } });
    expect(observed(res)).toEqual(refused(400, { text: expect.stringMatching(/^not understood: X-Emergency-Access/) }));
    expect(sink.events[0].outcomeDesc).toMatch(/sent more than once/);
  });

  test('GIVEN the header only in multiValueHeaders, twice WHEN sent THEN refused (400), never the first value honoured', async () => {
    const res = await gw.call({ method: 'GET', path: '/Condition/c1', token, repeatedHeaders: { 'x-emergency-access': [`BTG; ${REASON}`, `BTG; ${REASON}`] } });
    expect(observed(res)).toEqual(refused(400, { text: expect.stringMatching(/^not understood/) }));
  });
});

describe('auth_time of every JSON type', () => {
  test.each([
    ['a numeric string', String(now() - 60), /no auth_time/],
    ['true', true, /no auth_time/],
    ['null', null, /no auth_time/],
    ['an array', [now() - 60], /no auth_time/],
    ['an object', { seconds: now() - 60 }, /no auth_time/],
    ['1e308', 1e308, /in the future/],
    ['an hour ahead', now() + 3600, /in the future/],
    ['0', 0, /window \(30 minutes after signing in\) ended/],
    ['-1e308', -1e308, /window \(30 minutes after signing in\) ended/],
  ])('GIVEN auth_time %s WHEN a declaration is sent THEN refused (403), the refusal recording the declaration', async (_name, authTime, reason) => {
    const t = await gw.token(cis2Claims('role-rxx-clinician', { auth_time: authTime }));
    expect(observed(await gw.call({ method: 'GET', path: '/Condition/c1', token: t, headers: declare() }))).toEqual(refused(403));
    expect(sink.events[0].outcomeDesc).toMatch(reason);
  });
});

describe('types reached beyond the grant', () => {
  test.each([
    ['_revinclude of a type in neither grant', '/Patient', '_id=p2&_revinclude=MedicationRequest:subject', /reaches MedicationRequest/],
    ['_include of a reference that may be a Group', '/Condition', '_include=Condition:subject', /reaches Group/],
    ['_include:iterate', '/Condition', '_include:iterate=Condition:subject', /reaches Group/],
    ['_has on a type in neither grant', '/Patient', '_has:MedicationRequest:subject:status=active', /reaches MedicationRequest/],
  ])('GIVEN %s WHEN searched under a declaration THEN refused (403) and audited with the declaration', async (_name, path, query, reason) => {
    expect(observed(await gw.call({ method: 'GET', path, query, token, headers: declare() }))).toEqual(refused(403));
    expect(sink.events[0].outcomeDesc).toMatch(reason);
  });

  test('GIVEN _revinclude of a type the grant allows to search WHEN searched under a declaration THEN served, the outcome naming the patient', async () => {
    const res = await gw.call({ method: 'GET', path: '/Patient', query: '_id=p2&_revinclude=Condition:subject', token, headers: declare() });
    expect(observed(res)).toEqual(served());
    expect(patientsNamed(sink.events[1])).toContain('Patient/p2');
  });
});

describe('writes and deletes under a declaration', () => {
  const calls: Array<[string, Omit<Call, 'token'>]> = [
    ['delete', { method: 'DELETE', path: '/Condition/c1' }],
    ['patch', { method: 'PATCH', path: '/Condition/c1', body: '[{"op":"remove","path":"/code"}]', contentType: 'application/json-patch+json' }],
    ['update', { method: 'PUT', path: '/Condition/c1', body: JSON.stringify({ resourceType: 'Condition', id: 'c1', subject: { reference: 'Patient/p1' } }), contentType: 'application/fhir+json' }],
  ];
  test.each(calls)('GIVEN a read-only grant WHEN %s is declared THEN refused (403) and audited with the declaration', async (_name, req) => {
    expect(observed(await gw.call({ ...req, token, headers: declare() }))).toEqual(refused(403));
  });

  test('GIVEN a grant that lists delete (the gateway construct takes the grant it is given) WHEN R8000 declares BTG and deletes THEN refused (403), nothing deleted, audited with the declaration', async () => {
    const everything: ResourceGrants = { '*': ['read', 'search-type', 'delete'], Condition: ['delete'] };
    const careless = new Gateway(issuer, store, sink, EXAMPLE_POLICY, 'cis2', ['RHA'], { roles: ['R8000'], grant: everything });
    const res = await careless.call({ method: 'DELETE', path: '/Condition/c1', token, headers: declare() });
    expect(observed(res)).toEqual(refused(403));
    expect(sink.events[0].outcomeDesc).toMatch(/nor the emergency access grant allows delete on Condition/);
    // AND the same grant still serves the reads it lists
    sink.events.length = 0;
    expect(observed(await careless.call({ method: 'GET', path: '/Condition/c1', token, headers: declare() }))).toEqual(served());
  });
});

describe('a grant that grants nothing', () => {
  test('GIVEN emergency access whose grant lists types with no interactions WHEN the trust is validated THEN refused at fhir.emergencyAccess.grant, since a declared emergency would widen nothing', async () => {
    const empty: ResourceGrants = { Condition: [], Encounter: [] };
    const config = {
      odsCode: 'RXX', name: 'Example NHS Trust', environment: 'prod',
      fhir: { enabled: true, tokenIssuer: { issuer: 'https://issuer.example.nhs.uk', audience: 'app', roleClaim: 'cis2' }, rolePolicy: EXAMPLE_POLICY, storeLock: 'unreleased', emergencyAccess: { roles: ['R8000'], grant: empty } },
    };
    const parsed = TrustConfigSchema.safeParse(config);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['fhir.emergencyAccess.grant', expect.stringMatching(/^must grant at least one interaction/)]]);
    // AND the consequence it prevents: with that grant, the clinician's declared emergency is refused (and audited)
    const nothing = new Gateway(issuer, store, sink, EXAMPLE_POLICY, 'cis2', ['RHA'], { roles: ['R8000'], grant: empty });
    expect(observed(await nothing.call({ method: 'GET', path: '/Condition/c1', token, headers: declare() }))).toEqual(refused(403));
  });
});

describe('a declaration the authoriser honoured that the proxy does not see', () => {
  test('GIVEN the authoriser honoured BTG WHEN the proxy receives the request without the header THEN refused (400), nothing forwarded, and the event still records a declaration (so it is alarmed and reviewed)', async () => {
    const authorizer = {
      userId: '555000111222', cis2: 'true', role: 'S8000:G8000:R8000', org: 'RXX', roleKeys: JSON.stringify(['S8000:G8000:R8000', 'S8000', 'G8000', 'R8000', 'B0825']),
      understood: 'true', emergency: 'BTG', authTime: String(now() - 60),
    };
    const res = await gw.proxy()({ httpMethod: 'GET', path: '/Condition/c1', pathParameters: { proxy: 'Condition/c1' }, headers: {}, requestContext: { requestId: 'r', identity: { sourceIp: '203.0.113.7' }, authorizer } });
    expect(observed({ status: res.statusCode })).toEqual(refused(400, { text: "not understood: X-Emergency-Access authorised as 'BTG' but not on the request" }));
    expect(sink.events[0].outcomeDesc).toMatch(/not the one the request was authorised with/);
  });
});

describe('a caller with several role keys, only one of them allowed to declare', () => {
  test('GIVEN a Cognito user in groups R8008 (may not declare) and R8000 (may) WHEN they declare BTG THEN served, and both events and the review say it was declared as R8000, not only the acting role R8008', async () => {
    const cognito = new Gateway(issuer, store, sink, EXAMPLE_POLICY, 'cognito', [], EMERGENCY);
    const claims = { sub: 'cognito-user-1', token_use: 'access', client_id: AUDIENCE, auth_time: now() - 60 };
    const both = await cognito.token({ ...claims, 'cognito:groups': ['R8008', 'R8000'] });
    expect(observed(await cognito.call({ method: 'GET', path: '/Condition/c1', token: both, headers: declare() }))).toEqual(served());
    for (const e of sink.events) expect({ role: e.agent[0].role?.[0].coding[0].code, declaredAs: detailOf(e, 'emergency-declared-as') }).toEqual({ role: 'R8008', declaredAs: 'R8000' });
    expect(sink.events[0].outcomeDesc).toMatch(/^authorised by emergency access \(BTG\) declared as role R8000, granted by the emergency access grant/);
    // AND the IG lead's review names the role that made the declaration allowed
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emergency-roles-'));
    try {
      fs.writeFileSync(path.join(dir, 'events.json'), sink.events.map((e) => JSON.stringify(e)).join('\n'));
      const scan = scanEmergencyAccesses(dir, {});
      expect(scan.records.map((r) => ({ role: r.role, declaredAs: r.declaredAs }))).toEqual([{ role: 'R8008', declaredAs: 'R8000' }]);
      expect(formatEmergencyAccesses({}, scan.records)).toContain('cognito-user-1 (role R8008, declared as R8000, org RXX)');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // AND with R8008 alone the declaration is refused and audited, with no declaring role
    sink.events.length = 0;
    store.reset();
    const alone = await cognito.token({ ...claims, 'cognito:groups': ['R8008', 'Unlisted'] });
    expect(observed(await cognito.call({ method: 'GET', path: '/Condition/c1', token: alone, headers: declare() }))).toEqual(refused(403));
    expect(detailOf(sink.events[0], 'emergency-declared-as')).toBeUndefined();
  });
});

describe('a refused emergency attempt on one patient names that patient', () => {
  test.each([
    ['a trust without emergency access (400, proxy)', 'plain', 'role-rxx-clinician', 60, 400],
    ['a role not allowed to declare (403, authoriser)', 'emergency', 'role-rxx-admin', 60, 403],
    ['a sign-in older than the window (403, authoriser)', 'emergency', 'role-rxx-clinician', 31 * 60, 403],
  ])('GIVEN %s WHEN a declaration reads Patient/p1 THEN refused, and the event and the review name Patient/p1', async (_name, which, role, signedInAgo, status) => {
    const gateway = which === 'plain' ? new Gateway(issuer, store, sink) : gw;
    const t = await gateway.token(cis2Claims(role, { auth_time: now() - signedInAgo }));
    expect(observed(await gateway.call({ method: 'GET', path: '/Patient/p1', token: t, headers: declare() }))).toEqual(refused(status));
    expect(patientsNamed(sink.events[0])).toEqual(['Patient/p1']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emergency-patient-'));
    try {
      fs.writeFileSync(path.join(dir, 'events.json'), JSON.stringify(sink.events[0]));
      expect(scanEmergencyAccesses(dir, {}).records.map((r) => r.patients)).toEqual([['Patient/p1']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('paging an emergency search', () => {
  test('GIVEN the next page of an emergency search WHEN fetched with the declaration THEN served as emergency access; WHEN fetched without it THEN refused (403) and audited with no declaration', async () => {
    expect(observed(await gw.call({ method: 'GET', path: '/Condition', query: 'page=0&_count=1', token, headers: declare() }))).toEqual(served());
    sink.events.length = 0;
    store.reset();
    const res = await gw.call({ method: 'GET', path: '/Condition', query: 'page=0&_count=1', token });
    expect(observed(res)).toEqual({ status: 403, forwarded: 0, events: [{ outcome: '4', status: '403', purpose: undefined }] });
  });
});

describe('the alarm filter matches what the handlers write', () => {
  test('GIVEN the metric filter pattern as synthesised WHEN applied to the JSON the audit sink writes THEN it matches every event of a declaration (granted, refused, unauthenticated, not understood, missing at the proxy) and no other', async () => {
    const stack = new Stack(new App(), 'Trust', { env: { account: '111122223333', region: 'eu-west-2' } });
    const logsKey = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
    new AuditedFhirStore(stack, 'Fhir', {
      odsCode: 'RXX', environment: 'prod', dataKey: new kms.Key(stack, 'DataKey', { enableKeyRotation: true }), logsKey,
      archiveBucket: new s3.Bucket(stack, 'Archive', { objectLockEnabled: true, encryptionKey: logsKey }),
      tokenIssuer: { issuer: 'https://issuer.example.nhs.uk', audience: 'app', roleClaim: 'cis2' }, rolePolicy: EXAMPLE_POLICY, storeLock: 'unreleased', emergencyAccess: EMERGENCY,
    });
    const patterns = Object.values(Template.fromStack(stack).findResources('AWS::Logs::MetricFilter') as Record<string, { Properties: { FilterPattern: string; MetricTransformations: Array<{ MetricName: string }> } }>)
      .filter((f) => f.Properties.MetricTransformations[0].MetricName === 'EmergencyAccessEvents').map((f) => f.Properties.FilterPattern);
    // THEN the one filter is a JSON existence test on a path of plain names and array indexes (the only form read here)
    expect(patterns).toHaveLength(1);
    const m = /^\{ \$((?:\.[A-Za-z]+(?:\[\d+\])?)+) = "\*" \}$/.exec(patterns[0]);
    expect(m).not.toBeNull();
    const steps = m![1].slice(1).split('.').flatMap((part) => { const [, name, index] = /^(\w+)(?:\[(\d+)\])?$/.exec(part)!; return index === undefined ? [name] : [name, Number(index)]; });
    const matches = (written: string) => typeof steps.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], JSON.parse(written)) === 'string';

    const cases: Array<[string, () => Promise<unknown>, boolean]> = [
      ['granted', () => gw.call({ method: 'GET', path: '/Condition/c1', token, headers: declare() }), true],
      ['refused outside the grant', () => gw.call({ method: 'GET', path: '/MedicationRequest/m1', token, headers: declare() }), true],
      ['unauthenticated', () => gw.call({ method: 'GET', path: '/Condition/c1', headers: declare() }), true],
      ['not understood', () => gw.call({ method: 'GET', path: '/Condition/c1', token, headers: declare('BTG') }), true],
      ['missing at the proxy', () => gw.proxy()({ httpMethod: 'GET', path: '/Condition/c1', pathParameters: { proxy: 'Condition/c1' }, headers: {}, requestContext: { requestId: 'r', identity: { sourceIp: '203.0.113.7' }, authorizer: { userId: '555000111222', cis2: 'true', role: 'S8000:G8000:R8000', org: 'RXX', roleKeys: '["R8000"]', understood: 'true', emergency: 'BTG', authTime: String(now() - 60) } } }), true],
      ['no declaration', () => gw.call({ method: 'GET', path: '/Patient/p1', token }), false],
      ['no declaration, refused', () => gw.call({ method: 'GET', path: '/Condition/c1', token }), false],
    ];
    for (const [name, send, declaredOne] of cases) {
      sink.events.length = 0;
      await send();
      expect({ name, events: sink.events.length > 0 }).toEqual({ name, events: true });
      // the sink writes JSON.stringify(event) as the log event message (CloudWatchLogsAuditSink)
      for (const e of sink.events) expect({ name, matched: matches(JSON.stringify(e)) }).toEqual({ name, matched: declaredOne });
    }
  });
});

describe('free text longer than the audit keeps', () => {
  const long = 'Patient unconscious in resus, '.repeat(300);
  test.each([
    ['a trust without emergency access', () => new Gateway(issuer, store, sink), `BTG; ${long}`, 'BTG'],
    ['a code on the list this trust does not accept', () => gw, `ERTREAT; ${long}`, 'ERTREAT'],
    ['a code this trust accepts', () => gw, `BTG; ${long}`, 'BTG'],
  ])('GIVEN %s and 9000 characters of free text WHEN declared THEN refused (400), the event keeping the first 500', async (_name, gateway, value, code) => {
    expect(observed(await gateway().call({ method: 'GET', path: '/Condition/c1', token, headers: declare(value) }))).toEqual(refused(400, { code, text: long.trim().slice(0, 500) }));
  });
});

describe('the space of callers, sign-in times and requests', () => {
  test('GIVEN any Cognito groups, any auth_time and a request in or out of the grant WHEN BTG is declared THEN served exactly when a group may declare, the sign-in is in the window and a group or the grant allows it; every event records the declaration', async () => {
    const cognito = new Gateway(issuer, store, sink, EXAMPLE_POLICY, 'cognito', [], EMERGENCY);
    const paths: Record<string, { type: string; byPolicy: string[]; byGrant: boolean }> = {
      '/Condition/c1': { type: 'Condition', byPolicy: [], byGrant: true },
      '/Encounter/e1': { type: 'Encounter', byPolicy: [], byGrant: true },
      '/Patient/p1': { type: 'Patient', byPolicy: ['R8000', 'R8008'], byGrant: false },
      '/MedicationRequest/m1': { type: 'MedicationRequest', byPolicy: [], byGrant: false },
    };
    const seen = { served: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(['R8008', 'R8000', 'S8000', 'Unlisted']),
        // signed in within the window, before it, in the future, or not said (clear of the edges, so clock ticks do not decide)
        fc.oneof({ arbitrary: fc.integer({ min: -1790, max: -5 }), weight: 3 }, fc.integer({ min: -2 * 3600, max: -1810 }), fc.integer({ min: 15, max: 600 }), fc.constant(undefined)),
        fc.constantFrom(...Object.keys(paths)),
        async (groups, offset, path) => {
          sink.events.length = 0;
          store.reset();
          const t = await cognito.token({ sub: 'cognito-user-2', token_use: 'access', client_id: AUDIENCE, 'cognito:groups': groups, ...(offset === undefined ? {} : { auth_time: now() + offset }) });
          const res = await cognito.call({ method: 'GET', path, token: t, headers: declare() });
          // the oracle, from the configuration alone (30 minute window, 5 seconds' tolerance)
          const mayDeclare = groups.includes('R8000');
          const inWindow = offset !== undefined && offset >= -1800 && offset <= 5;
          const allowed = paths[path].byGrant || paths[path].byPolicy.some((r) => groups.includes(r));
          if (mayDeclare && inWindow && allowed) {
            seen.served++;
            expect(observed(res)).toEqual(served());
          } else {
            seen.refused++;
            expect(observed(res)).toEqual(refused(403));
          }
          sink.events.forEach(expectValidAuditEvent);
        },
      ),
      { numRuns: 100 },
    );
    // THEN both sides of the space were explored
    expect(seen.served).toBeGreaterThan(3);
    expect(seen.refused).toBeGreaterThan(20);
  });
});
