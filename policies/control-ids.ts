/**
 * The one format for control ids across Rootstock: policies, evidence and `rootstock check`.
 *
 * - a CAF-aligned DSPT contributing outcome is its CAF id: `B3.c` (objective letter, principle
 *   number, outcome letter); objectives (`B`) and principles (`B3`) are grouping levels only;
 * - an NCSC cloud security principle is `NCSC-<n>`, n from 1 to 14: `NCSC-2`.
 *
 * Print ids with {@link formatControlId} (the id itself) or {@link controlLabel} (id and name),
 * and read any spelling people use (`NCSC 2`, `ncsc2`, `DSPT B3.c`) with {@link parseControlId}.
 */

/** A CAF-aligned DSPT contributing outcome id, like `B3.c`. */
export type DsptOutcomeId = `${'A' | 'B' | 'C' | 'D' | 'E'}${number}.${string}`;

/** An NCSC cloud security principle id, like `NCSC-2`. */
export type NcscPrincipleId = `NCSC-${number}`;

/** Any control id a rule can evidence. */
export type ControlId = DsptOutcomeId | NcscPrincipleId;

/** The framework a control id belongs to. */
export type ControlFramework = 'DSPT' | 'NCSC';

const DSPT_OUTCOME = /^[A-E][1-9]\.[a-z]$/;
const NCSC_PRINCIPLE = /^NCSC-([1-9]|1[0-4])$/;

/** Whether `id` is a canonical DSPT contributing outcome id (`B3.c`). */
export function isDsptOutcomeId(id: string): id is DsptOutcomeId {
  return DSPT_OUTCOME.test(id);
}

/** Whether `id` is a canonical NCSC principle id (`NCSC-1` to `NCSC-14`). */
export function isNcscPrincipleId(id: string): id is NcscPrincipleId {
  return NCSC_PRINCIPLE.test(id);
}

/** Whether `id` is a canonical control id of either framework. */
export function isControlId(id: string): id is ControlId {
  return isDsptOutcomeId(id) || isNcscPrincipleId(id);
}

/**
 * The canonical id of NCSC principle `n`.
 *
 * @throws Error when n is not an integer from 1 to 14
 */
export function ncscPrincipleId(n: number): NcscPrincipleId {
  if (!Number.isInteger(n) || n < 1 || n > 14) throw new Error(`NCSC cloud security principles are numbered 1 to 14; got ${JSON.stringify(n)}.`);
  return `NCSC-${n}`;
}

/** The principle number of an NCSC id: 2 for `NCSC-2`. */
export function ncscPrincipleNumber(id: NcscPrincipleId): number {
  return Number(id.slice('NCSC-'.length));
}

/** The framework of a canonical id. */
export function controlFramework(id: ControlId): ControlFramework {
  return isNcscPrincipleId(id) ? 'NCSC' : 'DSPT';
}

/** The DSPT principle an outcome belongs to: `B3` for `B3.c`. */
export function dsptPrincipleOf(id: DsptOutcomeId): string {
  return id.split('.')[0];
}

/**
 * Reads a control id in any spelling people use and returns its canonical form, or undefined.
 *
 * DSPT: `B3.c`, `b3.c`, `DSPT B3.c`, `CAF B3.c`. NCSC: `NCSC-2`, `NCSC 2`, `ncsc2`,
 * `NCSC principle 2`. A bare number is not accepted: it could be anything.
 */
export function parseControlId(text: string): ControlId | undefined {
  const t = text.trim();
  const ncsc = /^ncsc[\s-]*(?:principle[\s-]*)?(\d{1,2})$/i.exec(t);
  if (ncsc) {
    const id = `NCSC-${Number(ncsc[1])}`;
    return isNcscPrincipleId(id) ? id : undefined;
  }
  const dspt = /^(?:(?:dspt|caf)\s+)?([a-e])(\d)\.([a-z])$/i.exec(t);
  if (dspt) {
    const id = `${dspt[1].toUpperCase()}${dspt[2]}.${dspt[3].toLowerCase()}`;
    return isDsptOutcomeId(id) ? id : undefined;
  }
  return undefined;
}

/** The canonical printed form of a control id: the id itself (`B3.c`, `NCSC-2`). */
export function formatControlId(id: ControlId): string {
  return id;
}

/** A control id with its name, for reports: `B3.c Stored data`, `NCSC-2 Asset protection and resilience`. */
export function controlLabel(id: ControlId, name: string): string {
  return `${formatControlId(id)} ${name}`;
}

/** Sorts control ids: DSPT outcomes in CAF order, then NCSC principles by number. */
export function compareControlIds(a: ControlId, b: ControlId): number {
  const fa = controlFramework(a);
  const fb = controlFramework(b);
  if (fa !== fb) return fa === 'DSPT' ? -1 : 1;
  if (fa === 'NCSC') return ncscPrincipleNumber(a as NcscPrincipleId) - ncscPrincipleNumber(b as NcscPrincipleId);
  return a < b ? -1 : a > b ? 1 : 0;
}
