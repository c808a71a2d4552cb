/** A validation plugin whose run the evidence reports per stack. */
export interface EvidencePack {
  /** The plugin name, as validation-report.json, pack-run records and acknowledgements spell it. */
  readonly plugin: string;
  /** How an assessor reads it. */
  readonly label: string;
  /** How to make it run when its record is missing. */
  readonly howToRun: string;
}

const RECORDED = 'register the pack so that its run is recorded (the pack registry wraps each pack to do so) and synthesise again';

/**
 * The packs Rootstock runs, in report order. The evidence says of each, per stack, that it ran
 * (version, rule count, resources checked) or that it was not assessed. The pack registry in
 * policies/ is the one list; this mirrors its plugin names.
 */
export const EVIDENCE_PACKS: readonly EvidencePack[] = [
  { plugin: 'NhsTrustChecks', label: 'NHS pack', howToRun: RECORDED },
  { plugin: 'AwsSolutions', label: 'AWS Solutions pack (cdk-nag)', howToRun: RECORDED },
  { plugin: 'HIPAA.Security', label: 'HIPAA Security pack (cdk-nag)', howToRun: RECORDED },
  { plugin: 'NIST.800.53.R5', label: 'NIST 800-53 rev 5 pack (cdk-nag)', howToRun: RECORDED },
  { plugin: 'cdk-validator-cfnguard', label: 'Control Tower proactive controls (cfn-guard)', howToRun: 'synthesise with the control-tower pack registered (npm run check:guard runs it)' },
];

/** The plugin name of the NHS pack, whose run the control statuses rest on. */
export const NHS_PLUGIN = 'NhsTrustChecks';
