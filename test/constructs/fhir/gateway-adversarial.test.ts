import { Template } from 'aws-cdk-lib/assertions';
import { App } from 'aws-cdk-lib';
import * as path from 'path';
import type { AuditEvent } from '../../../constructs/fhir/runtime/audit-event';
import { loadTrustDir } from '../../../lib/config/loader';
import { TrustStack } from '../../../lib/trust-stack';
import { expectValidAuditEvent } from './fhir-schema';
import { Gateway, MemorySink, NHS, cis2Claims, detailOf, patientsInAnswer, patientsNamed, type Answer, type Call } from './runtime/gateway-harness';
import { SEEDED_NHS, startHealthLakeStandIn, startIssuer, type HealthLakeStandIn, type LocalIssuer } from './runtime/local-peers';

/*
 * The gateway under attack. Every case drives the real authoriser and proxy handlers (through the
 * harness, which plays API Gateway) against a local JWKS issuer and an in-memory FHIR server
 * standing in for HealthLake, with the example trust's role policy (R8000 clinician: Patient and
 * Observation; R8008 admin: Patient only). Each case asserts both halves: the request is served
 * with AuditEvents naming every patient the answer reached, or refused with an AuditEvent, and
 * nothing reached HealthLake.
 */

let issuer: LocalIssuer;
let store: HealthLakeStandIn;
const sink = new MemorySink();
let gw: Gateway;
let writer: Gateway;
const tokens: Record<string, string> = {};

const enc = encodeURIComponent;
const nhsToken = (n: string) => enc(`${NHS}|${n}`);

beforeAll(async () => {
  [issuer, store] = await Promise.all([startIssuer(), startHealthLakeStandIn()]);
  gw = new Gateway(issuer, store, sink);
  writer = new Gateway(issuer, store, sink, {
    R8000: { Patient: ['read', 'vread', 'search-type', 'update'], Observation: ['read', 'vread', 'search-type', 'history-instance', 'create', 'update', 'patch', 'delete'], Bundle: ['create'] },
  });
  tokens.clinician = await gw.token(cis2Claims('role-rxx-clinician'));
  tokens.admin = await gw.token(cis2Claims('role-rxx-admin'));
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

/** Refused: the status, one AuditEvent saying so (outcome 4, the status, the reason), nothing forwarded. */
function expectRefused(res: Answer, status: number, reason?: RegExp): AuditEvent {
  expect({ status: res.status, forwarded: store.received.length, events: sink.events.length }).toEqual({ status, forwarded: 0, events: 1 });
  const [event] = sink.events;
  expect(event.outcome).toBe('4');
  expect(detailOf(event, 'http-status')).toBe(String(status));
  if (reason) expect(event.outcomeDesc).toMatch(reason);
  return event;
}

/**
 * Served: a decision event before HealthLake was called and an outcome event after, linked, with
 * HealthLake's status; the outcome names every patient the answer holds (found independently).
 */
function expectServed(res: Answer, status = 200): { decision: AuditEvent; outcome: AuditEvent } {
  expect({ status: res.status, events: sink.events.length }).toEqual({ status, events: 2 });
  expect(store.received.length).toBeGreaterThan(0);
  const [decision, outcome] = sink.events;
  expect([detailOf(decision, 'phase'), decision.outcome, detailOf(outcome, 'phase'), detailOf(outcome, 'decision-event')]).toEqual(['decision', '0', 'outcome', decision.id]);
  expect(detailOf(outcome, 'http-status')).toBe(String(status));
  const named = patientsNamed(outcome);
  for (const p of patientsInAnswer(res.json)) expect({ patient: p, named: named.includes(p) }).toEqual({ patient: p, named: true });
  return { decision, outcome };
}

/** Withheld: forwarded, but HealthLake's answer was not passed on; the outcome event says why. */
function expectWithheld(res: Answer, reason: RegExp): void {
  expect({ status: res.status, events: sink.events.length }).toEqual({ status: 502, events: 2 });
  expect(sink.events[1].outcome).toBe('8');
  expect(sink.events[1].outcomeDesc).toMatch(reason);
  expect(res.body).not.toMatch(/"resourceType":"(Patient|Observation|Condition)"/);
}

const call = (who: 'clinician' | 'admin', req: Omit<Call, 'token'>, gateway?: Gateway) => (gateway ?? gw).call({ ...req, token: tokens[who] });

describe('1. the organisation of the CIS2 role is checked: the selected role, at an allowed organisation', () => {
  test('a clinician role held at another organisation (RA7) is refused, and the audit names that organisation', async () => {
    const token = await gw.token(cis2Claims('role-ra7-clinician'));
    const event = expectRefused(await gw.call({ method: 'GET', path: '/Patient/p1', token }), 403, /held at RA7, which is not an organisation this trust allows/);
    expect(event.agent[1].who?.identifier?.value).toBe('RA7');
  });

  test('a token with no selected role is refused (roles are never pooled across organisations)', async () => {
    const token = await gw.token(cis2Claims(null));
    expectRefused(await gw.call({ method: 'GET', path: '/Patient/p1', token }), 403, /no selected role/);
  });

  test('a selected role that is not among the token roles is refused', async () => {
    const token = await gw.token(cis2Claims('role-nowhere'));
    expectRefused(await gw.call({ method: 'GET', path: '/Patient/p1', token }), 403, /not in the token/);
  });

  test('a selected role listed twice (at two organisations) is refused', async () => {
    const claims = cis2Claims('dup');
    (claims.nhsid_nrbac_roles as object[]).push({ person_roleid: 'dup', role_code: 'R8000', org_code: 'RXX' }, { person_roleid: 'dup', role_code: 'R8000', org_code: 'RA7' });
    expectRefused(await gw.call({ method: 'GET', path: '/Patient/p1', token: await gw.token(claims) }), 403, /listed more than once/);
  });

  test('acting as admin (R8008) while also holding R8000 does not pool the clinician grants', async () => {
    expectRefused(await call('admin', { method: 'GET', path: '/Observation/o1' }), 403, /no role of the caller allows read on Observation/);
  });

  test('a role at a hosted organisation listed in the config (RHA) is served', async () => {
    const claims = cis2Claims('hosted');
    (claims.nhsid_nrbac_roles as object[]).push({ person_roleid: 'hosted', role_code: 'R8000', org_code: 'RHA' });
    const { decision } = expectServed(await gw.call({ method: 'GET', path: '/Patient/p2', token: await gw.token(claims) }));
    expect(decision.agent[1].who?.identifier?.value).toBe('RHA');
  });

  test('a Cognito user whose pool says another organisation is refused', async () => {
    const cognito = new Gateway(issuer, store, sink, { clinicians: { Patient: ['read'] } }, 'cognito');
    const token = await issuer.sign({ sub: 'u1', client_id: 'fhir-gateway', token_use: 'access', 'cognito:groups': ['clinicians'], 'custom:ods_code': 'RA7' }, { expiresIn: '5m' });
    expectRefused(await cognito.call({ method: 'GET', path: '/Patient/p1', token }), 403, /organisation RA7/);
  });
});

describe('2. search parameters cannot cross the per-type role policy', () => {
  const admin: Array<[string, string, string, number, RegExp]> = [
    ['_revinclude of Observations on a Patient search', '/Patient', '_revinclude=Observation:patient', 403, /reaches Observation/],
    ['_revinclude:iterate', '/Patient', '_revinclude:iterate=Observation:patient', 403, /reaches Observation/],
    ['_has: finding patients by diagnosis', '/Patient', `${enc('_has:Condition:patient:code')}=44054006`, 403, /reaches Condition/],
    ['_has nested twice', '/Patient', `${enc('_has:Observation:patient:_has:AuditEvent:entity:agent')}=x`, 403, /reaches Observation, AuditEvent/],
    ['_include of the types Patient.link reaches (RelatedPerson)', '/Patient', '_include=Patient:link', 403, /reaches RelatedPerson/],
    ['_include of the general practitioner', '/Patient', '_include=Patient:general-practitioner', 403, /reaches Organization, Practitioner, PractitionerRole/],
    ['a chained parameter into Organization', '/Patient', 'organization.name=Hospital', 403, /reaches Organization/],
    ['a chained parameter with a type modifier', '/Patient', `${enc('general-practitioner:Practitioner.name')}=Who`, 403, /reaches Practitioner/],
  ];
  test.each(admin)('the admin role (Patient only) is refused %s', async (_name, p, query, status, reason) => {
    const event = expectRefused(await call('admin', { method: 'GET', path: p, query }), status, reason);
    expect(detailOf(event, 'reached-types')).toBeDefined();
  });

  const notUnderstood: Array<[string, string, string]> = [
    ['_type (system search across types)', '/Patient', '_type=Observation'],
    ['_contained', '/Patient', '_contained=true'],
    ['_list', '/Patient', '_list=l1'],
    ['an unknown parameter', '/Patient', 'foo=bar'],
    ['a parameter of another type (code on Patient)', '/Patient', 'code=8867-4'],
    ['a wildcard _include', '/Patient', '_include=*'],
    ['_include with a target the reference cannot take', '/Observation', '_include=Observation:patient:Group'],
    ['a modifier a string parameter does not have', '/Patient', `${enc('family:not')}=Smith`],
    ['_sort by an unknown parameter', '/Patient', '_sort=shoe-size'],
    ['_filter', '/Observation', '_filter=code eq 1'],
    ['_query', '/Observation', '_query=everything'],
    ['a chain on a non-reference parameter', '/Observation', 'code.name=x'],
    ['a chain through a reference to any type, with no type named', '/Observation', 'focus.name=x'],
  ];
  test.each(notUnderstood)('the clinician role is refused (400) %s', async (_name, p, query) => {
    expectRefused(await call('clinician', { method: 'GET', path: p, query }), 400);
  });

  test('the clinician role is refused a _revinclude of Conditions, which it may not search', async () => {
    expectRefused(await call('clinician', { method: 'GET', path: '/Observation', query: 'patient=p2&_revinclude=Condition:subject' }), 403);
  });

  test('the clinician role is refused _include:iterate into types it may not search', async () => {
    expectRefused(await call('clinician', { method: 'GET', path: '/Observation', query: '_include:iterate=Observation:has-member' }), 403, /MolecularSequence|QuestionnaireResponse/);
  });

  test('the clinician role is refused a chain through subject:Group', async () => {
    expectRefused(await call('clinician', { method: 'GET', path: '/Observation', query: `${enc('subject:Group.code')}=ward` }), 403, /reaches Group/);
  });

  test('an _include the role holds is served, and the included patients are named', async () => {
    const res = await call('clinician', { method: 'GET', path: '/Observation', query: 'code=8867-4&_include=Observation:patient' });
    const { outcome } = expectServed(res);
    expect(patientsNamed(outcome)).toEqual(expect.arrayContaining(['Patient/p1', 'Patient/p2', `nhs:${SEEDED_NHS.p1}`, `nhs:${SEEDED_NHS.p2}`]));
  });
});

describe('3. the patients named in the audit are the patients reached', () => {
  test('patient:missing=false is recorded as multiple or unknown patients (never Patient/false), and the outcome names everyone returned', async () => {
    const res = await call('clinician', { method: 'GET', path: '/Observation', query: `${enc('patient:missing')}=false` });
    const { decision, outcome } = expectServed(res);
    expect(patientsNamed(decision)).toEqual(['unknown']);
    expect(patientsNamed(outcome)).toEqual(expect.arrayContaining(['Patient/p1', 'Patient/p2', 'Patient/p3', `nhs:${SEEDED_NHS.p3}`]));
    expect(JSON.stringify(sink.events)).not.toMatch(/Patient\/false/);
  });

  test('identifier:not=X is not audited as an access to X; the outcome names the patients actually returned', async () => {
    const res = await call('clinician', { method: 'GET', path: '/Patient', query: `${enc('identifier:not')}=${nhsToken(SEEDED_NHS.p1)}` });
    const { decision, outcome } = expectServed(res);
    expect(patientsNamed(decision)).toEqual(['unknown']);
    expect(patientsNamed(outcome)).toEqual(['Patient/p2', 'Patient/p3', `nhs:${SEEDED_NHS.p2}`, `nhs:${SEEDED_NHS.p3}`].sort());
  });

  test('an OR-list names every patient in it', async () => {
    const { decision, outcome } = expectServed(await call('clinician', { method: 'GET', path: '/Observation', query: 'patient=p1,p2,Patient/p3' }));
    expect(patientsNamed(decision)).toEqual(['Patient/p1', 'Patient/p2', 'Patient/p3']);
    expect(patientsNamed(outcome)).toEqual(expect.arrayContaining(['Patient/p1', 'Patient/p2', 'Patient/p3']));
  });

  test('patient:identifier names the NHS number, and the outcome the patient returned', async () => {
    const { decision, outcome } = expectServed(await call('clinician', { method: 'GET', path: '/Observation', query: `${enc('patient:identifier')}=${nhsToken(SEEDED_NHS.p1)}` }));
    expect(patientsNamed(decision)).toEqual([`nhs:${SEEDED_NHS.p1}`]);
    expect(patientsNamed(outcome)).toEqual(['Patient/p1', `nhs:${SEEDED_NHS.p1}`].sort());
  });

  test('an identifier without a system is not taken for an NHS number: unknown in the decision, named from the answer', async () => {
    const { decision, outcome } = expectServed(await call('clinician', { method: 'GET', path: '/Patient', query: `identifier=${SEEDED_NHS.p2}` }));
    expect(patientsNamed(decision)).toEqual(['unknown']);
    expect(patientsNamed(outcome)).toEqual(['Patient/p2', `nhs:${SEEDED_NHS.p2}`].sort());
  });

  test('a read by logical id names the patient the stored resource belongs to, from HealthLake\'s answer', async () => {
    const { decision, outcome } = expectServed(await call('clinician', { method: 'GET', path: '/Observation/o2' }));
    expect(patientsNamed(decision)).toEqual(['unknown']);
    expect(patientsNamed(outcome)).toEqual(['Patient/p2']);
  });

  test('a read names every patient in the resource\'s compartment (subject and performer)', async () => {
    const { outcome } = expectServed(await call('clinician', { method: 'GET', path: '/Observation/o3' }));
    expect(patientsNamed(outcome)).toEqual(['Patient/p2', 'Patient/p3']);
  });

  test('a patient carried inside a contained resource is named by its NHS number', async () => {
    const { outcome } = expectServed(await call('clinician', { method: 'GET', path: '/Observation/o6' }));
    expect(patientsNamed(outcome)).toEqual([`nhs:${SEEDED_NHS.p3}`]);
  });

  test('a create whose subject has both a reference and an identifier names both (HealthLake stores the reference)', async () => {
    const body = JSON.stringify({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/p2', identifier: { system: NHS, value: SEEDED_NHS.p1 } } });
    const { decision, outcome } = expectServed(await call('clinician', { method: 'POST', path: '/Observation', body, contentType: 'application/fhir+json' }), 201);
    expect(patientsNamed(decision)).toEqual(['Patient/p2', `nhs:${SEEDED_NHS.p1}`].sort());
    expect(patientsNamed(outcome)).toEqual(expect.arrayContaining(['Patient/p2']));
  });

  test('an update that moves an Observation to another patient names both: the stored one (read first) and the new one', async () => {
    const body = JSON.stringify({ resourceType: 'Observation', id: 'o1', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/p2' } });
    const { outcome } = expectServed(await call('clinician', { method: 'PUT', path: '/Observation/o1', body, contentType: 'application/fhir+json' }, writer));
    expect(patientsNamed(outcome)).toEqual(['Patient/p1', 'Patient/p2']);
    expect(store.received.map((r) => r.method)).toEqual(['GET', 'PUT']);
  });

  test('a delete by id names the patient the deleted resource belonged to', async () => {
    const { decision, outcome } = expectServed(await call('clinician', { method: 'DELETE', path: '/Observation/o2' }, writer), 204);
    expect(patientsNamed(decision)).toEqual(['unknown']);
    expect(patientsNamed(outcome)).toEqual(['Patient/p2']);
  });

  test('a patch that changes the subject names the stored and the patched patient', async () => {
    const body = JSON.stringify([{ op: 'replace', path: '/subject', value: { reference: 'Patient/p3' } }]);
    const { outcome } = expectServed(await call('clinician', { method: 'PATCH', path: '/Observation/o1', body, contentType: 'application/json-patch+json' }, writer));
    expect(patientsNamed(outcome)).toEqual(['Patient/p1', 'Patient/p3']);
  });

  test('_elements cannot strip the elements that say whose record it is', async () => {
    const { outcome } = expectServed(await call('clinician', { method: 'GET', path: '/Observation', query: 'code=8867-4&_elements=code' }));
    expect(new URL(store.received[0].url, 'http://x').searchParams.get('_elements')).toBe('code,subject,performer');
    expect(patientsNamed(outcome)).toEqual(expect.arrayContaining(['Patient/p1', 'Patient/p2']));
  });

  test('_summary=text (which drops the patient elements) is refused', async () => {
    expectRefused(await call('clinician', { method: 'GET', path: '/Observation', query: '_summary=text' }), 400, /_summary/);
  });

  test('a search whose subject is a device reaches no patient, and says so', async () => {
    const { outcome } = expectServed(await call('clinician', { method: 'GET', path: '/Observation', query: 'subject=Device/d1' }));
    expect(patientsNamed(outcome)).toEqual([]);
  });

  test('a refused search for a patient still names that patient (someone tried)', async () => {
    const event = expectRefused(await call('admin', { method: 'GET', path: '/Observation', query: 'patient=p1' }), 403);
    expect(patientsNamed(event)).toEqual(['Patient/p1']);
  });
});

describe('4. the audit records HealthLake\'s real answer, and withholds what it cannot record', () => {
  test('a 404 from HealthLake is recorded as not found, not as success', async () => {
    const { outcome } = expectServed(await call('clinician', { method: 'GET', path: '/Observation/nope' }), 404);
    expect(outcome.outcome).toBe('4');
  });

  test('a 500 from HealthLake is recorded as a failure', async () => {
    store.answerNextWith(500, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] });
    const { outcome } = expectServed(await call('clinician', { method: 'GET', path: '/Patient/p1' }), 500);
    expect(outcome.outcome).toBe('8');
  });

  test('when the outcome event cannot be written the answer is withheld (fail closed)', async () => {
    sink.failing = { after: 1 };
    const res = await call('clinician', { method: 'GET', path: '/Patient/p1' });
    expect(res.status).toBe(500);
    expect(res.body).not.toContain(SEEDED_NHS.p1);
    expect(sink.events).toHaveLength(1);
  });

  test('an answer holding a type the request was not authorised to reach is withheld', async () => {
    store.answerNextWith(200, { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'Condition', id: 'c1', subject: { reference: 'Patient/p2' } } }] });
    expectWithheld(await call('admin', { method: 'GET', path: '/Patient', query: 'family=Smith' }), /Condition/);
  });

  test('an answer that is another resource than the one read is withheld', async () => {
    store.answerNextWith(200, { resourceType: 'Observation', id: 'o2', subject: { reference: 'Patient/p2' } });
    expectWithheld(await call('clinician', { method: 'GET', path: '/Observation/o1' }), /not the Observation\/o1/);
  });
});

describe('5. POST _search bodies are understood and audited like query strings', () => {
  const form = 'application/x-www-form-urlencoded';
  test('a form body is searched with the same allow-list and audited with its parameters', async () => {
    const { decision, outcome } = expectServed(await call('clinician', { method: 'POST', path: '/Observation/_search', body: 'patient=p1&code=8867-4', contentType: form }));
    expect(detailOf(decision, 'query')).toBe('patient=p1&code=8867-4');
    expect(patientsNamed(decision)).toEqual(['Patient/p1']);
    expect(patientsNamed(outcome)).toEqual(['Patient/p1']);
    expect(store.received[0].body).toBe('patient=p1&code=8867-4');
  });

  test('a _revinclude in a form body is refused for the admin role', async () => {
    expectRefused(await call('admin', { method: 'POST', path: '/Patient/_search', body: '_revinclude=Observation%3Apatient', contentType: form }), 403, /reaches Observation/);
  });

  test.each([['application/json', '{"patient":"p1"}'], ['text/plain', 'patient=p1'], [undefined, 'patient=p1']])('a %s body on _search is 415', async (type, body) => {
    expectRefused(await call('clinician', { method: 'POST', path: '/Observation/_search', body, contentType: type }), 415);
  });

  test('a bad NHS number in a form body is refused', async () => {
    expectRefused(await call('clinician', { method: 'POST', path: '/Patient/_search', body: `identifier=${nhsToken('9434765918')}`, contentType: form }), 400, /check digit/);
  });
});

describe('6. callers cannot choose where audit records land; only valid NHS numbers are named', () => {
  test('an unauthenticated request naming an invalid NHS number is refused and names no patient', async () => {
    const res = await gw.call({ method: 'GET', path: '/Patient', query: `identifier=${nhsToken('1234567890')}` });
    const event = expectRefused(res, 401);
    expect(patientsNamed(event)).toEqual([]);
  });

  test('an unauthenticated request naming a valid NHS number is recorded against that patient (an attempt)', async () => {
    const event = expectRefused(await gw.call({ method: 'GET', path: '/Patient', query: `identifier=${nhsToken(SEEDED_NHS.p2)}` }), 401);
    expect(patientsNamed(event)).toEqual([`nhs:${SEEDED_NHS.p2}`]);
  });
});

describe('7. ids follow the FHIR grammar exactly', () => {
  test.each([
    ['a dot id', '/Patient/.'],
    ['a dot-dot path', '/Observation/../_history'],
    ['encoded dots', '/Patient/%2E%2E'],
    ['an id of only dots', '/Patient/.......'],
    ['an encoded query in the path', '/Patient/p1%3Fx=1'],
    ['an id longer than 64', `/Patient/${'a'.repeat(65)}`],
    ['a backslash', '/Patient/p1%5C..'],
    ['an empty segment', '/Patient//p1'],
    ['a trailing slash', '/Patient/p1/'],
    ['a lower-case type', '/patient/p1'],
  ])('%s is refused (400/404) and audited', async (_name, p) => {
    const res = await call('clinician', { method: 'GET', path: p });
    expectRefused(res, res.status === 404 ? 404 : 400);
  });

  test('an encoded slash is read as the path it decodes to, forwarded canonically and signed for exactly that path', async () => {
    expectServed(await call('clinician', { method: 'GET', path: '/Patient%2Fp1' }));
    expect(store.received[0].url).toMatch(/\/r4\/Patient\/p1$/);
  });

  test('an id with dots (not only dots) is a valid id', async () => {
    expectServed(await call('clinician', { method: 'GET', path: '/Patient/a.b-1' }), 404);
  });

  test('an unknown resource type is 404 and audited', async () => {
    expectRefused(await call('clinician', { method: 'GET', path: '/Shoe/1' }), 404, /not a FHIR R4 resource type/);
  });
});

describe('8. every method and path reaches the authoriser; batches are refused', () => {
  const body = (type: string) => JSON.stringify({ resourceType: 'Bundle', type, entry: [{ request: { method: 'GET', url: 'Condition?code=44054006' } }] });
  test.each(['batch', 'transaction'])('a %s bundle posted to the base is refused and audited', async (type) => {
    expectRefused(await call('clinician', { method: 'POST', path: '/', body: body(type), contentType: 'application/fhir+json' }), 400, /batch and transaction/);
  });

  test('a transaction bundle posted as a Bundle resource is refused too', async () => {
    expectRefused(await call('clinician', { method: 'POST', path: '/Bundle', body: body('transaction'), contentType: 'application/fhir+json' }, writer), 400, /batch and transaction/);
  });

  test.each([['HEAD', '/Patient/p1', 405], ['OPTIONS', '/Patient', 405], ['TRACE', '/', 405], ['GET', '/', 400], ['DELETE', '/Patient', 400], ['PUT', '/Observation', 400], ['GET', '/_history', 400], ['GET', '/Patient/p1/$everything', 400], ['GET', '/Patient/_search', 405]] as const)(
    '%s %s is refused (%i) and audited', async (method, p, status) => {
      expectRefused(await call('clinician', { method, path: p, query: method === 'PUT' ? 'patient=p1' : undefined }), status);
    },
  );

  test('a conditional create (If-None-Exist) is refused', async () => {
    const b = JSON.stringify({ resourceType: 'Observation', status: 'final', code: { text: 'x' } });
    expectRefused(await call('clinician', { method: 'POST', path: '/Observation', body: b, contentType: 'application/fhir+json', headers: { 'If-None-Exist': 'patient=p2' } }), 400, /conditional create/);
  });

  test('an unauthenticated HEAD or batch is refused with 401 and audited', async () => {
    expectRefused(await gw.call({ method: 'HEAD', path: '/Patient/p1' }), 401);
    sink.events.length = 0;
    expectRefused(await gw.call({ method: 'POST', path: '/', body: body('batch') }), 401);
  });

  test('the synthesised API sends every method on every resource, root and ANY included, through the token authoriser', () => {
    const app = new App();
    const [example] = loadTrustDir(path.join(__dirname, '../../../trusts')).filter((t) => t.config.odsCode === 'RXX');
    const template = Template.fromStack(new TrustStack(app, 'Rootstock-RXX-prod', { trust: example.config }));
    const authorisers = template.findResources('AWS::ApiGateway::Authorizer');
    expect(Object.keys(authorisers)).toHaveLength(1);
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method')) as Array<{ Properties: { HttpMethod: string; AuthorizationType: string; AuthorizerId: unknown; ResourceId: unknown } }>;
    expect(methods.map((m) => m.Properties.HttpMethod).sort()).toEqual(['ANY', 'ANY', 'DELETE', 'GET', 'PATCH', 'POST', 'PUT']);
    for (const m of methods) expect({ method: m.Properties.HttpMethod, type: m.Properties.AuthorizationType, authoriser: m.Properties.AuthorizerId }).toEqual({ method: m.Properties.HttpMethod, type: 'CUSTOM', authoriser: { Ref: Object.keys(authorisers)[0] } });
    const onRoot = methods.filter((m) => JSON.stringify(m.Properties.ResourceId).includes('RootResourceId'));
    expect(onRoot.map((m) => m.Properties.HttpMethod)).toEqual(['ANY']);
  });
});

describe('9. access tokens only', () => {
  test.each([
    ['an ID token (tokenName id_token)', { tokenName: 'id_token' }],
    ['a token that says nothing of its type', { tokenName: undefined }],
    ['a token claiming to be a Cognito ID token', { tokenName: undefined, token_use: 'id' }],
  ])('%s is refused with 401', async (_name, extra) => {
    const token = await gw.token(cis2Claims('role-rxx-clinician', extra));
    expectRefused(await gw.call({ method: 'GET', path: '/Patient/p1', token }), 401, /not an access token/);
  });

  test('an RFC 9068 access token (typ at+jwt) is accepted', async () => {
    const token = await gw.token(cis2Claims('role-rxx-clinician', { tokenName: undefined }), { expiresIn: '5m', typ: 'at+jwt' });
    expectServed(await gw.call({ method: 'GET', path: '/Patient/p1', token }));
  });

  test('a Cognito ID token is refused and its access token (with the app client in client_id) is served', async () => {
    const cognito = new Gateway(issuer, store, sink, { clinicians: { Patient: ['read'] } }, 'cognito');
    const id = await issuer.sign({ sub: 'u1', aud: 'fhir-gateway', token_use: 'id', 'cognito:groups': ['clinicians'] }, { expiresIn: '5m' });
    expectRefused(await cognito.call({ method: 'GET', path: '/Patient/p1', token: id }), 401, /not an access token/);
    sink.events.length = 0;
    const wrongClient = await issuer.sign({ sub: 'u1', client_id: 'other-app', token_use: 'access', 'cognito:groups': ['clinicians'] }, { expiresIn: '5m' });
    expectRefused(await cognito.call({ method: 'GET', path: '/Patient/p1', token: wrongClient }), 401, /client_id/);
  });
});

describe('variants a tester tries next', () => {
  test('duplicate parameters are ANDed, and every patient named in either is recorded', async () => {
    const { decision } = expectServed(await call('clinician', { method: 'GET', path: '/Observation', query: 'patient=p1&patient=p2' }));
    expect(patientsNamed(decision)).toEqual(['Patient/p1', 'Patient/p2']);
  });

  test.each([
    ['more than 40 parameters', Array.from({ length: 41 }, (_, i) => `code=${i}`).join('&')],
    ['a value over 2048 characters', `family=${'x'.repeat(2049)}`],
    ['an OR-list of more than 50 values', `patient=${Array.from({ length: 51 }, (_, i) => `p${i}`).join(',')}`],
    ['_count above 100', '_count=1000'],
    ['_count that is not a number', '_count=lots'],
    ['an absolute URL as a reference', `subject=${enc('http://evil.example/Patient/1')}`],
    ['a reference to a type the parameter cannot take', 'patient=Group/1'],
    ['a paging cursor mixed with new criteria', 'page=2&code=1'],
    ['chains deeper than three links', `${enc('subject:Patient.organization.partof.partof.name')}=x`],
  ])('an oversized or malformed search is refused: %s', async (_name, query) => {
    expectRefused(await call('clinician', { method: 'GET', path: '/Observation', query }), 400);
  });

  test('a chained search by NHS number is pinned to that patient', async () => {
    const { decision, outcome } = expectServed(await call('clinician', { method: 'GET', path: '/Observation', query: `${enc('subject:Patient.identifier')}=${nhsToken(SEEDED_NHS.p2)}` }));
    expect(patientsNamed(decision)).toEqual([`nhs:${SEEDED_NHS.p2}`]);
    expect(patientsNamed(outcome)).toEqual(expect.arrayContaining(['Patient/p2']));
  });

  test('following a next link goes through the gateway (links rewritten), and each page is audited with its patients', async () => {
    const first = await call('clinician', { method: 'GET', path: '/Patient', query: '_count=2' });
    expectServed(first);
    const next = (first.json!.link as Array<{ relation: string; url: string }>).find((l) => l.relation === 'next')!.url;
    expect(next).toMatch(/^https:\/\/abc123\.execute-api\.eu-west-2\.amazonaws\.com\/fhir\/Patient\?page=2/);
    expect(first.body).not.toContain('127.0.0.1');
    sink.events.length = 0;
    store.received.length = 0;
    const url = new URL(next);
    const second = await call('clinician', { method: 'GET', path: '/Patient', query: url.search.slice(1) });
    const { decision, outcome } = expectServed(second);
    expect(patientsNamed(decision)).toEqual(['unknown']);
    expect(patientsNamed(outcome)).toEqual(['Patient/p3', `nhs:${SEEDED_NHS.p3}`].sort());
  });

  test('a paging cursor cannot smuggle in types the role may not search', async () => {
    store.answerNextWith(200, { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'Observation', id: 'o1', subject: { reference: 'Patient/p1' } } }] });
    expectWithheld(await call('admin', { method: 'GET', path: '/Patient', query: 'page=50' }), /Observation/);
  });

  test('the capability statement is served to a role granted capabilities, with no patient', async () => {
    const { outcome } = expectServed(await call('clinician', { method: 'GET', path: '/metadata' }));
    expect(patientsNamed(outcome)).toEqual([]);
  });

  test('the capability statement is refused to a role without that grant', async () => {
    expectRefused(await call('admin', { method: 'GET', path: '/metadata' }), 403);
  });

  test('a vread names the patient', async () => {
    const { outcome } = expectServed(await call('clinician', { method: 'GET', path: '/Patient/p2/_history/1' }, writer));
    expect(patientsNamed(outcome)).toEqual(['Patient/p2', `nhs:${SEEDED_NHS.p2}`].sort());
  });

  test('an instance history names every patient of every version', async () => {
    const { outcome } = expectServed(await call('clinician', { method: 'GET', path: '/Observation/o3/_history' }, writer));
    expect(patientsNamed(outcome)).toEqual(['Patient/p2', 'Patient/p3']);
  });

  test('a create in a body of the wrong type for the path is refused', async () => {
    expectRefused(await call('clinician', { method: 'POST', path: '/Observation', body: JSON.stringify({ resourceType: 'Condition' }), contentType: 'application/fhir+json' }), 400, /not a Observation/);
  });

  test('an update whose body id differs from the path is refused', async () => {
    expectRefused(await call('clinician', { method: 'PUT', path: '/Observation/o1', body: JSON.stringify({ resourceType: 'Observation', id: 'o2' }), contentType: 'application/fhir+json' }, writer), 400, /id must be o1/);
  });

  test('a create sent as form data or plain text is 415', async () => {
    expectRefused(await call('clinician', { method: 'POST', path: '/Observation', body: 'status=final', contentType: 'application/x-www-form-urlencoded' }), 415);
  });

  test('a read with a search parameter is refused (a read takes only result shaping)', async () => {
    expectRefused(await call('clinician', { method: 'GET', path: '/Observation/o1', query: '_revinclude=Condition:subject' }), 400);
  });

  test('the decision event is written before HealthLake is called: if it fails nothing is forwarded', async () => {
    sink.failing = true;
    const res = await call('clinician', { method: 'GET', path: '/Observation', query: 'patient=p1' });
    expect({ status: res.status, forwarded: store.received.length, events: sink.events.length }).toEqual({ status: 500, forwarded: 0, events: 0 });
  });
});
