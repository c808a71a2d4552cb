import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { buildAuditEvent, type AuditEvent } from '../../../constructs/fhir/runtime/audit-event';
import { understand } from '../../../constructs/fhir/runtime/fhir-request';
import type { PatientRef } from '../../../constructs/fhir/runtime/patients';
import { runCli } from '../../../lib/cli/program';
import { expectValidAuditEvent } from '../../constructs/fhir/fhir-schema';

const PATIENT = '9434765919';
const OTHER = '4010232137';
const NHS = 'https://fhir.nhs.uk/Id/nhs-number';

interface Opts { user: string; role: string; org: string; method: string; path: string; query?: string; outcome?: '0' | '4'; status?: number; patients?: PatientRef[]; phase?: 'decision' | 'outcome'; decisionEventId?: string; time?: string }

function event(nhsNumber: string | undefined, day: string, opts: Opts): AuditEvent {
  const request = understand({ method: opts.method, path: opts.path, query: [...new URLSearchParams(opts.query ?? '')] });
  return buildAuditEvent({
    caller: { userId: opts.user, cis2: true, role: opts.role, orgOdsCode: opts.org, sourceIp: '203.0.113.7' },
    request,
    patients: opts.patients ?? (nhsNumber ? [{ nhsNumber }] : []),
    decision: { outcome: opts.outcome ?? '0', status: opts.status ?? 200, description: opts.outcome === '4' ? 'forbidden: no role of the caller allows delete on Patient' : 'authorised' },
    phase: opts.phase,
    decisionEventId: opts.decisionEventId,
    observerOdsCode: 'RXX',
    now: new Date(`${day}T${opts.time ?? '10:15:00'}Z`),
  });
}

/** A Firehose error record (as in fhir-audit-errors/): the CloudWatch Logs envelope of the events, gzipped, in rawData. */
function errorRecord(events: AuditEvent[]): string {
  const envelope = { messageType: 'DATA_MESSAGE', logGroup: '/fhir/audit', logEvents: events.map((e, i) => ({ id: String(i), timestamp: Date.parse(e.recorded), message: JSON.stringify(e) })) };
  return JSON.stringify({ attemptsMade: 1, errorCode: 'DynamicPartitioning.MetadataExtractionFailed', errorMessage: 'x', rawData: zlib.gzipSync(JSON.stringify(envelope)).toString('base64') });
}

// A generated fixture in the archive's layout (fhir-audit/date=<d>/hour=<h>/ and the error
// prefix), mixing the delivery stream's gzip JSON lines with plain JSON lines, a JSON array
// export and a Firehose error record; one access names the patient only by the store reference,
// linked to the NHS number by another event.
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-access-'));
  const write = (prefix: string, day: string, name: string, content: string | Buffer) => {
    const folder = path.join(dir, prefix, `date=${day}`, 'hour=10');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, name), content);
  };
  const lines = (events: AuditEvent[]) => `${events.map((e) => JSON.stringify(e)).join('\n')}\n`;
  const a1 = event(undefined, '2026-01-05', { user: '555000111222', role: 'R8000', org: 'RH8', method: 'GET', path: '/Patient/9', patients: [{ reference: 'Patient/9' }] });
  const a1out = event(undefined, '2026-01-05', { user: '555000111222', role: 'R8000', org: 'RH8', method: 'GET', path: '/Patient/9', patients: [{ reference: 'Patient/9', nhsNumber: PATIENT }], phase: 'outcome', decisionEventId: a1.id, time: '10:15:01' });
  const a2 = event(PATIENT, '2026-01-20', { user: '555000333444', role: 'R8003', org: 'RA7', method: 'DELETE', path: '/Patient/9', outcome: '4', status: 403 });
  const a3 = event(undefined, '2026-02-10', { user: '555000111222', role: 'R8000', org: 'RH8', method: 'GET', path: '/Observation', query: 'code=8867-4' });
  const a3out = event(undefined, '2026-02-10', { user: '555000111222', role: 'R8000', org: 'RH8', method: 'GET', path: '/Observation', query: 'code=8867-4', patients: [{ reference: 'Patient/9' }], phase: 'outcome', decisionEventId: a3.id, time: '10:15:01' });
  const a4 = event(PATIENT, '2026-02-11', { user: '555000777666', role: 'R8000', org: 'RH8', method: 'GET', path: '/Patient', query: `identifier=${NHS}|${PATIENT}` });
  const b1 = event(OTHER, '2026-01-07', { user: '555000999888', role: 'R8000', org: 'RH8', method: 'GET', path: '/Patient/12' });
  [a1, a1out, a2, a3, a3out, a4, b1].forEach(expectValidAuditEvent);
  write('fhir-audit', '2026-01-05', 'fhir-audit-1-2026-01-05-10-20-00-abc.gz', zlib.gzipSync(lines([a1, a1out])));
  write('fhir-audit', '2026-01-20', 'fhir-audit-1-2026-01-20-10-20-00-def', lines([a2]));
  write('fhir-audit', '2026-02-10', 'export.json', JSON.stringify([a3, a3out], null, 2));
  write('fhir-audit-errors/processing-failed', '2026-02-11', 'fhir-audit-errors-1.gz', zlib.gzipSync(`${errorRecord([a4])}\n`));
  write('fhir-audit', '2026-01-07', 'fhir-audit-1-2026-01-07-10-20-00-ghi.gz', zlib.gzipSync(lines([b1])));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(['audit-access', ...args], { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('rootstock audit-access', () => {
  test('lists who accessed the record, when, what they did and the outcome', async () => {
    const { code, out } = await cli(['--nhs-number', '943 476 5919', '--source', dir]);
    expect(code).toBe(0);
    expect(out).toMatch(/NHS number 943 476 5919: 4 recorded events/);
    const rows = out.trim().split('\n').slice(1);
    expect(rows).toHaveLength(4);
    // A decision and its outcome are one access; the search named the patient only by reference (Patient/9), linked by the read's outcome.
    expect(rows[0]).toMatch(/^2026-01-05T10:15:00.000Z {2}555000111222 \(role R8000, org RH8\) {2}read Patient\/9 {2}SUCCESS {2}from 203\.0\.113\.7$/);
    expect(rows[1]).toMatch(/555000333444 \(role R8003, org RA7\) {2}delete Patient\/9 {2}REFUSED \(forbidden/);
    expect(rows[2]).toMatch(/search-type Observation \?code=8867-4 {2}SUCCESS/);
    // The event that only reached the archive's error prefix is read too.
    expect(rows[3]).toMatch(/^2026-02-11T10:15:00.000Z {2}555000777666 .*search-type Patient .*FORWARDED \(forwarded to HealthLake; no outcome was recorded\)/);
    expect(out).not.toContain('555000999888');
  });

  test('narrows to a date range and answers JSON', async () => {
    const { code, out } = await cli(['--nhs-number', PATIENT, '--source', dir, '--from', '2026-01-06', '--to', '2026-01-31', '--format', 'json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(out);
    expect(parsed).toMatchObject({ nhsNumber: PATIENT, from: '2026-01-06', to: '2026-01-31' });
    expect(parsed.accesses).toEqual([
      expect.objectContaining({ when: '2026-01-20T10:15:00.000Z', userId: '555000333444', role: 'R8003', organisation: 'RA7', interaction: 'delete', resource: 'Patient/9', outcome: 'refused' }),
    ]);
  });

  test('reads every object in the date range (patients are inside the events, never in the path), error prefix included', async () => {
    // GIVEN an event for the patient in a day folder outside the range, and one inside it
    const outside = path.join(dir, 'fhir-audit', 'date=2025-12-01', 'hour=09');
    fs.mkdirSync(outside, { recursive: true });
    fs.writeFileSync(path.join(outside, 'old'), JSON.stringify(event(PATIENT, '2025-12-01', { user: 'before-range', role: 'R8000', org: 'RH8', method: 'GET', path: '/Patient/9' })));
    try {
      // WHEN / THEN a range skips folders outside it (with a day of slack for late error records)...
      const ranged = await cli(['--nhs-number', PATIENT, '--source', dir, '--from', '2026-01-01', '--format', 'json']);
      expect(JSON.parse(ranged.out).accesses.map((a: { userId: string }) => a.userId)).not.toContain('before-range');
      expect(JSON.parse(ranged.out).accesses.map((a: { userId: string }) => a.userId)).toContain('555000777666');
      // ...and without one everything is read
      const all = await cli(['--nhs-number', PATIENT, '--source', dir]);
      expect(all.out).toContain('before-range');
    } finally {
      fs.rmSync(path.join(dir, 'fhir-audit', 'date=2025-12-01'), { recursive: true });
    }
  });

  test('fails with exit 2 on an NHS number with a bad check digit', async () => {
    const { code, err, out } = await cli(['--nhs-number', '9434765918', '--source', dir]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^--nhs-number '9434765918' has a bad check digit \(Modulus 11\): the last digit should be 9, got 8\./);
    expect(err).not.toMatch(/\n\s+at /);
  });

  test('fails with exit 2 on an NHS number of the wrong length, a bad date or a missing source', async () => {
    expect((await cli(['--nhs-number', '943476591', '--source', dir])).err).toMatch(/must be exactly 10 digits, got 9/);
    expect((await cli(['--nhs-number', PATIENT, '--source', dir, '--from', '2026-02-30'])).err).toMatch(/--from '2026-02-30' must be a date like/);
    expect((await cli(['--nhs-number', PATIENT, '--source', dir, '--from', '2026-02-01', '--to', '2026-01-01'])).code).toBe(2);
    const missing = await cli(['--nhs-number', PATIENT, '--source', path.join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/does not exist/);
  });

  test('answers 0 events, saying what it read, when the source has AuditEvents but none for the patient', async () => {
    // GIVEN an archive whose only events are another patient's
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-access-other-'));
    try {
      fs.cpSync(path.join(dir, 'fhir-audit', 'date=2026-01-07'), path.join(other, 'fhir-audit', 'date=2026-01-07'), { recursive: true });
      // WHEN / THEN: a real "no recorded access", saying what was read
      const absent = await cli(['--nhs-number', PATIENT, '--source', other]);
      expect({ code: absent.code, err: absent.err }).toEqual({ code: 0, err: '' });
      expect(absent.out).toMatch(/: 0 recorded events \(read 1 file holding 1 AuditEvent\)\./);
      // ...and outside the range nothing is read, and it says so
      const outOfRange = await cli(['--nhs-number', PATIENT, '--source', other, '--from', '2026-03-01']);
      expect(outOfRange.out).toMatch(/: 0 recorded events \(the source holds AuditEvents, but none in the date range\)\./);
      // ...and a file of someone else's events is read and counted
      const file = path.join(other, 'fhir-audit', 'date=2026-01-07', 'hour=10', 'fhir-audit-1-2026-01-07-10-20-00-ghi.gz');
      const counted = await cli(['--nhs-number', PATIENT, '--source', file, '--format', 'json']);
      expect(counted.code).toBe(0);
      expect(JSON.parse(counted.out)).toMatchObject({ filesRead: 1, auditEventsRead: 1, accesses: [] });
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  test('says how many files and AuditEvents it read when it finds accesses', async () => {
    const { out } = await cli(['--nhs-number', PATIENT, '--source', dir, '--from', '2026-01-01', '--to', '2026-01-31']);
    expect(out).toMatch(/: 2 recorded events \(read 3 files holding 4 AuditEvents\)\./);
  });

  test.each([
    ['an empty folder', (d: string) => d, /--source \S+ holds no FHIR AuditEvent \(it is an empty folder\)/],
    [
      'a folder of other FHIR resources',
      (d: string) => {
        fs.writeFileSync(path.join(d, 'patient.json'), JSON.stringify({ resourceType: 'Patient', id: '9' }));
        return d;
      },
      /holds no FHIR AuditEvent \(it has 1 file holding only 1 Patient and no AuditEvent\)/,
    ],
    [
      'a folder of empty files',
      (d: string) => {
        fs.writeFileSync(path.join(d, 'a.json'), '');
        return d;
      },
      /holds no FHIR AuditEvent \(its 1 file is empty\)/,
    ],
  ])('fails with exit 2 when the source is %s, saying what was expected', async (_name, make, message) => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-access-empty-'));
    try {
      const { code, out, err } = await cli(['--nhs-number', PATIENT, '--source', make(empty)]);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(message);
      expect(err).toContain("JSON lines (one event per line), a JSON array of events, or a gzip of either, as in the archive's fhir-audit/date=<yyyy-mm-dd>/hour=<hh>/ layout and its fhir-audit-errors/ prefix");
      expect(err.trim().split('\n')).toHaveLength(1);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  test.each([
    ['binary data', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe, 0x01, 0x02]), /garbage\.bin: is binary data \(16 bytes\), not JSON or gzip/],
    ['a damaged gzip', Buffer.concat([zlib.gzipSync('{"resourceType":"AuditEvent"}\n').subarray(0, 12)]), /garbage\.bin: starts like a gzip file but cannot be decompressed/],
    ['text that is not JSON', Buffer.from('hello\u0007 world\nsecond line\n'), /garbage\.bin:1: not a JSON AuditEvent \(/],
  ])('fails with exit 2 naming the file when --source is %s, printing no raw bytes', async (_name, bytes, message) => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-access-bin-'));
    const file = path.join(folder, 'garbage.bin');
    fs.writeFileSync(file, bytes);
    try {
      const { code, out, err } = await cli(['--nhs-number', PATIENT, '--source', file]);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(message);
      expect(err).toContain('Expected exported FHIR AuditEvents');
      expect(err.trimEnd()).toMatch(/^[\x20-\x7e]+$/);
      expect(err).not.toMatch(/\n\s+at /);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('rootstock audit-access over a central archive (logging.centralArchive)', () => {
  test("reads a copy of the central layout, each trust under its account's folder (fhir-audit/<account>/date=..., fhir-audit-errors/<account>/...)", async () => {
    // GIVEN the same objects laid out as a LogArchiveStack holds them for member account 555555555555
    const central = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-central-'));
    try {
      fs.cpSync(path.join(dir, 'fhir-audit'), path.join(central, 'fhir-audit', '555555555555'), { recursive: true });
      fs.cpSync(path.join(dir, 'fhir-audit-errors'), path.join(central, 'fhir-audit-errors', '555555555555'), { recursive: true });
      // WHEN read from the bucket copy's root, and from the account's fhir-audit folder alone, in a range
      const whole = await cli(['--nhs-number', PATIENT, '--source', central, '--format', 'json']);
      const account = await cli(['--nhs-number', PATIENT, '--source', path.join(central, 'fhir-audit', '555555555555'), '--from', '2026-01-06', '--to', '2026-01-31', '--format', 'json']);
      // THEN the whole copy answers as the trust's own archive does (the error record included), and the range still narrows by date= folder
      expect(whole.code).toBe(0);
      expect((JSON.parse(whole.out) as { accesses: Array<{ when: string }> }).accesses.map((a) => a.when)).toEqual(['2026-01-05T10:15:00.000Z', '2026-01-20T10:15:00.000Z', '2026-02-10T10:15:00.000Z', '2026-02-11T10:15:00.000Z']);
      expect(account.code).toBe(0);
      expect((JSON.parse(account.out) as { accesses: Array<{ userId: string }> }).accesses.map((a) => a.userId)).toEqual(['555000333444']);
    } finally {
      fs.rmSync(central, { recursive: true, force: true });
    }
  });
});
