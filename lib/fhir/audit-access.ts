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

/**
 * The files under `source` that can hold the patient's events: in an archive layout only the
 * `nhs=<n>` folder and the `date=<d>` folders within the range are read (the cheap path).
 */
function candidateFiles(source: string, q: AccessQuery): string[] {
  if (!fs.existsSync(source)) throw new UserError(`--source ${source} does not exist. Point it at exported AuditEvents: a file, or a folder such as a copy of the archive's fhir-audit/ prefix.`);
  if (fs.statSync(source).isFile()) return [source];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        const nhs = /^nhs=(.+)$/.exec(entry.name);
        if (nhs && nhs[1] !== q.nhsNumber) continue;
        const day = /^date=(\d{4}-\d{2}-\d{2})$/.exec(entry.name);
        if (day && ((q.from && day[1] < q.from) || (q.to && day[1] > q.to))) continue;
        walk(full);
      } else if (entry.isFile() && !entry.name.startsWith('.')) {
        out.push(full);
      }
    }
  };
  walk(source);
  return out;
}

/** The AuditEvents in one file: JSON array, single JSON object, or JSON lines; gzip allowed. */
export function readAuditEventFile(file: string): Event[] {
  let buf = fs.readFileSync(file);
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) buf = zlib.gunzipSync(buf);
  const text = buf.toString('utf8').trim();
  if (!text) return [];
  if (text.startsWith('[')) {
    try {
      const parsed = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed as Event[];
    } catch (e) {
      throw new UserError(`${file}: not a valid JSON array of AuditEvents (${(e as Error).message}).`);
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
      throw new UserError(`${file}:${i + 1}: not a JSON AuditEvent (${(e as Error).message}). Files must hold JSON lines or a JSON array.`);
    }
  });
}

function concernsPatient(e: Event, nhsNumber: string): boolean {
  return (e.entity ?? []).some((en) => en.what?.identifier?.system === NHS_NUMBER_SYSTEM && normaliseNhsNumber(en.what.identifier.value ?? '') === nhsNumber);
}

function toRecord(e: Event): AccessRecord {
  const user = (e.agent ?? []).find((a) => a.requestor) ?? e.agent?.[0];
  const org = (e.agent ?? []).find((a) => !a.requestor && a.who?.identifier?.system === 'https://fhir.nhs.uk/Id/ods-organization-code');
  const data = (e.entity ?? []).find((en) => en.role?.code !== '1' && en.what?.identifier?.system !== NHS_NUMBER_SYSTEM) ?? (e.entity ?? []).find((en) => !en.what?.identifier);
  const query = data?.detail?.find((d) => d.type === 'query')?.valueString;
  return {
    when: e.recorded ?? '',
    userId: user?.who?.identifier?.value ?? user?.who?.display ?? 'unknown',
    role: user?.role?.[0]?.coding?.[0]?.code,
    organisation: org?.who?.identifier?.value,
    interaction: e.subtype?.[0]?.code ?? 'unknown',
    resource: data?.what?.reference ?? data?.what?.type ?? data?.what?.display,
    query,
    outcome: e.outcome === '0' ? 'success' : e.outcome === '4' ? 'refused' : 'failed',
    detail: e.outcomeDesc,
    sourceIp: user?.network?.address,
    auditEventId: e.id,
  };
}

/** Every recorded access to `q.nhsNumber` in `source`, oldest first. */
export function findAccesses(source: string, q: AccessQuery): AccessRecord[] {
  const records: AccessRecord[] = [];
  for (const file of candidateFiles(source, q)) {
    for (const e of readAuditEventFile(file)) {
      if (e?.resourceType !== 'AuditEvent' || !concernsPatient(e, q.nhsNumber)) continue;
      const day = (e.recorded ?? '').slice(0, 10);
      if ((q.from && day < q.from) || (q.to && day > q.to)) continue;
      records.push(toRecord(e));
    }
  }
  return records.sort((a, b) => a.when.localeCompare(b.when));
}

/** The human-readable report. */
export function formatAccesses(q: AccessQuery, records: readonly AccessRecord[]): string {
  const n = q.nhsNumber;
  const range = q.from || q.to ? ` between ${q.from ?? 'the start'} and ${q.to ?? 'now'}` : '';
  const head = `Access to the record of NHS number ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}${range}: ${records.length} recorded event${records.length === 1 ? '' : 's'}.\n`;
  if (records.length === 0) return `${head}(Events that name the patient only by a store reference, like Patient/123, are not matched by NHS number.)\n`;
  const lines = records.map((r) => {
    const who = `${r.userId}${r.role ? ` (role ${r.role}` : ' ('}${r.organisation ? `${r.role ? ', ' : ''}org ${r.organisation}` : ''})`.replace(' ()', '');
    const what = `${r.interaction}${r.resource ? ` ${r.resource}` : ''}${r.query ? ` ?${r.query}` : ''}`;
    return `${r.when}  ${who}  ${what}  ${r.outcome.toUpperCase()}${r.outcome === 'success' ? '' : ` (${r.detail ?? ''})`}${r.sourceIp ? `  from ${r.sourceIp}` : ''}`;
  });
  return `${head}${lines.join('\n')}\n`;
}
