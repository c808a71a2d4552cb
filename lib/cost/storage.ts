/**
 * Storage that grows: an S3 bucket's objects moving through its lifecycle classes, or a log
 * group's retained logs, written at a steady rate. Month 12 holds twelve months of writes;
 * steady state holds everything written within the retention period (writes older than it are
 * gone), so the two differ only for retention beyond a year.
 */

/** Average days in a month (365.25 / 12). */
export const DAYS_PER_MONTH = 365.25 / 12;

/** How long storage is shown growing when nothing ever expires it: 8 years, the audit minimum. */
export const NO_EXPIRY_HORIZON_MONTHS = 96;

/** A storage class objects move into after `afterDays` days. */
export interface Transition {
  readonly afterDays: number;
  readonly storageClass: string;
}

/** GB-months held in each storage class after `elapsedMonths` of writing `gbPerMonth`, objects kept `horizonMonths`. */
export function storageByClass(gbPerMonth: number, transitions: readonly Transition[], elapsedMonths: number, horizonMonths: number): Record<string, number> {
  const age = Math.min(elapsedMonths, horizonMonths);
  const steps = [{ from: 0, storageClass: 'STANDARD' }, ...[...transitions].sort((x, y) => x.afterDays - y.afterDays).map((t) => ({ from: t.afterDays / DAYS_PER_MONTH, storageClass: t.storageClass }))];
  const out: Record<string, number> = {};
  steps.forEach((step, i) => {
    const end = Math.min(i + 1 < steps.length ? steps[i + 1].from : Infinity, age);
    const months = Math.max(0, end - step.from);
    if (months > 0) out[step.storageClass] = (out[step.storageClass] ?? 0) + gbPerMonth * months;
  });
  return out;
}

/** Whether objects written `elapsedMonths` ago have reached a transition at `afterDays` (and are still kept). */
export function transitionReached(afterDays: number, elapsedMonths: number, horizonMonths: number): boolean {
  const at = afterDays / DAYS_PER_MONTH;
  return at < Math.min(elapsedMonths, horizonMonths);
}
