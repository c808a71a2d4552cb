import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { createPacks } from '../policies/packs';
import { loadTrustDir, ConfigError, type LoadedTrust } from './config/loader';
import { TrustStack, trustStackName } from './trust-stack';

/** Options for building the reference app. */
export interface RootstockAppOptions {
  /** Folder of trust configs. @default - `trusts/` in the current directory */
  readonly trustsDir?: string;
  /** Which trust to synthesise: an ODS code, `<ODS>-<env>`, or `all`. @default - context `trust`, else all */
  readonly trust?: string;
  /** Register the compliance packs. @default true */
  readonly checks?: boolean;
}

/**
 * Registers the compliance packs on the app (every pack scans the whole app): by default the NHS
 * pack and cdk-nag's AwsSolutions, HIPAA Security and NIST 800-53 rev 5 packs, from the pack
 * registry. Each records its run into the cloud assembly (`rootstock-pack-runs/`), so the
 * evidence can prove which packs ran even when a pack had nothing to report.
 */
export function addCompliancePacks(app: App, packs?: readonly string[]): void {
  Validations.of(app).addPlugins(...createPacks(packs));
}

/**
 * The reference app: one TrustStack per trust config, with the compliance packs registered.
 *
 * @throws ConfigError for bad configs or an unknown `trust` selection
 */
export function buildRootstockApp(app: App, options: RootstockAppOptions = {}): TrustStack[] {
  const dir = options.trustsDir ?? path.resolve('trusts');
  const selection = options.trust ?? (app.node.tryGetContext('trust') as string | undefined) ?? 'all';
  const trusts = loadTrustDir(dir);
  if (trusts.length === 0) throw new ConfigError(`No trust configs found in ${dir}. Add one (copy trusts/example.yaml) and run again.`);
  const chosen = selectTrusts(trusts, selection);
  const stacks = chosen.map(({ config }) => new TrustStack(app, trustStackName(config), { trust: config }));
  if (options.checks ?? true) addCompliancePacks(app);
  return stacks;
}

function selectTrusts(trusts: LoadedTrust[], selection: string): LoadedTrust[] {
  if (selection === 'all') return trusts;
  const wanted = selection.split(',').map((s) => s.trim()).filter(Boolean);
  const matches = (t: LoadedTrust, w: string) =>
    w === t.config.odsCode || w === `${t.config.odsCode}-${t.config.environment}` || path.basename(t.file).replace(/\.[^.]+$/, '') === w;
  // Every name must match: a typo in a list must not silently drop a trust from the synth.
  const unmatched = wanted.filter((w) => !trusts.some((t) => matches(t, w)));
  if (wanted.length === 0 || unmatched.length > 0) {
    const known = trusts.map((t) => `${t.config.odsCode}-${t.config.environment}`).join(', ');
    throw new ConfigError(
      `-c trust=${selection}: ${unmatched.length ? `no trust config matches ${unmatched.map((u) => `'${u}'`).join(', ')}` : 'names no trust'}. Known trusts: ${known}. Use ODS codes, <ODS>-<environment>, file names (comma-separated), or all.`,
    );
  }
  const picked = trusts.filter((t) => wanted.some((w) => matches(t, w)));
  return picked;
}
