import { DESIGN_REVIEW, parseAcknowledgementReason } from '../../policies/acknowledge';

/** An acknowledgement as a cloud assembly records it: who accepted which finding, why, until when. */
export interface RecordedAcknowledgement {
  /** The namespaced id CDK matched: `NhsTrustChecks::NHS-X`, `AwsSolutions::AwsSolutions-IAM5[...]`. */
  readonly id: string;
  /** Why the finding is accepted (without the approver and expiry suffix). */
  readonly reason: string;
  /** Who accepted it; absent when it was made without the `acknowledge()` helper. */
  readonly approvedBy?: string;
  /** The last day it holds (YYYY-MM-DD); absent when made without the `acknowledge()` helper. */
  readonly expires?: string;
  /** The construct path it was made on (it covers everything under it). */
  readonly acknowledgedAt?: string;
}

/**
 * Reads an acknowledgement from its id and the reason text CDK records (the `acknowledge()`
 * helper appends `[approved by: ...; expires: YYYY-MM-DD]`).
 */
export function recordedAcknowledgement(id: string, reasonText: string, acknowledgedAt?: string): RecordedAcknowledgement {
  const parsed = parseAcknowledgementReason(reasonText);
  return { id, reason: parsed.reason, approvedBy: parsed.approvedBy, expires: parsed.expires, acknowledgedAt };
}

/**
 * Whether an acknowledgement is one of the library's own, reviewed with its design
 * (approver "Rootstock maintainers (design review of the library defaults)"), rather than the trust's.
 */
export function isLibraryAcknowledgement(a: Pick<RecordedAcknowledgement, 'approvedBy'>): boolean {
  return a.approvedBy === DESIGN_REVIEW.approvedBy;
}

/**
 * Why an acknowledgement does not count on `today` (YYYY-MM-DD), or undefined when it does: it
 * needs a reason, an approver and an expiry date that has not passed.
 */
export function acknowledgementProblem(a: Pick<RecordedAcknowledgement, 'reason' | 'approvedBy' | 'expires'>, today: string): string | undefined {
  if (!a.reason?.trim()) return 'has no reason';
  if (!a.approvedBy?.trim()) return 'has no approver';
  if (!a.expires || !/^\d{4}-\d{2}-\d{2}$/.test(a.expires)) return 'has no expiry date';
  if (a.expires < today) return `expired on ${a.expires}`;
  return undefined;
}

/** The plugin part of a namespaced id: `NhsTrustChecks` for `NhsTrustChecks::NHS-X`. */
export function acknowledgedPlugin(id: string): string | undefined {
  const m = /^([^[]*?)::/.exec(id);
  return m?.[1];
}
