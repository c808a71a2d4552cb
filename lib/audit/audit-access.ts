import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { UserError } from '../errors';
import { NHS_NUMBER_SYSTEM, nhsNumberProblem, normaliseNhsNumber } from '../../constructs/fhir/runtime/nhs-number';

/**
 * "Who accessed this patient's record": reads exported FHIR AuditEvents (the archive's
 * `fhir-audit/nhs=<n>/date=<yyyy-mm-dd>/` objects, gzip or plain, JSON lines or JSON arrays,
 * or any file or folder of them) and lists the accesses to one NHS number.
 */

/** One access to a patient's record, as a person reads it. */
export interface AccessRecord {
  readonly when: string;
  readonly userId: string;
  readonly role?: string;
  readonly organisation?: string;
  readonly interaction: string;
  readonly resource?: string;
  readonly query?: string;
  readonly outcome: 'success' | 'refused' | 'failed';
  readonly detail?: string;
  readonly sourceIp?: string;
  readonly auditEventId?: string;
}

/** What to look for. */
export interface AccessQuery {
  readonly nhsNumber: string;
  /** First day, inclusive (YYYY-MM-DD, UTC). */
  readonly from?: string;
  /** Last day, inclusive (YYYY-MM-DD, UTC). */
  readonly to?: string;
}

interface Coding { system?: string; code?: string }
interface Ref { reference?: string; type?: string; display?: string; identifier?: { system?: string; value?: string } }
interface Event {
  resourceType?: string;
  id?: string;
  recorded?: string;
  outcome?: string;
  outcomeDesc?: string;
  subtype?: Coding[];
  agent?: Array<{ who?: Ref; role?: Array<{ coding?: Coding[] }>; requestor?: boolean; network?: { address?: string } }>;
  entity?: Array<{ what?: Ref; role?: Coding; detail?: Array<{ type?: string; valueString?: string }> }>;
}

/** Checks an NHS number given by a user: a UserError (exit 2) saying what is wrong. */
export function requireNhsNumber(value: string): string {
  const problem = nhsNumberProblem(value);
  if (problem) throw new UserError(`--nhs-number '${value}' ${problem}. An NHS number is 10 digits whose last digit is a Modulus 11 check digit, like 943 476 5919.`);
  return normaliseNhsNumber(value);
}

function requireDay(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
  if (!ok) throw new UserError(`${flag} '${value}' must be a date like 2026-01-31 (YYYY-MM-DD, UTC).`);
  return value;
}

/** Validates a query from the command line. */
export function accessQuery(nhsNumber: string, from?: string, to?: string): AccessQuery {
  const q = { nhsNumber: requireNhsNumber(nhsNumber), from: requireDay('--from', from), to: requireDay('--to', to) };
  if (q.from && q.to && q.from > q.to) throw new UserError(`--from ${q.from} is after --to ${q.to}; give the earlier date first.`);
  return q;
}

/** How exported AuditEvents are expected to look, for messages. */
const EXPECTED_SOURCE =
  "Expected exported FHIR AuditEvents: JSON lines (one event per line), a JSON array of events, or a gzip of either, " +
  "as in the archive's fhir-audit/nhs=<n>/date=<yyyy-mm-dd>/ layout (a file, or a folder such as a copy of the fhir-audit/ prefix)";

/** Every file under `dir` (hidden files skipped), sorted; `skip` prunes folders by name. */
function walkFiles(dir: string, skip: (folder: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (!skip(entry.name)) walk(full);
      } else if (entry.isFile() && !entry.name.startsWith('.')) {
        out.push(full);
      }
    }
  };
  walk(dir);
  return out;
}

/**
 * The files under `source` that can hold the patient's events: in an archive layout only the
 * `nhs=<n>` folder and the `date=<d>` folders within the range are read (the cheap path).
 */
function candidateFiles(source: string, q: AccessQuery): string[] {
  if (!fs.existsSync(source)) throw new UserError(`--source ${source} does not exist. ${EXPECTED_SOURCE}.`);
  if (fs.statSync(source).isFile()) return [source];
  return walkFiles(source, (name) => {
    const nhs = /^nhs=(.+)$/.exec(name);
    if (nhs && nhs[1] !== q.nhsNumber) return true;
    const day = /^date=(\d{4}-\d{2}-\d{2})$/.exec(name);
    return Boolean(day && ((q.from && day[1] < q.from) || (q.to && day[1] > q.to)));
  });
}

/** A short, printable excerpt of a parser message: never raw bytes from a binary file. */
function printable(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 120 ? `${clean.slice(0, 117)}...` : clean;
}

/** Whether the bytes look like binary data rather than text (NUL bytes, or mostly control or invalid characters). */
function looksBinary(buf: Buffer): boolean {
  const sample = buf.subarray(0, 4096);
  if (sample.includes(0)) return true;
  // Control bytes other than tab, newlines and form feed, plus bytes that are not valid UTF-8.
  const controls = sample.filter((b) => (b < 0x20 && (b < 0x09 || b > 0x0d)) || b === 0x7f).length;
  const invalid = (sample.toString('utf8').match(/\ufffd/g) ?? []).length;
  return controls + invalid > sample.length * 0.1;
}

/** The AuditEvents in one file: JSON array, single JSON object, or JSON lines; gzip allowed. */
export function readAuditEventFile(file: string): Event[] {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    throw new UserError(`${file}: cannot read the file (${printable((e as Error).message)}). Check its permissions, or point --source elsewhere.`);
  }
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = zlib.gunzipSync(buf);
    } catch (e) {
      throw new UserError(`${file}: starts like a gzip file but cannot be decompressed (${printable((e as Error).message)}); it is damaged or truncated. Copy it again from the archive. ${EXPECTED_SOURCE}.`);
    }
  }
  if (looksBinary(buf)) {
    throw new UserError(`${file}: is binary data (${buf.length} bytes), not JSON or gzip. ${EXPECTED_SOURCE}. Remove the file from the source folder or point --source at the export.`);
  }
  const text = buf.toString('utf8').replace(/^\ufeff/, '').trim();
  if (!text) return [];
  if (text.startsWith('[')) {
    try {
      const parsed = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed as Event[];
    } catch (e) {
      throw new UserError(`${file}: not a valid JSON array of AuditEvents (${printable((e as Error).message)}). ${EXPECTED_SOURCE}.`);
    }
  }
  try {
    return [JSON.parse(text) as Event];
  } catch {
    // JSON lines (the archive's format): one event per line.
  }
  return text.split(/\r?\n/).flatMap((line, i) => {
    if (!line.trim()) return [];
    try {
      return [JSON.parse(line) as Event];
    } catch (e) {
      throw new UserError(`${file}:${i + 1}: not a JSON AuditEvent (${printable((e as Error).message)}). ${EXPECTED_SOURCE}.`);
    }
  });
}

function isAuditEvent(e: unknown): e is Event {
  return typeof e === 'object' && e !== null && (e as Event).resourceType === 'AuditEvent';
}

/** A list field of an event, or [] when a hand-made export has something else there. */
function list<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

function concernsPatient(e: Event, nhsNumber: string): boolean {
  return list(e.entity).some((en) => en?.what?.identifier?.system === NHS_NUMBER_SYSTEM && normaliseNhsNumber(String(en.what.identifier.value ?? '')) === nhsNumber);
}

function toRecord(e: Event): AccessRecord {
  const agents = list(e.agent);
  const entities = list(e.entity);
  const user = agents.find((a) => a?.requestor) ?? agents[0];
  const org = agents.find((a) => !a?.requestor && a?.who?.identifier?.system === 'https://fhir.nhs.uk/Id/ods-organization-code');
  const data = entities.find((en) => en?.role?.code !== '1' && en?.what?.identifier?.system !== NHS_NUMBER_SYSTEM) ?? entities.find((en) => !en?.what?.identifier);
  const query = list(data?.detail).find((d) => d?.type === 'query')?.valueString;
  return {
    when: String(e.recorded ?? ''),
    userId: user?.who?.identifier?.value ?? user?.who?.display ?? 'unknown',
    role: user?.role?.[0]?.coding?.[0]?.code,
    organisation: org?.who?.identifier?.value,
    interaction: list(e.subtype)[0]?.code ?? 'unknown',
    resource: data?.what?.reference ?? data?.what?.type ?? data?.what?.display,
    query,
    outcome: e.outcome === '0' ? 'success' : e.outcome === '4' ? 'refused' : 'failed',
    detail: e.outcomeDesc,
    sourceIp: user?.network?.address,
    auditEventId: e.id,
  };
}

/** What a search read, so an empty answer can say what it was based on. */
export interface AccessScan {
  /** The accesses found, oldest first. */
  readonly records: AccessRecord[];
  /** Files read (in an archive layout, only the patient's partitions in the range). */
  readonly filesRead: number;
  /** AuditEvents in those files, about any patient and on any day. */
  readonly auditEventsRead: number;
}

/**
 * Every recorded access to `q.nhsNumber` in `source`, with what was read.
 *
 * @throws UserError (exit 2) when `source` is missing, a file in it cannot be read as AuditEvents,
 *   or it holds no AuditEvent at all (an empty or wrong folder must not read as "nobody accessed
 *   this record")
 */
export function scanAccesses(source: string, q: AccessQuery): AccessScan {
  const records: AccessRecord[] = [];
  const files = candidateFiles(source, q);
  let auditEventsRead = 0;
  const others = new Map<string, number>();
  for (const file of files) {
    for (const e of readAuditEventFile(file)) {
      if (!isAuditEvent(e)) {
        const type = typeof e === 'object' && e !== null && typeof (e as Event).resourceType === 'string' ? (e as Event).resourceType! : 'non-FHIR JSON';
        others.set(type, (others.get(type) ?? 0) + 1);
        continue;
      }
      auditEventsRead++;
      if (!concernsPatient(e, q.nhsNumber)) continue;
      const day = String(e.recorded ?? '').slice(0, 10);
      if ((q.from && day < q.from) || (q.to && day > q.to)) continue;
      records.push(toRecord(e));
    }
  }
  if (auditEventsRead === 0 && !holdsAnyAuditEvent(source, files)) {
    const isFile = fs.statSync(source).isFile();
    const seen = others.size
      ? `${isFile ? 'the file holds' : `it has ${files.length} file${files.length === 1 ? '' : 's'} holding`} only ${[...others].map(([t, n]) => `${n} ${t}`).join(', ')} and no AuditEvent`
      : isFile
        ? 'the file is empty'
        : files.length
          ? `its ${files.length} file${files.length === 1 ? ' is' : 's are'} empty`
          : fs.readdirSync(source).length === 0
            ? 'it is an empty folder'
            : 'it has no files';
    throw new UserError(`--source ${source} holds no FHIR AuditEvent (${seen}), so it cannot say who accessed the record. ${EXPECTED_SOURCE}.`);
  }
  return { records: records.sort((a, b) => a.when.localeCompare(b.when)), filesRead: files.length, auditEventsRead };
}

/**
 * Whether a folder source holds an AuditEvent outside the files already read (another patient's
 * partition, or another day): then an empty answer is a real "no recorded access".
 * Stops at the first AuditEvent; files that cannot be read are passed over here.
 */
function holdsAnyAuditEvent(source: string, alreadyRead: readonly string[]): boolean {
  if (!fs.statSync(source).isDirectory()) return false;
  const done = new Set(alreadyRead);
  for (const file of walkFiles(source)) {
    if (done.has(file)) continue;
    try {
      if (readAuditEventFile(file).some(isAuditEvent)) return true;
    } catch {
      // Not an AuditEvent file: keep looking.
    }
  }
  return false;
}

/** Every recorded access to `q.nhsNumber` in `source`, oldest first. @throws UserError as {@link scanAccesses} */
export function findAccesses(source: string, q: AccessQuery): AccessRecord[] {
  return scanAccesses(source, q).records;
}

/** The human-readable report; with `scan`, the header also says how much was read. */
export function formatAccesses(q: AccessQuery, records: readonly AccessRecord[], scan?: Pick<AccessScan, 'filesRead' | 'auditEventsRead'>): string {
  const n = q.nhsNumber;
  const range = q.from || q.to ? ` between ${q.from ?? 'the start'} and ${q.to ?? 'now'}` : '';
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  const read = !scan
    ? ''
    : scan.filesRead === 0
      ? ' (the source holds AuditEvents, but none in a partition for this NHS number and range)'
      : ` (read ${plural(scan.filesRead, 'file')} holding ${plural(scan.auditEventsRead, 'AuditEvent')})`;
  const head = `Access to the record of NHS number ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}${range}: ${plural(records.length, 'recorded event')}${read}.\n`;
  if (records.length === 0) return `${head}(Events that name the patient only by a store reference, like Patient/123, are not matched by NHS number.)\n`;
  const lines = records.map((r) => {
    const who = `${r.userId}${r.role ? ` (role ${r.role}` : ' ('}${r.organisation ? `${r.role ? ', ' : ''}org ${r.organisation}` : ''})`.replace(' ()', '');
    const what = `${r.interaction}${r.resource ? ` ${r.resource}` : ''}${r.query ? ` ?${r.query}` : ''}`;
    return `${r.when}  ${who}  ${what}  ${r.outcome.toUpperCase()}${r.outcome === 'success' ? '' : ` (${r.detail ?? ''})`}${r.sourceIp ? `  from ${r.sourceIp}` : ''}`;
  });
  return `${head}${lines.join('\n')}\n`;
}
