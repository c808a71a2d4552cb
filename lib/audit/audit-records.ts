import { NHS_NUMBER_SYSTEM } from '../../constructs/fhir/runtime/nhs-number';
import type { ExportedEvent } from './audit-files';

/**
 * One access as a person reads it, from the gateway's AuditEvents: the decision event and the
 * outcome event that follows it are one access; a refusal stands alone.
 */

/** One access to the FHIR store, as a person reads it. */
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

/** Whether a parsed item is an AuditEvent. */
export function isAuditEvent(e: unknown): e is ExportedEvent {
  return typeof e === 'object' && e !== null && (e as ExportedEvent).resourceType === 'AuditEvent';
}

/** A list field of an event, or [] when a hand-made export has something else there. */
export function list<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

/** A detail of an event's entities (`phase`, `decision-event`, `query`...). */
export const detailOf = (e: ExportedEvent, type: string): string | undefined => list(e.entity).flatMap((en) => list(en?.detail)).find((d) => d?.type === type)?.valueString;

/** The outcome events among `events`, by the id of the decision event each follows. */
export function outcomesByDecision(events: readonly ExportedEvent[]): Map<string, ExportedEvent> {
  const outcomes = new Map<string, ExportedEvent>();
  for (const e of events) {
    const decision = detailOf(e, 'decision-event');
    if (detailOf(e, 'phase') === 'outcome' && decision) outcomes.set(decision, e);
  }
  return outcomes;
}

/** The access `e` (a decision, or a refusal) records, with HealthLake's answer from `outcomeOf` when there is one. */
export function toRecord(e: ExportedEvent, outcomeOf?: ExportedEvent, note?: string): AccessRecord {
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
