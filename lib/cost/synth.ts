import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { CONFIG_EXTENSIONS, loadTrustDir, loadTrustFile, type LoadedTrust } from '../config/loader';
import { UserError } from '../errors';
import { TrustStack, trustStackName } from '../trust-stack';
import { readCostStacks, type CostStack } from './assembly';

/** True when `target` names a trust rather than a synth output: a config file, or an ODS code (with or without `-<environment>`). */
export function looksLikeTrust(target: string): boolean {
  if (fs.existsSync(target)) return fs.statSync(target).isFile() && CONFIG_EXTENSIONS.includes(path.extname(target).toLowerCase()) && !isTemplateFile(target);
  return /^[A-Za-z][A-Za-z0-9]{2,4}(-(dev|test|prod))?$/.test(target);
}

function isTemplateFile(file: string): boolean {
  if (file.endsWith('.template.json')) return true;
  if (path.extname(file).toLowerCase() !== '.json') return false;
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    return typeof data === 'object' && data !== null && ('Resources' in data || 'AWSTemplateFormatVersion' in data);
  } catch {
    return false;
  }
}

/**
 * The trusts a `rootstock cost` argument names: a config file, or an ODS code / `<ODS>-<environment>`
 * looked up in the trusts folder.
 *
 * @throws UserError (exit 2) when no trust matches, naming the known ones.
 */
export function selectTrusts(target: string, trustsDir: string): LoadedTrust[] {
  if (fs.existsSync(target)) return [loadTrustFile(target)];
  const trusts = loadTrustDir(trustsDir);
  const wanted = target.toUpperCase();
  const matches = trusts.filter((t) => wanted === t.config.odsCode || wanted === `${t.config.odsCode}-${t.config.environment}`.toUpperCase());
  if (matches.length === 0) {
    const known = trusts.map((t) => `${t.config.odsCode}-${t.config.environment}`).join(', ') || 'none';
    throw new UserError(
      `rootstock cost ${target}: no trust config in ${trustsDir} has that ODS code (known: ${known}), and there is no file or folder of that name. Give an ODS code from that list, a trust config file, or a cdk.out folder; --trusts-dir points at another folder of configs.`,
    );
  }
  return matches;
}

/**
 * Synthesises trusts in-process with the reference app's TrustStack (no compliance packs: cost
 * reads only the resources) into a temporary cloud assembly, reads its stacks, and removes it.
 */
export function synthesiseTrusts(trusts: readonly LoadedTrust[]): CostStack[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-cost-'));
  try {
    // Path metadata (as the CDK CLI writes it) is what maps each resource to its building block.
    const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
    for (const { config } of trusts) new TrustStack(app, trustStackName(config), { trust: config });
    app.synth();
    return readCostStacks(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
