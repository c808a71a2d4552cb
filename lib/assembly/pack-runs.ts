import * as fs from 'fs';
import * as path from 'path';
import { PACK_RUNS_DIR, packRunProblems, type PackRunRecord } from '../../policies/pack-run';
import type { RuleCounts } from '../../policies/nhs-trust-checks';
import { UserError } from '../errors';
import { readJsonFile } from './files';

export { PACK_RUNS_DIR, packRunProblems, type PackRunRecord, type PackRunRule, type PackRunTemplate } from '../../policies/pack-run';
export type { RuleCounts } from '../../policies/nhs-trust-checks';

/** A pack-run record and where it was found. */
export interface PackRunFile {
  readonly file: string;
  /** The folder the record's template paths are relative to. */
  readonly root: string;
  readonly record: PackRunRecord;
  /** When the record was written (ms since the epoch). */
  readonly writtenAtMs: number;
}

/**
 * Reads the pack-run records in `root`/rootstock-pack-runs (none when the folder is absent).
 *
 * @throws UserError (exit 2) naming the file when a record is not JSON or not a pack-run record
 */
export function readPackRunsIn(root: string): PackRunFile[] {
  const dir = path.join(root, PACK_RUNS_DIR);
  if (!fs.existsSync(dir)) return [];
  const fix = 'Synthesise again to rewrite the pack-run records (npm run synth).';
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      const value = readJsonFile(file, { fix });
      const problems = packRunProblems(value);
      if (problems.length > 0) throw new UserError(`${file}: not a pack-run record: ${problems.join('; ')}. ${fix}`);
      return { file, root, record: value as PackRunRecord, writtenAtMs: fs.statSync(file).mtimeMs };
    });
}

/** One plugin's recorded run over one stack's template. */
export interface StackPackRun {
  readonly plugin: string;
  readonly pluginVersion: string;
  readonly ruleListVersion?: string;
  readonly ruleCount?: number;
  /** Resources the plugin checked in this template. */
  readonly resourcesChecked: number;
  /** Per-rule counts for this template (rule id -> counts), when the plugin records them. */
  readonly rules?: ReadonlyMap<string, RuleCounts>;
  /** The record file it came from. */
  readonly file: string;
}

/** A record that names a template but was written before the template: from an earlier synth. */
export interface StalePackRun {
  readonly plugin: string;
  readonly file: string;
}

/**
 * How much older than its template a record may be and still count. The plugin writes its record
 * after CDK writes the templates; a copy of the folder may reorder times by a few milliseconds.
 */
const STALE_AFTER_MS = 2000;

/**
 * The recorded runs over the template at `templateFile` (absolute), and the records that name it
 * but are older than it (a later synth rewrote the template without that plugin).
 */
export function packRunsForTemplate(files: readonly PackRunFile[], templateFile: string): { runs: StackPackRun[]; stale: StalePackRun[] } {
  const runs: StackPackRun[] = [];
  const stale: StalePackRun[] = [];
  const target = path.resolve(templateFile);
  const templateMtime = fs.existsSync(target) ? fs.statSync(target).mtimeMs : 0;
  for (const f of files) {
    const entry = f.record.templates.find((t) => path.resolve(f.root, t.path) === target);
    if (!entry) continue;
    if (f.writtenAtMs + STALE_AFTER_MS < templateMtime) {
      stale.push({ plugin: f.record.plugin, file: f.file });
      continue;
    }
    const rules = f.record.rules
      ? new Map(f.record.rules.filter((r) => r.perTemplate[entry.path] !== undefined).map((r) => [r.id, r.perTemplate[entry.path]] as const))
      : undefined;
    runs.push({
      plugin: f.record.plugin,
      pluginVersion: f.record.pluginVersion,
      ruleListVersion: f.record.ruleListVersion,
      ruleCount: f.record.ruleCount,
      resourcesChecked: entry.resourcesChecked,
      rules,
      file: f.file,
    });
  }
  return { runs, stale };
}
