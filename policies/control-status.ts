import type { ControlId } from './control-ids';
import type { RuleCounts } from './nhs-trust-checks';
import type { PackRunRecord } from './pack-run';

/** What the evidence can say about one control on one stack. */
export type ControlStatus = 'met' | 'partially evidenced' | 'not met' | 'acknowledged' | 'not applicable' | 'not assessed';

/** An acknowledged finding of a rule, as recorded in the validation report. */
export interface AcknowledgedFinding {
  /** The resource (construct path or logical id). */
  readonly resource: string;
  readonly reason?: string;
  readonly approvedBy?: string;
  /** The last day it holds, YYYY-MM-DD. */
  readonly expires?: string;
}

/** One mapped rule's results on the stack being assessed. */
export interface RuleResult {
  /** `NHS-<RuleName>`. */
  readonly ruleId: string;
  /** Counts from the pack-run record for this stack's template (absent: no resource of the rule's types). */
  readonly counts?: RuleCounts;
  /** Findings of this rule the validation report lists as violations (not acknowledged). */
  readonly openFindings: number;
  /** Findings of this rule the report lists as acknowledged. */
  readonly acknowledged: readonly AcknowledgedFinding[];
}

/** Everything {@link controlStatus} needs to judge one control on one stack. */
export interface ControlAssessmentInput {
  readonly controlId: ControlId;
  /** Whether the NHS pack's run was recorded for this stack's template (see pack-run.ts). */
  readonly packRan: boolean;
  /** The results of every rule mapped to the control (empty: no rule evidences it). */
  readonly rules: readonly RuleResult[];
  /** Today, YYYY-MM-DD: acknowledgements that expired before it do not count. */
  readonly today: string;
}

/** The judgement, with the rules behind it. */
export interface ControlAssessment {
  readonly controlId: ControlId;
  readonly status: ControlStatus;
  /** One sentence an assessor can read: why this status. */
  readonly why: string;
  /** Rules that judged at least one resource (passed, failed or could not evaluate). */
  readonly rulesApplied: readonly string[];
  /** Resources judged, summed over the applied rules. */
  readonly resourcesJudged: number;
}

/** The fewest distinct rules that must apply before a control can be "met". */
export const MINIMUM_RULES_FOR_MET = 2;

/** Why an acknowledgement does not count (missing reason, approver or expiry, or expired), or undefined if it is valid. */
export function acknowledgementProblem(a: AcknowledgedFinding, today: string): string | undefined {
  if (!a.reason?.trim()) return 'has no reason';
  if (!a.approvedBy?.trim()) return 'has no approver';
  if (!a.expires || !/^\d{4}-\d{2}-\d{2}$/.test(a.expires)) return 'has no expiry date';
  if (a.expires < today) return `expired on ${a.expires}`;
  return undefined;
}

function judged(c: RuleCounts | undefined): number {
  return c ? c.compliant + c.nonCompliant + c.errors : 0;
}

/**
 * What "met" means for a control, in one place. Pure: the same input always gives the same answer.
 *
 * - **not assessed**: the NHS pack's run was not recorded for the stack, or no rule maps to the control;
 * - **not applicable**: no mapped rule judged any resource (nothing of those types in the stack);
 * - **not met**: some mapped rule has an open finding, could not evaluate a resource, or has an
 *   acknowledgement that lacks a reason, an approver or an unexpired expiry date;
 * - **acknowledged**: every failure is covered by a valid acknowledgement;
 * - **met**: every mapped rule that applied passed on every in-scope resource, and at least
 *   {@link MINIMUM_RULES_FOR_MET} distinct rules applied;
 * - **partially evidenced**: everything that applied passed, but fewer distinct rules applied.
 */
export function controlStatus(input: ControlAssessmentInput): ControlAssessment {
  const base = { controlId: input.controlId };
  const applied = input.rules.filter((r) => judged(r.counts) > 0);
  const resourcesJudged = applied.reduce((n, r) => n + judged(r.counts), 0);
  const result = (status: ControlStatus, why: string): ControlAssessment => ({ ...base, status, why, rulesApplied: applied.map((r) => r.ruleId), resourcesJudged });
  if (!input.packRan) return result('not assessed', 'the NHS pack did not run on this stack (no pack-run record)');
  if (input.rules.length === 0) return result('not assessed', 'no NHS rule evidences this control');
  if (applied.length === 0) return result('not applicable', 'no resource of the stack is of a type its rules judge');

  const invalid = input.rules.flatMap((r) =>
    r.acknowledged.map((a) => [r.ruleId, a, acknowledgementProblem(a, input.today)] as const).filter(([, , p]) => p !== undefined),
  );
  const open = input.rules.reduce((n, r) => n + r.openFindings, 0);
  const errors = input.rules.reduce((n, r) => n + (r.counts?.errors ?? 0), 0);
  if (open > 0 || errors > 0 || invalid.length > 0) {
    const parts = [
      open > 0 ? `${open} open finding(s)` : '',
      errors > 0 ? `${errors} resource(s) could not be evaluated` : '',
      ...invalid.map(([rule, a, p]) => `the acknowledgement of ${rule} on ${a.resource} ${p}`),
    ].filter(Boolean);
    return result('not met', parts.join('; '));
  }
  const acknowledged = input.rules.reduce((n, r) => n + r.acknowledged.length, 0);
  if (acknowledged > 0) return result('acknowledged', `${acknowledged} finding(s) accepted with reason, approver and expiry; everything else passed`);
  if (applied.length < MINIMUM_RULES_FOR_MET) {
    return result('partially evidenced', `only ${applied.length} rule applied (${applied.map((r) => r.ruleId).join(', ')}); "met" needs at least ${MINIMUM_RULES_FOR_MET} distinct rules`);
  }
  return result('met', `${applied.length} rules passed on all ${resourcesJudged} resource judgements`);
}

/**
 * The {@link RuleResult}s of `ruleIds` on one template, from an NHS pack-run record and the
 * report's findings for that template (`open` and `acknowledged`, keyed by rule id; finding ids
 * like `NHS-X[us-east-1]` count under `NHS-X`).
 */
export function ruleResultsFromRecord(
  record: PackRunRecord,
  templatePath: string,
  ruleIds: readonly string[],
  findings: { readonly open: ReadonlyMap<string, number>; readonly acknowledged: ReadonlyMap<string, readonly AcknowledgedFinding[]> },
): RuleResult[] {
  const base = (id: string) => id.replace(/\[.*$/, '');
  const sumOpen = (id: string) => [...findings.open].filter(([k]) => base(k) === id).reduce((n, [, v]) => n + v, 0);
  const acks = (id: string) => [...findings.acknowledged].filter(([k]) => base(k) === id).flatMap(([, v]) => v);
  return ruleIds.map((ruleId) => ({
    ruleId,
    counts: record.rules?.find((r) => r.id === ruleId)?.perTemplate[templatePath],
    openFindings: sumOpen(ruleId),
    acknowledged: acks(ruleId),
  }));
}
