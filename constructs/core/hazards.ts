import type { IConstruct } from 'constructs';

/**
 * Clinical hazards, in DCB0129 terms, that a building block's behaviour can cause or control.
 *
 * Each construct declares its hazards as plain data beside it (`constructs/<area>/hazards.ts`)
 * and records them on itself when built, so the hazard log of a trust is exactly what the trust
 * deployed (`rootstock hazard-log <cdk.out>`). The manufacturer (whoever publishes Rootstock)
 * owns these entries under DCB0129; the deploying trust's Clinical Safety Officer completes the
 * DCB0160 part (local controls, sign-off, review date).
 */

/** Severity of harm on the DCB0129 5x5 matrix, 1 (minor) to 5 (catastrophic). */
export type Severity = 1 | 2 | 3 | 4 | 5;

/** Likelihood of harm on the DCB0129 5x5 matrix, 1 (very low) to 5 (very high). */
export type Likelihood = 1 | 2 | 3 | 4 | 5;

/** The names of the severity levels, DCB0129 (NHS Digital clinical risk management guidance). */
export const SEVERITY_NAMES: Readonly<Record<Severity, string>> = { 1: 'Minor', 2: 'Significant', 3: 'Considerable', 4: 'Major', 5: 'Catastrophic' };

/** The names of the likelihood levels. */
export const LIKELIHOOD_NAMES: Readonly<Record<Likelihood, string>> = { 1: 'Very low', 2: 'Low', 3: 'Medium', 4: 'High', 5: 'Very high' };

/** A point on the risk matrix. */
export interface RiskScore {
  readonly severity: Severity;
  readonly likelihood: Likelihood;
}

/**
 * The clinical risk rating, 1 (acceptable) to 5 (unacceptable), from the standard DCB0129 matrix:
 * rows are likelihood, columns severity.
 */
export function riskRating(score: RiskScore): 1 | 2 | 3 | 4 | 5 {
  const matrix: ReadonlyArray<ReadonlyArray<1 | 2 | 3 | 4 | 5>> = [
    // severity: 1  2  3  4  5          likelihood
    [1, 1, 2, 2, 3], // 1 very low
    [1, 2, 2, 3, 4], // 2 low
    [2, 2, 3, 3, 4], // 3 medium
    [2, 3, 3, 4, 5], // 4 high
    [3, 4, 4, 5, 5], // 5 very high
  ];
  return matrix[score.likelihood - 1][score.severity - 1];
}

/** What a risk rating means for acceptance. */
export const RISK_RATING_NAMES: Readonly<Record<1 | 2 | 3 | 4 | 5, string>> = {
  1: 'Acceptable',
  2: 'Acceptable where further control is impractical',
  3: 'Undesirable: further controls needed, or documented acceptance',
  4: 'Mandatory elimination or control to reduce risk to acceptable',
  5: 'Unacceptable',
};

/** How a control is implemented, so the log can trace it to code. */
export interface HazardControl {
  /** What the control does, in plain words. */
  readonly description: string;
  /**
   * Where it lives: a construct prop or behaviour (`AuditedFhirStoreProps.storeLock`), a file
   * (`constructs/fhir/runtime/authoriser.ts`), or an NHS rule id (`NHS-HealthLakeDatastoreRetained`).
   */
  readonly implementedBy: string;
  /** The test that evidences the control: its file and the full name of the test (`describe` titles and test title joined by a space). */
  readonly evidence: { readonly file: string; readonly test: string };
}

/** One hazard a building block can cause or control. */
export interface Hazard {
  /** A stable id that never changes once published: `HAZ-<AREA>-<nnn>`. */
  readonly id: string;
  /** A short title. */
  readonly title: string;
  /** What could cause it. */
  readonly cause: string;
  /** The effect on patient care if it happened. */
  readonly effect: string;
  /** The harm that could follow. */
  readonly harm: string;
  /** Risk before the library's controls. */
  readonly initialRisk: RiskScore;
  /** Controls in the library, each traced to code and a test. */
  readonly controls: readonly HazardControl[];
  /** Risk with those controls in place. */
  readonly residualRisk: RiskScore;
  /** What the deploying trust should consider under DCB0160 (local procedures, training, monitoring). */
  readonly deployerActions: readonly string[];
}

/** The metadata type under which a construct records its hazards in the cloud assembly. */
export const HAZARDS_METADATA_TYPE = 'rootstock:hazards';

/**
 * One hazard as a construct records it in the cloud assembly: its id and the descriptions of the
 * controls that apply to the construct as configured (a control that depends on configuration,
 * such as emergency access, is recorded only where it is configured).
 */
export interface RecordedHazard {
  readonly id: string;
  readonly controls: readonly string[];
}

const HAZARDS = new WeakMap<IConstruct, Hazard[]>();

/**
 * The hazards recorded on a construct. A building block calls `Hazards.of(this).record(HAZARDS)`
 * in its constructor; their ids and controls land in the cloud assembly's metadata for the hazard log.
 */
export class Hazards {
  /** The hazards recorded on `scope`. */
  public static of(scope: IConstruct): Hazards {
    return new Hazards(scope);
  }

  /** Every hazard recorded on `root` and below, with the construct that recorded it. */
  public static collect(root: IConstruct): Array<{ readonly scope: IConstruct; readonly hazard: Hazard }> {
    return root.node.findAll().flatMap((scope) => (HAZARDS.get(scope) ?? []).map((hazard) => ({ scope, hazard })));
  }

  private constructor(private readonly scope: IConstruct) {}

  /** Records `hazards` on this construct, and their ids and controls as metadata in the cloud assembly. */
  public record(hazards: readonly Hazard[]): this {
    if (hazards.length === 0) throw new Error(`Hazards ${this.scope.node.path}: a building block must declare at least one hazard`);
    const list = HAZARDS.get(this.scope) ?? [];
    const fresh = hazards.filter((h) => !list.some((x) => x.id === h.id));
    list.push(...fresh);
    HAZARDS.set(this.scope, list);
    if (fresh.length) this.scope.node.addMetadata(HAZARDS_METADATA_TYPE, fresh.map((h): RecordedHazard => ({ id: h.id, controls: h.controls.map((c) => c.description) })));
    return this;
  }

  /** The hazards recorded on this construct alone. */
  public get list(): readonly Hazard[] {
    return HAZARDS.get(this.scope) ?? [];
  }
}
