import { PACKS } from '../../policies/packs';

/** A validation plugin whose run the evidence reports per stack. */
export interface EvidencePack {
  /** The plugin name, as validation-report.json, pack-run records and acknowledgements spell it. */
  readonly plugin: string;
  /** How an assessor reads it. */
  readonly label: string;
  /** How to make it run when its record is missing. */
  readonly howToRun: string;
}

/**
 * The packs of the pack registry (policies/packs.ts), in report order. The evidence says of each,
 * per stack, that it ran (version, rule count, resources checked) or that it was not assessed.
 */
export const EVIDENCE_PACKS: readonly EvidencePack[] = PACKS.map((p) => ({
  plugin: p.pluginName,
  label: p.name === 'nhs' ? 'NHS pack' : p.byDefault ? `${p.description} pack` : p.description,
  howToRun: p.byDefault
    ? 'synthesise with the packs registered through the pack registry, which records each run (addCompliancePacks; npm run synth)'
    : `register it through the pack registry (addCompliancePacks(app, [..., '${p.name}'])) and synthesise again`,
}));

/** The plugin name of the NHS pack, whose run the control statuses rest on. */
export const NHS_PLUGIN = PACKS.find((p) => p.name === 'nhs')!.pluginName;
