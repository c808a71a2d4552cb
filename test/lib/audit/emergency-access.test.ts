import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import type { AuditEvent } from '../../../constructs/fhir/runtime/audit-event';
import { EMERGENCY_ACCESS_HEADER } from '../../../constructs/fhir/runtime/emergency-access';
import { runCli } from '../../../lib/cli/program';
import { EXAMPLE_POLICY, Gateway, MemorySink, cis2Claims, type Call } from '../../constructs/fhir/runtime/gateway-harness';
import { SEEDED_NHS, startHealthLakeStandIn, startIssuer } from '../../constructs/fhir/runtime/local-peers';

/*
 * The emergency access review over an archive of AuditEvents the real gateway wrote: the
 * authoriser and proxy handlers, driven through the harness against the local issuer and the
 * HealthLake stand-in, with emergency access for R8000. Each request's events are then dated to
 * a chosen day and laid out as the archive holds them (fhir-audit/date=<d>/hour=<h>/, gzip JSON
 * lines) and its error prefix (Firehose error records).
 */

const REASON = 'Unconscious patient in ED, no history available';
const declare = (value: string) => ({ [EMERGENCY_ACCESS_HEADER]: value });

interface Request { name: string; day: string; who: 'clinician' | 'admin'; call: Omit<Call, 'token'>; emergency: boolean; errorPrefix?: boolean }
const REQUESTS: Request[] = [
  { name: 'before the range', day: '2026-02-20', who: 'clinician', call: { method: 'GET', path: '/Condition/c1', headers: declare(`BTG; ${REASON}`) }, emergency: true },
  { name: 'BTG read served', day: '2026-03-02', who: 'clinician', call: { method: 'GET', path: '/Condition/c1', headers: declare(`BTG; ${REASON}`) }, emergency: true },
  { name: 'normal search', day: '2026-03-02', who: 'clinician', call: { method: 'GET', path: '/Observation', query: 'patient=p1' }, emergency: false },
  { name: 'BTG by a role not allowed', day: '2026-03-03', who: 'admin', call: { method: 'GET', path: '/Condition/c1', headers: declare(`BTG; ${REASON}`) }, emergency: true },
  { name: 'normal read', day: '2026-03-03', who: 'clinician', call: { method: 'GET', path: '/Patient/p1' }, emergency: false },
  { name: 'ETREAT search in the error prefix', day: '2026-03-04', who: 'clinician', call: { method: 'GET', path: '/Condition', query: 'code=44054006', headers: declare(`ETREAT; ${REASON}`) }, emergency: true, errorPrefix: true },
  { name: 'declaration not understood', day: '2026-03-04', who: 'clinician', call: { method: 'GET', path: '/Condition/c1', headers: declare('BTG') }, emergency: true },
];

/** A Firehose error record (as in fhir-audit-errors/): the CloudWatch Logs envelope of the events, gzipped, in rawData. */
function errorRecord(events: AuditEvent[]): string {
  const envelope = { messageType: 'DATA_MESSAGE', logGroup: '/fhir/audit', logEvents: events.map((e, i) => ({ id: String(i), timestamp: Date.parse(e.recorded), message: JSON.stringify(e) })) };
  return JSON.stringify({ attemptsMade: 1, errorCode: 'DynamicPartitioning.MetadataExtractionFailed', errorMessage: 'x', rawData: zlib.gzipSync(JSON.stringify(envelope)).toString('base64') });
}

let dir: string;
/** The decision (first) event id of each request, by name. */
const decisionIds: Record<string, string> = {};
/** The ids of every event written, by request name. */
const eventIds: Record<string, string[]> = {};

beforeAll(async () => {
  const [issuer, store] = await Promise.all([startIssuer(), startHealthLakeStandIn()]);
  try {
    const sink = new MemorySink();
    const gw = new Gateway(issuer, store, sink, EXAMPLE_POLICY, 'cis2', ['RHA'], { roles: ['R8000'], grant: { Condition: ['read', 'search-type'] } });
    const signedIn = { auth_time: Math.floor(Date.now() / 1000) - 60 };
    const tokens = { clinician: await gw.token(cis2Claims('role-rxx-clinician', signedIn)), admin: await gw.token(cis2Claims('role-rxx-admin', signedIn)) };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emergency-review-'));
    for (const [i, r] of REQUESTS.entries()) {
      sink.events.length = 0;
      await gw.call({ ...r.call, token: tokens[r.who] });
      // GIVEN the events the gateway wrote for the request, recorded on the chosen day
      const events = sink.events.map((e, j) => ({ ...e, recorded: `${r.day}T10:0${i}:0${j}.000Z` }));
      decisionIds[r.name] = events[0].id;
      eventIds[r.name] = events.map((e) => e.id);
      const prefix = r.errorPrefix ? path.join('fhir-audit-errors', 'processing-failed', `date=${r.day}`) : path.join('fhir-audit', `date=${r.day}`, 'hour=10');
      fs.mkdirSync(path.join(dir, prefix), { recursive: true });
      const content = r.errorPrefix ? `${errorRecord(events)}\n` : `${events.map((e) => JSON.stringify(e)).join('\n')}\n`;
      fs.writeFileSync(path.join(dir, prefix, `fhir-audit-${i}.gz`), zlib.gzipSync(content));
    }
  } finally {
    await Promise.all([issuer.close(), store.close()]);
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(['audit-access', ...args], { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('rootstock audit-access --emergency', () => {
  test('lists exactly the emergency accesses since the date, error prefix included, one per request', async () => {
    // WHEN the review runs over the archive since 2026-03-01
    const { code, out, err } = await cli(['--emergency', '--since', '2026-03-01', '--source', dir, '--format', 'json']);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const report = JSON.parse(out);
    // THEN every request that declared an emergency in the range is listed once (by its decision event), and nothing else
    const expected = REQUESTS.filter((r) => r.emergency && r.day >= '2026-03-01').map((r) => decisionIds[r.name]);
    expect(report.accesses.map((a: { auditEventId: string }) => a.auditEventId)).toEqual(expected);
    const normal = REQUESTS.filter((r) => !r.emergency).flatMap((r) => eventIds[r.name]);
    expect(normal.filter((id) => out.includes(id))).toEqual([]);
    expect(report).toMatchObject({ emergency: true, since: '2026-03-01', to: null, filesRead: 6, auditEventsRead: 10 });
  });

  test('says who, role, organisation, reason code and text, patients, what was done, outcome and time', async () => {
    const { out } = await cli(['--emergency', '--since', '2026-03-01', '--source', dir, '--format', 'json']);
    const [served, refused, search, notUnderstood] = JSON.parse(out).accesses;
    expect(served).toMatchObject({
      when: '2026-03-02T10:01:00.000Z', userId: '555000111222', role: 'S8000:G8000:R8000', organisation: 'RXX',
      reasonCode: 'BTG', reasonDisplay: 'break the glass', reasonText: REASON, patients: ['Patient/p2'],
      interaction: 'read', resource: 'Condition/c1', outcome: 'success', sourceIp: '203.0.113.7',
    });
    expect(refused).toMatchObject({ role: 'S8000:G8001:R8008', reasonCode: 'BTG', reasonText: REASON, outcome: 'refused', detail: expect.stringMatching(/may not declare emergency access/) });
    expect(search).toMatchObject({ reasonCode: 'ETREAT', interaction: 'search-type', query: 'code=44054006', outcome: 'success', patients: expect.arrayContaining(['Patient/p2']) });
    expect(notUnderstood).not.toHaveProperty('reasonCode');
    expect(notUnderstood).toMatchObject({ reasonText: "not understood: X-Emergency-Access 'BTG'", outcome: 'refused', detail: expect.stringMatching(/must be '<reason code>; <free text>'/) });
  });

  test('prints one line per access for the reviewer, oldest first', async () => {
    const { code, out } = await cli(['--emergency', '--since', '2026-03-01', '--to', '2026-03-03', '--source', dir]);
    expect(code).toBe(0);
    const [head, ...rows] = out.trim().split('\n');
    expect(head).toMatch(/^Emergency access between 2026-03-01 and 2026-03-03: 2 recorded accesses \(read \d+ files holding \d+ AuditEvents\)\.$/);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toBe(`2026-03-02T10:01:00.000Z  555000111222 (role S8000:G8000:R8000, org RXX)  BTG break the glass: "${REASON}"  read Condition/c1  patients: Patient/p2  SUCCESS  from 203.0.113.7`);
    expect(rows[1]).toMatch(/^2026-03-03T10:03:00\.000Z {2}555000111222 \(role S8000:G8001:R8008, org RXX\) {2}BTG break the glass: ".*" {2}read Condition\/c1 {2}patients: .* {2}REFUSED \(forbidden: the caller's role may not declare emergency access/);
  });

  test('without --since lists every emergency access the archive holds', async () => {
    const { out } = await cli(['--emergency', '--source', dir, '--format', 'json']);
    expect(JSON.parse(out).accesses.map((a: { auditEventId: string }) => a.auditEventId)).toEqual(REQUESTS.filter((r) => r.emergency).map((r) => decisionIds[r.name]));
  });

  test('answers 0 accesses, saying what it read, over an archive with no emergency access', async () => {
    const quiet = fs.mkdtempSync(path.join(os.tmpdir(), 'emergency-quiet-'));
    try {
      fs.cpSync(path.join(dir, 'fhir-audit', 'date=2026-03-03'), path.join(quiet, 'fhir-audit', 'date=2026-03-03'), { recursive: true });
      fs.rmSync(path.join(quiet, 'fhir-audit', 'date=2026-03-03', 'hour=10', 'fhir-audit-3.gz'));
      const { code, out } = await cli(['--emergency', '--since', '2026-03-01', '--source', quiet]);
      expect({ code, out }).toEqual({ code: 0, out: 'Emergency access between 2026-03-01 and now: 0 recorded accesses (read 1 file holding 2 AuditEvents).\n' });
    } finally {
      fs.rmSync(quiet, { recursive: true, force: true });
    }
  });

  test.each([
    ['both --nhs-number and --emergency', ['--emergency', '--nhs-number', SEEDED_NHS.p1], /exactly one of --nhs-number <n> .* or --emergency/],
    ['neither --nhs-number nor --emergency', [], /exactly one of --nhs-number/],
    ['--from with --emergency', ['--emergency', '--from', '2026-03-01'], /--from goes with --nhs-number; with --emergency give the first day as --since/],
    ['--since with --nhs-number', ['--nhs-number', SEEDED_NHS.p1, '--since', '2026-03-01'], /--since goes with --emergency/],
    ['a --since that is not a date', ['--emergency', '--since', '2026-02-30'], /--since '2026-02-30' must be a date like 2026-01-31/],
    ['--since after --to', ['--emergency', '--since', '2026-03-05', '--to', '2026-03-01'], /--since 2026-03-05 is after --to 2026-03-01/],
  ])('fails with exit 2 on %s, printing one paragraph and nothing on stdout', async (_name, args, message) => {
    const { code, out, err } = await cli([...args, '--source', dir]);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  test('fails with exit 2 on a source that holds no AuditEvent, saying what it cannot do', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'emergency-empty-'));
    try {
      const { code, err } = await cli(['--emergency', '--since', '2026-03-01', '--source', empty]);
      expect(code).toBe(2);
      expect(err).toMatch(/holds no FHIR AuditEvent \(it is an empty folder\), so it cannot list emergency access/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
