import type { IPolicyValidationPlugin } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { NhsTrustChecks } from './nhs-trust-checks';
import { PackRun } from './pack-run';

/** A pack's short name, as `rootstock check --packs` takes it. */
export type PackName = 'nhs' | 'aws-solutions' | 'hipaa' | 'nist-800-53-r5' | 'control-tower';

/** One pack Rootstock can run. */
export interface PackDefinition {
  /** The short name (CLI). */
  readonly name: PackName;
  /** The plugin name as CDK reports it and acknowledgements are namespaced: `NhsTrustChecks::NHS-...`. */
  readonly pluginName: string;
  /** What it checks, in a few words. */
  readonly description: string;
  /** How its rule ids start (`NHS-`), so an acknowledgement can be namespaced; absent when its ids come namespaced. */
  readonly ruleIdPrefix?: string;
  /** Whether every synth runs it (`false`: optional, e.g. slow or needing an extra package). */
  readonly byDefault: boolean;
  /** Creates the plugin, or throws a clear error when it cannot (a missing optional package). */
  create(): IPolicyValidationPlugin;
}

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

function rootstockVersion(): string {
  try {
    return (require('../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Loads the Control Tower guard validator, an optional dependency. */
function controlTower(): IPolicyValidationPlugin {
  let mod: { CfnGuardValidator: new (props?: Record<string, unknown>) => IPolicyValidationPlugin };
  try {
    mod = require('@cdklabs/cdk-validator-cfnguard') as typeof mod;
  } catch {
    throw new Error(
      "The control-tower pack needs the package '@cdklabs/cdk-validator-cfnguard' (AWS Control Tower proactive controls run by cfn-guard). Install it with `npm install --save-dev @cdklabs/cdk-validator-cfnguard`, or leave control-tower out of the pack list.",
    );
  }
  // Large stacks give ~10 KB of guard output per resource: raise the buffer well past Node's default.
  return new mod.CfnGuardValidator({ maxBuffer: 256 * 1024 * 1024 });
}

/**
 * The packs Rootstock runs, in report order: the NHS pack, cdk-nag's AwsSolutions, HIPAA Security
 * and NIST 800-53 rev 5, and (optional) the AWS Control Tower proactive controls through
 * `@cdklabs/cdk-validator-cfnguard`. The one list: the reference app, `rootstock check` and
 * evidence read it, so they never disagree on which packs exist.
 */
export const PACKS: readonly PackDefinition[] = [
  { name: 'nhs', pluginName: 'NhsTrustChecks', ruleIdPrefix: 'NHS-', description: 'NHS rules mapped to CAF-aligned DSPT and NCSC (RULES.md)', byDefault: true, create: () => new NhsTrustChecks() },
  { name: 'aws-solutions', pluginName: 'AwsSolutions', ruleIdPrefix: 'AwsSolutions-', description: 'cdk-nag AWS Solutions', byDefault: true, create: () => new AwsSolutionsChecks() },
  { name: 'hipaa', pluginName: 'HIPAA.Security', ruleIdPrefix: 'HIPAA.Security-', description: 'cdk-nag HIPAA Security', byDefault: true, create: () => new HIPAASecurityChecks() },
  { name: 'nist-800-53-r5', pluginName: 'NIST.800.53.R5', ruleIdPrefix: 'NIST.800.53.R5-', description: 'cdk-nag NIST 800-53 rev 5', byDefault: true, create: () => new NIST80053R5Checks() },
  { name: 'control-tower', pluginName: 'cdk-validator-cfnguard', description: 'AWS Control Tower proactive controls (cfn-guard)', byDefault: false, create: controlTower },
];

const VERSIONS: Readonly<Record<PackName, () => string>> = {
  nhs: rootstockVersion,
  'aws-solutions': () => packageVersion('cdk-nag'),
  hipaa: () => packageVersion('cdk-nag'),
  'nist-800-53-r5': () => packageVersion('cdk-nag'),
  'control-tower': () => packageVersion('@cdklabs/cdk-validator-cfnguard'),
};

/** The pack with this short name, or undefined. */
export function packDefinition(name: string): PackDefinition | undefined {
  return PACKS.find((p) => p.name === name);
}

/**
 * Creates the named packs (default: every pack run by default), each wrapped in {@link PackRun}
 * so the synth records that it ran: `Validations.of(app).addPlugins(...createPacks())`.
 *
 * @throws Error naming an unknown pack and the known ones, or a missing optional package
 */
export function createPacks(names: readonly string[] = PACKS.filter((p) => p.byDefault).map((p) => p.name)): PackRun[] {
  return names.map((name) => {
    const def = packDefinition(name);
    if (!def) throw new Error(`Unknown pack '${name}'. Known packs: ${PACKS.map((p) => p.name).join(', ')}.`);
    return new PackRun(def.create(), { version: VERSIONS[def.name]() });
  });
}
