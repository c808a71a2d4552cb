import * as fs from 'fs';
import { UserError } from '../errors';
import { EXPECTED_SOURCE, eventsOfFile, walkFiles, type ExportedEvent } from './audit-files';

export { eventsInErrorRecord, readAuditEventFile } from './audit-files';
import { NHS_NUMBER_SYSTEM, nhsNumberProblem, normaliseNhsNumber } from '../../constructs/fhir/runtime/nhs-number';

/**
 * "Who accessed this patient's record": reads exported FHIR AuditEvents (the archive's
 * `fhir-audit/date=<yyyy-mm-dd>/hour=<hh>/` objects and the delivery stream's error prefix
 * `fhir-audit-errors/`, gzip or plain, JSON lines or JSON arrays, or any file or folder of them)
 * and lists the accesses to one NHS number. Events that name the patient only by the store's
 * reference (`Patient/123`) are matched when any event read links that reference to the NHS number.
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
  readonly outcome: 'success' | 'refused' | 'failed' | 'forwarded';
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

type Event = ExportedEvent;

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

/** `day` moved by `days` (YYYY-MM-DD, UTC). */
function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The files under `source` that can hold events of the range: every file, patients are inside the
 * events (the archive is partitioned by time, never by patient). Only `date=<d>` folders outside
 * the range are skipped, with a day of slack either side because an error record's folder is the
 * day it was delivered, which can be after the day the event was recorded.
 */
function candidateFiles(source: string, q: AccessQuery): string[] {
  if (!fs.existsSync(source)) throw new UserError(`--source ${source} does not exist. ${EXPECTED_SOURCE}.`);
  if (fs.statSync(source).isFile()) return [source];
  const from = q.from && shiftDay(q.from, -1);
  const to = q.to && shiftDay(q.to, 1);
  return walkFiles(source, (name) => {
    const day = /^date=(\d{4}-\d{2}-\d{2})$/.exec(name);
    return Boolean(day && ((from && day[1] < from) || (to && day[1] > to)));
  });
}

function isAuditEvent(e: unknown): e is Event {
  return typeof e === 'object' && e !== null && (e as Event).resourceType === 'AuditEvent';
}

/** A list field of an event, or [] when a hand-made export has something else there. */
function list<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

/** The store references (`Patient/123`) that events in `events` link to `nhsNumber` (an entity naming both). */
function referencesOf(events: readonly Event[], nhsNumber: string): Set<string> {
  const refs = new Set<string>();
  for (const e of events) {
    for (const en of list(e.entity)) {
      const id = en?.what?.identifier;
      if (en?.what?.reference && id?.system === NHS_NUMBER_SYSTEM && normaliseNhsNumber(String(id.value ?? '')) === nhsNumber) refs.add(en.what.reference);
    }
  }
  return refs;
}

function concernsPatient(e: Event, nhsNumber: string, references: Set<string>): boolean {
  return list(e.entity).some((en) =>
    en?.role?.code === '1' &&
    ((en.what?.identifier?.system === NHS_NUMBER_SYSTEM && normaliseNhsNumber(String(en.what.identifier.value ?? '')) === nhsNumber) ||
      (typeof en.what?.reference === 'string' && references.has(en.what.reference))));
}

const detailOf = (e: Event, type: string) => list(e.entity).flatMap((en) => list(en?.detail)).find((d) => d?.type === type)?.valueString;

function toRecord(e: Event, outcomeOf?: Event, note?: string): AccessRecord {
  const agents = list(e.agent);
  const entities = list(e.entity);
  const user = agents.find((a) => a?.requestor) ?? agents[0];
  const org = agents.find((a) => !a?.requestor && a?.who?.identifier?.system === 'https://fhir.nhs.uk/Id/ods-organization-code');
  const data = entities.find((en) => en?.role?.code !== '1' && en?.what?.identifier?.system !== NHS_NUMBER_SYSTEM) ?? entities.find((en) => !en?.what?.identifier);
  const query = list(data?.detail).find((d) => d?.type === 'query')?.valueString;
  const final = outcomeOf ?? e;
  const forwardedOnly = detailOf(e, 'phase') === 'decision' && e.outcome === '0' && !outcomeOf;
  return {
    when: String(e.recorded ?? ''),
    userId: user?.who?.identifier?.value ?? user?.who?.display ?? 'unknown',
    role: user?.role?.[0]?.coding?.[0]?.code,
    organisation: org?.who?.identifier?.value,
    interaction: list(e.subtype)[0]?.code ?? 'unknown',
    resource: data?.what?.reference ?? data?.what?.type ?? data?.what?.display,
    query,
    outcome: forwardedOnly ? 'forwarded' : final.outcome === '0' ? 'success' : final.outcome === '4' ? 'refused' : 'failed',
    detail: forwardedOnly ? 'forwarded to HealthLake; no outcome was recorded' : [final.outcomeDesc, note].filter(Boolean).join('; ') || undefined,
    sourceIp: user?.network?.address,
    auditEventId: e.id,
  };
}

/**
 * The accesses to the patient among `events`: each request once. A decision event and the outcome
 * event that follows it are one access (the outcome says what HealthLake answered); a decision
 * whose outcome did not reach this patient is listed with a note; refusals stand alone.
 */
function accessesOf(events: readonly Event[], nhsNumber: string): AccessRecord[] {
  const references = referencesOf(events, nhsNumber);
  const outcomes = new Map<string, Event>();
  for (const e of events) {
    const decision = detailOf(e, 'decision-event');
    if (detailOf(e, 'phase') === 'outcome' && decision) outcomes.set(decision, e);
  }
  const records: AccessRecord[] = [];
  for (const e of events) {
    if (!concernsPatient(e, nhsNumber, references)) continue;
    if (detailOf(e, 'phase') === 'outcome') {
      const decision = events.find((d) => d.id === detailOf(e, 'decision-event'));
      if (decision && concernsPatient(decision, nhsNumber, references)) continue; // listed with its decision
      records.push(toRecord(decision ?? e, e));
      continue;
    }
    const outcome = e.id ? outcomes.get(e.id) : undefined;
    const note = outcome && !concernsPatient(outcome, nhsNumber, references) ? "the answer held none of this patient's records" : undefined;
    records.push(toRecord(e, outcome, note));
  }
  return records;
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
  const events: Event[] = [];
  for (const file of files) {
    for (const e of eventsOfFile(file)) {
      if (!isAuditEvent(e)) {
        const type = typeof e === 'object' && e !== null && typeof (e as Event).resourceType === 'string' ? (e as Event).resourceType! : 'non-FHIR JSON';
        others.set(type, (others.get(type) ?? 0) + 1);
        continue;
      }
      auditEventsRead++;
      events.push(e);
    }
  }
  for (const r of accessesOf(events, q.nhsNumber)) {
    const day = r.when.slice(0, 10);
    if ((q.from && day < q.from) || (q.to && day > q.to)) continue;
    records.push(r);
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
      if (eventsOfFile(file).some(isAuditEvent)) return true;
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
      ? ' (the source holds AuditEvents, but none in the date range)'
      : ` (read ${plural(scan.filesRead, 'file')} holding ${plural(scan.auditEventsRead, 'AuditEvent')})`;
  const head = `Access to the record of NHS number ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}${range}: ${plural(records.length, 'recorded event')}${read}.\n`;
  if (records.length === 0) return `${head}(Events that name the patient only by a store reference, like Patient/123, are matched when an event read links that reference to this NHS number.)\n`;
  const lines = records.map((r) => {
    const who = `${r.userId}${r.role ? ` (role ${r.role}` : ' ('}${r.organisation ? `${r.role ? ', ' : ''}org ${r.organisation}` : ''})`.replace(' ()', '');
    const what = `${r.interaction}${r.resource ? ` ${r.resource}` : ''}${r.query ? ` ?${r.query}` : ''}`;
    return `${r.when}  ${who}  ${what}  ${r.outcome.toUpperCase()}${r.outcome === 'success' ? '' : ` (${r.detail ?? ''})`}${r.sourceIp ? `  from ${r.sourceIp}` : ''}`;
  });
  return `${head}${lines.join('\n')}\n`;
}
