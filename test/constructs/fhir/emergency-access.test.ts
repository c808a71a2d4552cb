import fc from 'fast-check';
import type { AuditEvent } from '../../../constructs/fhir/runtime/audit-event';
import { EMERGENCY_EVENT_FIELD } from '../../../constructs/fhir/gateway-alarms';
import { expectValidAuditEvent } from './fhir-schema';
import { EXAMPLE_POLICY, Gateway, MemorySink, cis2Claims, detailOf, patientsNamed, type Answer, type Call } from './runtime/gateway-harness';
import { ACT_REASON_SYSTEM, EMERGENCY_ACCESS_HEADER } from '../../../constructs/fhir/runtime/emergency-access';
import { EMERGENCY, REASON, declare, now, purposeOf } from './runtime/emergency-fixture';
import { startHealthLakeStandIn, startIssuer, type HealthLakeStandIn, type LocalIssuer } from './runtime/local-peers';

/*
 * Emergency ("break glass") access, driven through the real authoriser and proxy handlers (the
 * harness plays API Gateway) against the local JWKS issuer and the HealthLake stand-in, with the
 * example trust's role policy (R8000 clinician: Patient and Observation; R8008 admin: Patient)
 * and an emergency configuration that lets R8000 declare ETREAT or BTG for Conditions,
 * Encounters and allergies within 30 minutes of signing in. Every case asserts both halves: the
 * answer, and the AuditEvents (with the declared reason in purposeOfEvent).
 */


let issuer: LocalIssuer;
let store: HealthLakeStandIn;
const sink = new MemorySink();
let gw: Gateway;
let plain: Gateway;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  [issuer, store] = await Promise.all([startIssuer(), startHealthLakeStandIn()]);
  gw = new Gateway(issuer, store, sink, EXAMPLE_POLICY, 'cis2', ['RHA'], EMERGENCY);
  plain = new Gateway(issuer, store, sink);
  const signedIn = { auth_time: now() - 60 };
  tokens.clinician = await gw.token(cis2Claims('role-rxx-clinician', signedIn));
  tokens.admin = await gw.token(cis2Claims('role-rxx-admin', signedIn));
  tokens.elsewhere = await gw.token(cis2Claims('role-ra7-clinician', signedIn));
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

/** Refused: the status, one AuditEvent (outcome 4, the status, the reason, the declared purpose as expected), nothing forwarded. */
function expectRefused(res: Answer, status: number, reason: RegExp, purpose: { code?: string; text?: string | RegExp } | undefined): AuditEvent {
  expect({ status: res.status, forwarded: store.received.length, events: sink.events.length }).toEqual({ status, forwarded: 0, events: 1 });
  const [event] = sink.events;
  expect({ outcome: event.outcome, status: detailOf(event, 'http-status') }).toEqual({ outcome: '4', status: String(status) });
  expect(event.outcomeDesc).toMatch(reason);
  const recorded = purposeOf(event);
  if (purpose === undefined) expect(recorded).toBeUndefined();
  else expect(recorded).toEqual({ ...(purpose.code ? { code: purpose.code } : {}), text: purpose.text instanceof RegExp ? expect.stringMatching(purpose.text) : purpose.text });
  return event;
}

/** Served as emergency access: a decision and an outcome event, both carrying the code and the free text. */
function expectEmergencyServed(res: Answer, status = 200, code = 'BTG'): { decision: AuditEvent; outcome: AuditEvent } {
  expect({ status: res.status, events: sink.events.length }).toEqual({ status, events: 2 });
  expect(store.received.length).toBeGreaterThan(0);
  const [decision, outcome] = sink.events;
  expect([detailOf(decision, 'phase'), decision.outcome, detailOf(outcome, 'phase'), detailOf(outcome, 'decision-event')]).toEqual(['decision', '0', 'outcome', decision.id]);
  for (const e of [decision, outcome]) expect(purposeOf(e)).toEqual({ code, text: REASON });
  expect(decision.purposeOfEvent?.[0].coding?.[0]).toEqual({ system: ACT_REASON_SYSTEM, code, display: code === 'BTG' ? 'break the glass' : 'Emergency Treatment' });
  expect(decision.outcomeDesc).toMatch(new RegExp(`^authorised by emergency access \\(${code}\\)`));
  return { decision, outcome };
}

const call = (who: 'clinician' | 'admin' | 'elsewhere', req: Omit<Call, 'token'>, gateway: Gateway = gw) => gateway.call({ ...req, token: tokens[who] });

describe('emergency access: granted only to configured roles, within the grant', () => {
  test('a configured role declaring BTG reads a Condition its role policy does not allow, audited as emergency access with the code, the free text and the patient', async () => {
    const { decision, outcome } = expectEmergencyServed(await call('clinician', { method: 'GET', path: '/Condition/c1', headers: declare() }));
    expect(detailOf(decision, 'granted-by')).toBe('emergency access grant');
    expect(patientsNamed(decision)).toEqual(['unknown']);
    expect(patientsNamed(outcome)).toEqual(['Patient/p2']);
    expect(decision.agent[0].role?.[0].coding[0].code).toBe('S8000:G8000:R8000');
  });

  test('the same request without a declaration is refused: the grant applies only to a declared emergency', async () => {
    expectRefused(await call('clinician', { method: 'GET', path: '/Condition/c1' }), 403, /no role of the caller allows read on Condition/, undefined);
  });

  test('an emergency search is served and the outcome names every patient returned', async () => {
    const { outcome } = expectEmergencyServed(await call('clinician', { method: 'GET', path: '/Condition', query: 'code=44054006', headers: declare(`ETREAT; ${REASON}`) }), 200, 'ETREAT');
    expect(patientsNamed(outcome)).toEqual(['Patient/p2']);
  });

  test('a role not allowed to declare (R8008) is refused, and the refusal records the declared reason', async () => {
    expectRefused(await call('admin', { method: 'GET', path: '/Condition/c1', headers: declare() }), 403, /role may not declare emergency access \(roles that may: R8000\)/, { code: 'BTG', text: REASON });
  });

  test('a role not allowed to declare is refused even where its role policy alone would allow the request (no silent fallback)', async () => {
    expectRefused(await call('admin', { method: 'GET', path: '/Patient/p1', headers: declare() }), 403, /may not declare emergency access/, { code: 'BTG', text: REASON });
  });

  test('a request outside the emergency grant is refused and audited with the declared reason', async () => {
    expectRefused(await call('clinician', { method: 'GET', path: '/MedicationRequest/m1', headers: declare() }), 403, /neither a role of the caller nor the emergency access grant allows read on MedicationRequest/, { code: 'BTG', text: REASON });
    sink.events.length = 0;
    const body = JSON.stringify({ resourceType: 'Condition', subject: { reference: 'Patient/p2' } });
    expectRefused(await call('clinician', { method: 'POST', path: '/Condition', body, contentType: 'application/fhir+json', headers: declare() }), 403, /allows create on Condition/, { code: 'BTG', text: REASON });
  });

  test('an emergency search reaching a type outside both grants is refused', async () => {
    expectRefused(await call('clinician', { method: 'GET', path: '/Condition', query: '_include=Condition:asserter', headers: declare() }), 403, /reaches .*Practitioner.*neither a role of the caller nor the emergency access grant/, { code: 'BTG', text: REASON });
  });

  test('where the role policy alone allows the access, a declared emergency is still recorded as emergency access', async () => {
    const { decision } = expectEmergencyServed(await call('clinician', { method: 'GET', path: '/Patient/p1', headers: declare() }));
    expect(detailOf(decision, 'granted-by')).toBe('R8000');
    expect(decision.outcomeDesc).toMatch(/granted by role R8000/);
  });

  test('the organisation check applies: the same role held at another organisation is refused', async () => {
    const event = expectRefused(await call('elsewhere', { method: 'GET', path: '/Condition/c1', headers: declare() }), 403, /held at RA7/, { code: 'BTG', text: REASON });
    expect(event.agent[1].who?.identifier?.value).toBe('RA7');
  });

  test('the search allow-lists apply: a parameter the gateway does not understand is refused (400)', async () => {
    expectRefused(await call('clinician', { method: 'GET', path: '/Condition', query: 'foo=bar', headers: declare() }), 400, /foo/, { code: 'BTG', text: REASON });
    sink.events.length = 0;
    expectRefused(await call('clinician', { method: 'GET', path: '/Condition', query: '_type=Observation', headers: declare() }), 400, /_type/, { code: 'BTG', text: REASON });
  });

  test("HealthLake's real answer is the recorded outcome: a 404 under emergency access is recorded as not found", async () => {
    const { outcome } = expectEmergencyServed(await call('clinician', { method: 'GET', path: '/Condition/nope', headers: declare() }), 404);
    expect(outcome.outcome).toBe('4');
  });
});

describe('emergency access: the window after sign-in', () => {
  const at = async (authTime: number | undefined) => gw.token(cis2Claims('role-rxx-clinician', authTime === undefined ? {} : { auth_time: authTime }));

  test('a token issued just now for a sign-in older than the window is refused (a refresh does not reopen the window)', async () => {
    const token = await at(now() - 31 * 60);
    expectRefused(await gw.call({ method: 'GET', path: '/Condition/c1', token, headers: declare() }), 403, /window \(30 minutes after signing in\) ended 1 minutes ago: sign in again/, { code: 'BTG', text: REASON });
  });

  test('a sign-in inside the window is honoured', async () => {
    expectEmergencyServed(await gw.call({ method: 'GET', path: '/Condition/c1', token: await at(now() - 29 * 60), headers: declare() }));
  });

  test('a token without auth_time cannot declare an emergency', async () => {
    expectRefused(await gw.call({ method: 'GET', path: '/Condition/c1', token: await at(undefined), headers: declare() }), 403, /no auth_time/, { code: 'BTG', text: REASON });
  });

  test('a sign-in in the future is refused', async () => {
    expectRefused(await gw.call({ method: 'GET', path: '/Condition/c1', token: await at(now() + 600), headers: declare() }), 403, /in the future/, { code: 'BTG', text: REASON });
  });
});

describe('emergency access: declarations the gateway cannot honour are refused and audited', () => {
  // What the AuditEvent records of a declaration it could not read: what was sent, non-ASCII as '?'.
  const sent = (value: string) => ({ text: `not understood: X-Emergency-Access '${value.replace(/[^\x20-\x7e]/g, '?')}'` });
  test.each([
    ['no free text', 'BTG', /must be '<reason code>; <free text>'/, sent('BTG')],
    ['an empty free text', 'BTG;   ', /needs free text of at least 10 characters/, sent('BTG;   ')],
    ['free text under 10 characters', 'BTG; help me', /needs free text of at least 10 characters.*got 7/, { code: 'BTG', text: 'help me' }],
    ['a code not on the HL7 list', `TREAT; ${REASON}`, /'TREAT' is not an emergency reason: use one of ETREAT, BTG/, sent(`TREAT; ${REASON}`)],
    ['a lower-case code', `btg; ${REASON}`, /'btg' is not an emergency reason/, sent(`btg; ${REASON}`)],
    ['no code', `; ${REASON}`, /'' is not an emergency reason/, sent(`; ${REASON}`)],
    ['an empty header', '', /must be '<reason code>; <free text>'/, sent('')],
    ['control characters in the text', 'BTG; Unconscious\u0007 patient in ED', /printable ASCII/, sent('BTG; Unconscious\u0007 patient in ED')],
    ['text that is not ASCII', 'BTG; Patient inconscient aux urgences, très urgent', /printable ASCII/, sent('BTG; Patient inconscient aux urgences, très urgent')],
  ])('%s is refused (400)', async (_name, value, reason, purpose) => {
    expectRefused(await call('clinician', { method: 'GET', path: '/Condition/c1', headers: declare(value) }), 400, reason, purpose);
  });

  test('a code on the HL7 list that this trust does not accept (ERTREAT) is refused, recording the code', async () => {
    expectRefused(await call('clinician', { method: 'GET', path: '/Condition/c1', headers: declare(`ERTREAT; ${REASON}`) }), 400, /'ERTREAT' is not a reason this trust accepts: use one of ETREAT, BTG/, { code: 'ERTREAT', text: REASON });
  });

  test('free text over 500 characters is refused, recording the first 500', async () => {
    const long = 'x'.repeat(501);
    expectRefused(await call('clinician', { method: 'GET', path: '/Condition/c1', headers: declare(`BTG; ${long}`) }), 400, /at most 500 characters; got 501/, { code: 'BTG', text: long.slice(0, 500) });
  });

  test('a declaration sent twice is refused', async () => {
    const res = await call('clinician', { method: 'GET', path: '/Condition/c1', repeatedHeaders: { [EMERGENCY_ACCESS_HEADER]: [`BTG; ${REASON}`, `ETREAT; ${REASON}`] } });
    expectRefused(res, 400, /sent more than once/, { text: /^not understood/ });
  });

  test('an unauthenticated request declaring an emergency is refused (401) and the attempt is audited with its reason', async () => {
    expectRefused(await gw.call({ method: 'GET', path: '/Condition/c1', headers: declare() }), 401, /unauthenticated/, { code: 'BTG', text: REASON });
  });

  test('every header value is either an accepted declaration or refused (400) and audited: never served as a normal request', async () => {
    const oracle = (value: string) => {
      const m = /^([^;]*);(.*)$/s.exec(value);
      const text = m?.[2].trim() ?? '';
      return Boolean(m && ['ETREAT', 'BTG'].includes(m[1].trim()) && /^[\x20-\x7e]{10,500}$/.test(text));
    };
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.tuple(fc.constantFrom('ETREAT', 'BTG', 'ERTREAT', 'TREAT', 'btg', '', ' BTG '), fc.constantFrom(';', ':', ' ', ';;', ''), fc.string({ unit: 'grapheme-ascii', maxLength: 30 })).map(([c, sep, t]) => `${c}${sep}${t}`),
      fc.tuple(fc.constantFrom('ETREAT', 'BTG'), fc.string({ unit: 'binary', minLength: 5, maxLength: 20 })).map(([c, t]) => `${c}; ${t}`),
    );
    const seen = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(value, async (v) => {
        sink.events.length = 0;
        store.received.length = 0;
        const res = await call('clinician', { method: 'GET', path: '/Condition/c1', headers: declare(v) });
        const events = sink.events.map((e) => ({ outcome: e.outcome, declared: Boolean(e.purposeOfEvent?.[0].text) }));
        seen[oracle(v) ? 'accepted' : 'refused']++;
        if (oracle(v)) {
          expect({ status: res.status, events }).toEqual({ status: 200, events: [{ outcome: '0', declared: true }, { outcome: '0', declared: true }] });
        } else {
          expect({ status: res.status, events, forwarded: store.received.length }).toEqual({ status: 400, events: [{ outcome: '4', declared: true }], forwarded: 0 });
        }
        sink.events.forEach(expectValidAuditEvent);
      }),
      { numRuns: 80, examples: [[`BTG; ${REASON}`], [`ETREAT;${REASON}  `]] },
    );
    // THEN both sides of the space were explored
    expect(seen.accepted).toBeGreaterThan(1);
    expect(seen.refused).toBeGreaterThan(10);
  });
});

describe('emergency access: off by default', () => {
  test('a trust with no emergency access refuses a declaration (400) and audits it, even on a request its role policy allows', async () => {
    const res = await call('clinician', { method: 'GET', path: '/Patient/p1', headers: declare() }, plain);
    expectRefused(res, 400, /this trust has not configured emergency access/, { code: 'BTG', text: REASON });
    // WHEN the same request comes without the header THEN it is served: the header alone made the difference
    sink.events.length = 0;
    expect((await call('clinician', { method: 'GET', path: '/Patient/p1' }, plain)).status).toBe(200);
    expect(sink.events.map((e) => e.purposeOfEvent)).toEqual([undefined, undefined]);
  });

  test('without configuration a declaration widens nothing: a Condition stays refused', async () => {
    expectRefused(await call('clinician', { method: 'GET', path: '/Condition/c1', headers: declare() }, plain), 400, /not configured emergency access/, { code: 'BTG', text: REASON });
  });
});

describe('emergency access: the proxy judges the declaration again', () => {
  const context = (extra: Record<string, string>) => ({
    userId: '555000111222', cis2: 'true', role: 'S8000:G8000:R8000', org: 'RXX', roleKeys: JSON.stringify(['S8000:G8000:R8000', 'S8000', 'G8000', 'R8000', 'B0825']), understood: 'true', emergency: '', authTime: '', ...extra,
  });
  const proxied = (authorizer: Record<string, string>, headers: Record<string, string>) =>
    gw.proxy()({ httpMethod: 'GET', path: '/Condition/c1', pathParameters: { proxy: 'Condition/c1' }, headers, requestContext: { requestId: 'r', identity: { sourceIp: '203.0.113.7' }, authorizer } });

  test('a declaration the authoriser did not authorise (added after it) is refused', async () => {
    const res = await proxied(context({}), declare());
    expectRefused({ status: res.statusCode }, 400, /not the one the request was authorised with/, { code: 'BTG', text: REASON });
  });

  test('a window that ends between the authoriser and the proxy is refused by the proxy', async () => {
    const res = await proxied(context({ emergency: 'BTG', authTime: String(now() - 31 * 60) }), declare());
    expectRefused({ status: res.statusCode }, 403, /window \(30 minutes after signing in\) ended/, { code: 'BTG', text: REASON });
  });

  test('with the context the authoriser gives, the proxy serves the emergency read', async () => {
    const res = await proxied(context({ emergency: 'BTG', authTime: String(now() - 60) }), declare());
    expectEmergencyServed({ status: res.statusCode });
  });
});

describe('emergency access: always audited (fail closed)', () => {
  test('an emergency request whose decision AuditEvent cannot be written is refused (500) and nothing reaches HealthLake', async () => {
    sink.failing = true;
    const res = await call('clinician', { method: 'GET', path: '/Condition/c1', headers: declare() });
    expect({ status: res.status, forwarded: store.received.length, events: sink.events.length }).toEqual({ status: 500, forwarded: 0, events: 0 });
    expect(res.body).not.toContain('44054006');
  });

  test('an emergency answer whose outcome AuditEvent cannot be written is withheld', async () => {
    sink.failing = { after: 1 };
    const res = await call('clinician', { method: 'GET', path: '/Condition/c1', headers: declare() });
    expect({ status: res.status, events: sink.events.length }).toEqual({ status: 500, events: 1 });
    expect(purposeOf(sink.events[0])).toEqual({ code: 'BTG', text: REASON });
    expect(res.body).not.toContain('44054006');
  });

  test('the field the alarm counts is set on every AuditEvent of a declared emergency, granted or refused, and on no other', async () => {
    const field = (e: AuditEvent) => EMERGENCY_EVENT_FIELD.slice(2).split('.').reduce<unknown>((v, part) => {
      const m = /^(\w+)\[(\d+)\]$/.exec(part);
      const o = v as Record<string, unknown> | undefined;
      return m ? (o?.[m[1]] as unknown[] | undefined)?.[Number(m[2])] : o?.[part];
    }, e);
    const cases: Array<[Omit<Call, 'token'>, 'clinician' | 'admin', boolean]> = [
      [{ method: 'GET', path: '/Condition/c1', headers: declare() }, 'clinician', true],
      [{ method: 'GET', path: '/Condition/c1', headers: declare() }, 'admin', true],
      [{ method: 'GET', path: '/Condition/c1', headers: declare('BTG') }, 'clinician', true],
      [{ method: 'GET', path: '/Patient/p1' }, 'clinician', false],
      [{ method: 'GET', path: '/Condition/c1' }, 'clinician', false],
    ];
    for (const [req, who, declared] of cases) {
      sink.events.length = 0;
      await call(who, req);
      expect(sink.events.length).toBeGreaterThan(0);
      for (const e of sink.events) expect({ path: req.path, declared, value: typeof field(e) === 'string' && (field(e) as string).length > 0 }).toEqual({ path: req.path, declared, value: declared });
    }
  });
});
