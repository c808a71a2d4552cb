import { UserError } from '../errors';
import { ACT_REASON_SYSTEM } from '../../constructs/fhir/runtime/emergency-access';
import { NHS_NUMBER_SYSTEM } from '../../constructs/fhir/runtime/nhs-number';
import type { ExportedEvent } from './audit-files';
import { detailOf, list, outcomesByDecision, toRecord, type AccessRecord } from './audit-records';
import { describeRead, inRange, readAuditSource, requireDay, type DayRange } from './audit-source';

/**
 * The emergency access review: every request that declared an emergency ("break glass") on the
 * FHIR gateway, granted or refused, from exported AuditEvents (the archive's `fhir-audit/` and
 * its error prefix `fhir-audit-errors/`), for the Information Governance lead and the Clinical
 * Safety Officer to review: who, in which role and organisation, the reason code and free text,
 * the patients reached, what was done, the outcome and when.
 */

/** One emergency access, as the reviewer reads it. */
export interface EmergencyAccessRecord extends AccessRecord {
  /** The HL7 v3 ActReason code declared, when the gateway understood it (ETREAT, BTG, ERTREAT). */
  readonly reasonCode?: string;
  readonly reasonDisplay?: string;
  /** The caller's free text, or what was sent when the declaration was not understood. */
  readonly reasonText: string;
  /** Every patient the access named or reached: NHS numbers, store references, or `multiple or unknown patients`. */
  readonly patients: string[];
  /** The caller's role that may declare an emergency, for one honoured (the acting role may be another of the caller's). */
  readonly declaredAs?: string;
}

/** What to review: the days, inclusive (YYYY-MM-DD, UTC). */
export type EmergencyQuery = DayRange;

/** Validates the review's dates from the command line (`--since`, `--to`). */
export function emergencyQuery(since?: string, to?: string): EmergencyQuery {
  const q = { from: requireDay('--since', since), to: requireDay('--to', to) };
  if (q.from && q.to && q.from > q.to) throw new UserError(`--since ${q.from} is after --to ${q.to}; give the earlier date first.`);
  return q;
}

/** Whether an event records a declared emergency. */
const declaresEmergency = (e: ExportedEvent) => list(e.purposeOfEvent).some((p) => typeof p?.text === 'string' || list(p?.coding).length > 0);

/** The patients an event names: NHS number (with the store reference), reference, or the explicit unknown entity. */
function patientsOf(e: ExportedEvent | undefined): string[] {
  return list(e?.entity)
    .filter((en) => en?.role?.code === '1')
    .map((en) => {
      const nhs = en.what?.identifier?.system === NHS_NUMBER_SYSTEM ? en.what.identifier.value : undefined;
      const ref = en.what?.reference;
      return nhs ? `NHS ${nhs}${ref ? ` (${ref})` : ''}` : ref ?? en.what?.display ?? 'unknown patient';
    });
}

function toEmergencyRecord(e: ExportedEvent, outcome?: ExportedEvent): EmergencyAccessRecord {
  const purpose = list(e.purposeOfEvent)[0] ?? list(outcome?.purposeOfEvent)[0];
  const coding = list(purpose?.coding).find((c) => c?.system === ACT_REASON_SYSTEM);
  // The outcome names every patient reached, so the decision's "not determined yet" entity gives
  // way to it; a patient named by both is one patient, in its fuller form.
  const notDetermined = (en: NonNullable<ExportedEvent['entity']>[number]) => en?.role?.code === '1' && !en.what?.reference && !en.what?.identifier;
  const decided = patientsOf(outcome ? { ...e, entity: list(e.entity).filter((en) => !notDetermined(en)) } : e);
  const named = [...decided, ...patientsOf(outcome)];
  const patients = [...new Set(named)].filter((p) => !named.some((q) => q !== p && q.startsWith(`NHS `) && q.endsWith(`(${p})`)));
  const declaredAs = detailOf(e, 'emergency-declared-as') ?? (outcome && detailOf(outcome, 'emergency-declared-as'));
  return { ...toRecord(e, outcome), reasonCode: coding?.code, reasonDisplay: coding?.display, reasonText: String(purpose?.text ?? ''), patients, ...(declaredAs ? { declaredAs } : {}) };
}

/** What the review read and found. */
export interface EmergencyScan {
  /** The emergency accesses, oldest first. */
  readonly records: EmergencyAccessRecord[];
  readonly filesRead: number;
  readonly auditEventsRead: number;
}

/**
 * Every emergency access recorded in `source` in the range: each request once (its decision event
 * and the outcome event that follows it), refusals included.
 *
 * @throws UserError (exit 2) when `source` is missing, unreadable, or holds no AuditEvent at all
 */
export function scanEmergencyAccesses(source: string, q: EmergencyQuery): EmergencyScan {
  const read = readAuditSource(source, q, 'list emergency access');
  const outcomes = outcomesByDecision(read.events);
  const decisionIds = new Set(read.events.filter((e) => detailOf(e, 'phase') !== 'outcome').map((e) => e.id));
  const records: EmergencyAccessRecord[] = [];
  for (const e of read.events) {
    const isOutcome = detailOf(e, 'phase') === 'outcome';
    // An outcome is listed with its decision; one whose decision was not read stands alone.
    if (isOutcome && decisionIds.has(detailOf(e, 'decision-event'))) continue;
    const outcome = isOutcome ? undefined : e.id ? outcomes.get(e.id) : undefined;
    if (!declaresEmergency(e) && !(outcome && declaresEmergency(outcome))) continue;
    const record = toEmergencyRecord(e, outcome);
    if (inRange(record.when, q)) records.push(record);
  }
  return { records: records.sort((a, b) => a.when.localeCompare(b.when)), filesRead: read.filesRead, auditEventsRead: read.auditEventsRead };
}

/** The human-readable review: one line per emergency access, oldest first. */
export function formatEmergencyAccesses(q: EmergencyQuery, records: readonly EmergencyAccessRecord[], scan?: Pick<EmergencyScan, 'filesRead' | 'auditEventsRead'>): string {
  const range = q.from || q.to ? ` between ${q.from ?? 'the start'} and ${q.to ?? 'now'}` : '';
  const head = `Emergency access${range}: ${records.length} recorded access${records.length === 1 ? '' : 'es'}${scan ? describeRead(scan) : ''}.\n`;
  if (records.length === 0) return head;
  const lines = records.map((r) => {
    // Said only when the declaring key is not the acting role or a segment of its code (another group, or an activity code).
    const declared = r.declaredAs && !(r.role ?? '').split(':').concat(r.role ?? '').includes(r.declaredAs) ? `declared as ${r.declaredAs}` : undefined;
    const who = `${r.userId} (${[r.role && `role ${r.role}`, declared, r.organisation && `org ${r.organisation}`].filter(Boolean).join(', ')})`.replace(' ()', '');
    const reason = `${r.reasonCode ? `${r.reasonCode} ${r.reasonDisplay ?? ''}`.trim() : 'reason not understood'}: "${r.reasonText}"`;
    const what = `${r.interaction}${r.resource ? ` ${r.resource}` : ''}${r.query ? ` ?${r.query}` : ''}`;
    const patients = `patients: ${r.patients.length ? r.patients.join(', ') : 'none named'}`;
    return `${r.when}  ${who}  ${reason}  ${what}  ${patients}  ${r.outcome.toUpperCase()}${r.outcome === 'success' ? '' : ` (${r.detail ?? ''})`}${r.sourceIp ? `  from ${r.sourceIp}` : ''}`;
  });
  return `${head}${lines.join('\n')}\n`;
}
