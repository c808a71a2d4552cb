import { LIKELIHOOD_NAMES, riskRating, RISK_RATING_NAMES, SEVERITY_NAMES, HAZARDS_METADATA_TYPE, type Hazard, type RecordedHazard, type RiskScore } from '../../constructs/core/hazards';
import { hazardsById } from '../../constructs/hazard-catalogue';
import { readCloudAssembly } from '../assembly/cloud-assembly';
import { UserError } from '../errors';
import { ROOTSTOCK_VERSION } from '../version';

/** A risk score with its names and rating, as the log prints it. */
export interface RatedRisk extends RiskScore {
  readonly severityName: string;
  readonly likelihoodName: string;
  /** 1 (acceptable) to 5 (unacceptable), from the DCB0129 matrix. */
  readonly rating: number;
  readonly ratingName: string;
}

/** One hazard as deployed in a stack: the library's entry, rated, and where it was recorded. */
export interface DeployedHazard extends Omit<Hazard, 'initialRisk' | 'residualRisk'> {
  readonly initialRisk: RatedRisk;
  readonly residualRisk: RatedRisk;
  /** The construct paths of the building blocks that recorded it. */
  readonly recordedAt: readonly string[];
}

/** The part of the log the deploying trust's Clinical Safety Officer completes (DCB0160). */
export interface Dcb0160Section {
  readonly instructions: string;
  /** Per hazard: the trust's own controls, residual risk after them, and acceptance; blank to fill in. */
  readonly perHazard: ReadonlyArray<{ readonly hazardId: string; readonly localControls: string; readonly localResidualRisk: string; readonly accepted: string }>;
  readonly signOff: { readonly clinicalSafetyOfficer: string; readonly registration: string; readonly date: string; readonly nextReview: string };
}

/** The hazard log of one deployed stack. */
export interface StackHazardLog {
  readonly stack: string;
  readonly odsCode?: string;
  readonly environment?: string;
  readonly rootstockVersion?: string;
  readonly hazards: readonly DeployedHazard[];
  readonly dcb0160: Dcb0160Section;
}

/** The hazard log of a cloud assembly. */
export interface HazardLog {
  /** DCB0129: the manufacturer's part, from the library; DCB0160: the deploying trust's part. */
  readonly standard: string;
  readonly generatedBy: string;
  readonly generatedAt: string;
  readonly stacks: readonly StackHazardLog[];
}

function rated(score: RiskScore): RatedRisk {
  const rating = riskRating(score);
  return { ...score, severityName: SEVERITY_NAMES[score.severity], likelihoodName: LIKELIHOOD_NAMES[score.likelihood], rating, ratingName: RISK_RATING_NAMES[rating] };
}

/**
 * The hazard log of what a cloud assembly deploys: for each stack, the hazards its building blocks
 * recorded (construct metadata `rootstock:hazards`), with the library's controls traced to code
 * and tests, rated on the DCB0129 matrix, and the DCB0160 section the trust's CSO completes.
 *
 * @throws UserError (exit 2) for a missing or invalid cloud assembly, a stack with no recorded
 *   hazards (not synthesised by a Rootstock version that records them), or an unknown hazard id
 */
export function buildHazardLog(cdkOut: string, options: { readonly now?: Date } = {}): HazardLog {
  const assembly = readCloudAssembly(cdkOut, { role: 'rootstock hazard-log' });
  const catalogue = hazardsById();
  if (assembly.stacks.length === 0) throw new UserError(`rootstock hazard-log ${cdkOut}: the cloud assembly names no stacks. Synthesise the trust first (npm run synth).`);
  const stacks = assembly.stacks.map((stack): StackHazardLog => {
    // Per hazard id: where it was recorded, and the controls recorded with it (undefined: all of the catalogue's).
    const recorded = new Map<string, { at: string[]; controls?: Set<string> }>();
    for (const { path, data } of stack.metadata.entriesOfType(HAZARDS_METADATA_TYPE)) {
      for (const entry of Array.isArray(data) ? (data as unknown[]) : []) {
        const { id, controls } = typeof entry === 'string' ? { id: entry, controls: undefined } : (entry as Partial<RecordedHazard>);
        const seen = recorded.get(String(id)) ?? { at: [] };
        seen.at.push(path);
        if (Array.isArray(controls)) seen.controls = new Set([...(seen.controls ?? []), ...controls.map(String)]);
        recorded.set(String(id), seen);
      }
    }
    if (recorded.size === 0) {
      throw new UserError(
        `rootstock hazard-log ${cdkOut}: stack ${stack.displayName} records no hazards. Its building blocks record them when synthesised by TrustStack (or recordHazards(stack)) with Rootstock ${ROOTSTOCK_VERSION} or later; synthesise again with this version.`,
      );
    }
    const unknown = (what: string) =>
      new UserError(`rootstock hazard-log ${cdkOut}: stack ${stack.displayName} records ${what}, which this Rootstock version (${ROOTSTOCK_VERSION}) does not know. Use the Rootstock version the stack was synthesised with (${stack.rootstock.version ?? 'unknown'}).`);
    const hazards = [...recorded.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, { at, controls }]): DeployedHazard => {
        const h = catalogue.get(id);
        if (!h) throw unknown(`hazard ${id}`);
        const missing = [...(controls ?? [])].filter((d) => !h.controls.some((c) => c.description === d));
        if (missing.length) throw unknown(`a control of ${id} ('${missing[0].slice(0, 80)}')`);
        const deployed = controls ? h.controls.filter((c) => controls.has(c.description)) : h.controls;
        return { ...h, controls: deployed, initialRisk: rated(h.initialRisk), residualRisk: rated(h.residualRisk), recordedAt: at.sort() };
      });
    return {
      stack: stack.displayName,
      odsCode: stack.rootstock.odsCode,
      environment: stack.rootstock.environment,
      rootstockVersion: stack.rootstock.version,
      hazards,
      dcb0160: {
        instructions:
          "DCB0160: the deploying organisation's Clinical Safety Officer reviews each hazard in the local clinical context, records the trust's own controls (procedures, training, monitoring) and the residual risk after them, accepts or rejects it, and signs off. Keep this log with the trust's clinical safety case and review it at every Rootstock upgrade.",
        perHazard: hazards.map((h) => ({ hazardId: h.id, localControls: '', localResidualRisk: '', accepted: '' })),
        signOff: { clinicalSafetyOfficer: '', registration: '', date: '', nextReview: '' },
      },
    };
  });
  return {
    standard: 'DCB0129 (manufacturer: the Rootstock library) and DCB0160 (deploying trust), NHS England clinical risk management standards',
    generatedBy: `Rootstock ${ROOTSTOCK_VERSION}`,
    generatedAt: (options.now ?? new Date()).toISOString(),
    stacks,
  };
}
