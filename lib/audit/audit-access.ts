import { UserError } from '../errors';
import { NHS_NUMBER_SYSTEM, nhsNumberProblem, normaliseNhsNumber } from '../../constructs/fhir/runtime/nhs-number';
import type { ExportedEvent } from './audit-files';
import { detailOf, list, outcomesByDecision, toRecord, type AccessRecord } from './audit-records';
import { describeRead, inRange, readAuditSource, requireDay } from './audit-source';

export { eventsInErrorRecord, readAuditEventFile } from './audit-files';
export type { AccessRecord } from './audit-records';

/**
 * "Who accessed this patient's record": reads exported FHIR AuditEvents (the archive's
 * `fhir-audit/date=<yyyy-mm-dd>/hour=<hh>/` objects and the delivery stream's error prefix
 * `fhir-audit-errors/`, gzip or plain, JSON lines or JSON arrays, or any file or folder of them)
 * and lists the accesses to one NHS number. Events that name the patient only by the store's
 * reference (`Patient/123`) are matched when any event read links that reference to the NHS number.
 */

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

/** Validates a query from the command line. */
export function accessQuery(nhsNumber: string, from?: string, to?: string): AccessQuery {
  const q = { nhsNumber: requireNhsNumber(nhsNumber), from: requireDay('--from', from), to: requireDay('--to', to) };
  if (q.from && q.to && q.from > q.to) throw new UserError(`--from ${q.from} is after --to ${q.to}; give the earlier date first.`);
  return q;
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

/**
 * The accesses to the patient among `events`: each request once. A decision event and the outcome
 * event that follows it are one access (the outcome says what HealthLake answered); a decision
 * whose outcome did not reach this patient is listed with a note; refusals stand alone.
 */
function accessesOf(events: readonly Event[], nhsNumber: string): AccessRecord[] {
  const references = referencesOf(events, nhsNumber);
  const outcomes = outcomesByDecision(events);
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
  /** Files read (in an archive layout, only the date folders in the range). */
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
  const read = readAuditSource(source, q, 'say who accessed the record');
  const records = accessesOf(read.events, q.nhsNumber).filter((r) => inRange(r.when, q));
  return { records: records.sort((a, b) => a.when.localeCompare(b.when)), filesRead: read.filesRead, auditEventsRead: read.auditEventsRead };
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
  const read = scan ? describeRead(scan) : '';
  const head = `Access to the record of NHS number ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}${range}: ${plural(records.length, 'recorded event')}${read}.\n`;
  if (records.length === 0) return `${head}(Events that name the patient only by a store reference, like Patient/123, are matched when an event read links that reference to this NHS number.)\n`;
  const lines = records.map((r) => {
    const who = `${r.userId}${r.role ? ` (role ${r.role}` : ' ('}${r.organisation ? `${r.role ? ', ' : ''}org ${r.organisation}` : ''})`.replace(' ()', '');
    const what = `${r.interaction}${r.resource ? ` ${r.resource}` : ''}${r.query ? ` ?${r.query}` : ''}`;
    return `${r.when}  ${who}  ${what}  ${r.outcome.toUpperCase()}${r.outcome === 'success' ? '' : ` (${r.detail ?? ''})`}${r.sourceIp ? `  from ${r.sourceIp}` : ''}`;
  });
  return `${head}${lines.join('\n')}\n`;
}
