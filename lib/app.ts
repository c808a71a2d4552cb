import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { createPacks } from '../policies/packs';
import { parseDocument } from 'yaml';
import * as fs from 'fs';
import { listTrustFiles, loadTrustDir, loadTrustFile, ConfigError, type LoadedTrust } from './config/loader';
import { TrustStack, trustStackName } from './trust-stack';

/** Options for building the reference app. */
export interface RootstockAppOptions {
  /** Folder of trust configs. @default - context `trustsDir`, else `trusts/` in the current directory */
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
  const dir = options.trustsDir ?? path.resolve((app.node.tryGetContext('trustsDir') as string | undefined) ?? 'trusts');
  const selection = options.trust ?? (app.node.tryGetContext('trust') as string | undefined) ?? 'all';
  const chosen = selection === 'all' ? loadTrustDir(dir) : loadSelectedTrusts(dir, selection);
  if (chosen.length === 0) throw new ConfigError(`No trust configs found in ${dir}. Add one (copy trusts/example.yaml) and run again.`);
  const stacks = chosen.map(({ config }) => new TrustStack(app, trustStackName(config), { trust: config }));
  if (options.checks ?? true) addCompliancePacks(app);
  return stacks;
}

/** Who a trust config file says it is, read without validating it: ODS code and environment, when the file parses. */
interface TrustFileIdentity {
  readonly file: string;
  readonly odsCode?: string;
  readonly environment?: string;
}

function peekIdentity(file: string): TrustFileIdentity {
  try {
    const data = parseDocument(fs.readFileSync(file, 'utf8')).toJS() as unknown;
    if (data === null || typeof data !== 'object') return { file };
    const { odsCode, environment } = data as Record<string, unknown>;
    return { file, odsCode: typeof odsCode === 'string' ? odsCode : undefined, environment: typeof environment === 'string' ? environment : undefined };
  } catch {
    return { file };
  }
}

/**
 * The trusts a `-c trust=` selection names, loading and validating only their files: a mistake in
 * another trust's file never blocks this one (`rootstock validate` and the all-trusts synth still
 * check every file). Files are matched by ODS code, `<ODS>-<environment>` or file name.
 */
function loadSelectedTrusts(dir: string, selection: string): LoadedTrust[] {
  const wanted = selection.split(',').map((s) => s.trim()).filter(Boolean);
  const files = listTrustFiles(dir).map(peekIdentity);
  const matches = (t: TrustFileIdentity, w: string) =>
    w === t.odsCode || (t.odsCode !== undefined && w === `${t.odsCode}-${t.environment}`) || path.basename(t.file).replace(/\.[^.]+$/, '') === w;
  // Every name must match: a typo in a list must not silently drop a trust from the synth.
  const unmatched = wanted.filter((w) => !files.some((t) => matches(t, w)));
  if (wanted.length === 0 || unmatched.length > 0) {
    const known = files.filter((t) => t.odsCode).map((t) => `${t.odsCode}-${t.environment}`).join(', ');
    const unread = files.filter((t) => !t.odsCode).map((t) => path.basename(t.file));
    throw new ConfigError(
      `-c trust=${selection}: ${unmatched.length ? `no trust config matches ${unmatched.map((u) => `'${u}'`).join(', ')}` : 'names no trust'}. Known trusts: ${known || 'none'}. ` +
        (unread.length ? `Not readable as a trust config (run rootstock validate on them): ${unread.join(', ')}. ` : '') +
        'Use ODS codes, <ODS>-<environment>, file names (comma-separated), or all.',
    );
  }
  const loaded = files.filter((t) => wanted.some((w) => matches(t, w))).map((t) => loadTrustFile(t.file));
  const seen = new Map<string, string>();
  for (const t of loaded) {
    const key = `${t.config.odsCode}-${t.config.environment}`;
    const other = seen.get(key);
    if (other) throw new ConfigError(`${t.file}: odsCode ${t.config.odsCode} with environment ${t.config.environment} is also defined in ${other}; each trust environment must have one config file.`);
    seen.set(key, t.file);
  }
  return loaded;
}
