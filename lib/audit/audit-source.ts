import * as fs from 'fs';
import { UserError } from '../errors';
import { EXPECTED_SOURCE, eventsOfFile, walkFiles, type ExportedEvent } from './audit-files';
import { isAuditEvent } from './audit-records';

/**
 * Reading a source of exported AuditEvents (a file, or a folder such as a copy of the archive's
 * `fhir-audit/` and `fhir-audit-errors/` prefixes) for a range of days, refusing a source that
 * holds no AuditEvent at all: an empty or wrong folder must not read as "nothing happened".
 */

/** A range of days, inclusive, YYYY-MM-DD (UTC). */
export interface DayRange {
  readonly from?: string;
  readonly to?: string;
}

/** What was read from a source. */
export interface SourceRead {
  /** Every AuditEvent in the files read (any day: the caller filters by the time each was recorded). */
  readonly events: ExportedEvent[];
  /** Files read (in an archive layout, only the date folders of the range). */
  readonly filesRead: number;
  /** AuditEvents in those files. */
  readonly auditEventsRead: number;
}

/** Checks a date given by a user: a UserError (exit 2) naming the flag. */
export function requireDay(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
  if (!ok) throw new UserError(`${flag} '${value}' must be a date like 2026-01-31 (YYYY-MM-DD, UTC).`);
  return value;
}

/** `day` moved by `days` (YYYY-MM-DD, UTC). */
function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whether `when` (an ISO time) falls in the range, by its UTC day. */
export function inRange(when: string, range: DayRange): boolean {
  const day = when.slice(0, 10);
  return !((range.from && day < range.from) || (range.to && day > range.to));
}

/**
 * The files under `source` that can hold events of the range: every file (patients are inside the
 * events; the archive is partitioned by time). Only `date=<d>` folders outside the range are
 * skipped, with a day of slack either side because an error record's folder is the day it was
 * delivered, which can be after the day the event was recorded.
 */
function candidateFiles(source: string, range: DayRange): string[] {
  if (!fs.existsSync(source)) throw new UserError(`--source ${source} does not exist. ${EXPECTED_SOURCE}.`);
  if (fs.statSync(source).isFile()) return [source];
  const from = range.from && shiftDay(range.from, -1);
  const to = range.to && shiftDay(range.to, 1);
  return walkFiles(source, (name) => {
    const day = /^date=(\d{4}-\d{2}-\d{2})$/.exec(name);
    return Boolean(day && ((from && day[1] < from) || (to && day[1] > to)));
  });
}

/**
 * Whether a folder source holds an AuditEvent outside the files already read (another day): then
 * an empty answer is a real "nothing recorded". Stops at the first AuditEvent; files that cannot
 * be read are passed over here.
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

/**
 * Every AuditEvent in the files of `source` that can hold events of `range`, error records opened.
 *
 * @throws UserError (exit 2) when `source` is missing, a file in it cannot be read as AuditEvents,
 *   or it holds no AuditEvent at all, saying what it found instead
 * @param what what the report answers, for the message (`say who accessed the record`)
 */
export function readAuditSource(source: string, range: DayRange, what: string): SourceRead {
  const files = candidateFiles(source, range);
  const others = new Map<string, number>();
  const events: ExportedEvent[] = [];
  for (const file of files) {
    for (const e of eventsOfFile(file)) {
      if (isAuditEvent(e)) {
        events.push(e);
        continue;
      }
      const type = typeof e === 'object' && e !== null && typeof (e as ExportedEvent).resourceType === 'string' ? (e as ExportedEvent).resourceType! : 'non-FHIR JSON';
      others.set(type, (others.get(type) ?? 0) + 1);
    }
  }
  if (events.length === 0 && !holdsAnyAuditEvent(source, files)) {
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
    throw new UserError(`--source ${source} holds no FHIR AuditEvent (${seen}), so it cannot ${what}. ${EXPECTED_SOURCE}.`);
  }
  return { events, filesRead: files.length, auditEventsRead: events.length };
}

/** What was read, for a report's header: `(read 3 files holding 4 AuditEvents)`. */
export function describeRead(scan: Pick<SourceRead, 'filesRead' | 'auditEventsRead'>): string {
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  return scan.filesRead === 0 ? ' (the source holds AuditEvents, but none in the date range)' : ` (read ${plural(scan.filesRead, 'file')} holding ${plural(scan.auditEventsRead, 'AuditEvent')})`;
}
