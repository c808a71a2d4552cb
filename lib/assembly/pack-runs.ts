import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../errors';
import { isJsonObject, readJsonFile } from './files';

/** The folder, beside the templates, that holds one pack-run record per validation plugin. */
export const PACK_RUNS_DIR = 'rootstock-pack-runs';

/** How one rule fared on one template: resources by result. */
export interface RuleCounts {
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly notApplicable: number;
  /** Resources the rule could not evaluate (it threw). */
  readonly errors: number;
}

/** One template a plugin was given, and how many of its resources it checked. */
export interface PackRunTemplate {
  /** Posix path relative to the record's root (the folder holding rootstock-pack-runs/). */
  readonly path: string;
  readonly resourcesChecked: number;
}

/** One rule's results per template (the NHS pack records these). */
export interface PackRunRule {
  /** The rule id as reported: `NHS-S3BucketKmsEncrypted`. */
  readonly id: string;
  /** Template path (as in `templates`) -> counts. */
  readonly perTemplate: Readonly<Record<string, RuleCounts>>;
}

/**
 * The proof that a validation plugin ran during a synth, written by the plugin's wrapper to
 * `<root>/rootstock-pack-runs/<plugin>.json`, `<root>` being the deepest folder holding every
 * template the plugin was given. CDK leaves a plugin with no findings out of
 * validation-report.json, so only this record tells "no findings" from "did not run".
 */
export interface PackRunRecord {
  readonly recordVersion: 1;
  /** The plugin name as validation-report.json and acknowledgements spell it. */
  readonly plugin: string;
  readonly pluginVersion: string;
  /** A digest of the rule list (the NHS pack). */
  readonly ruleListVersion?: string;
  /** How many rules the plugin ran. */
  readonly ruleCount?: number;
  readonly templates: readonly PackRunTemplate[];
  readonly rules?: readonly PackRunRule[];
  /** Violating resources reported, before acknowledgements. */
  readonly violations: number;
  readonly success: boolean;
}

/** A pack-run record and where it was found. */
export interface PackRunFile {
  readonly file: string;
  /** The folder the record's template paths are relative to. */
  readonly root: string;
  readonly record: PackRunRecord;
  /** When the record was written (ms since the epoch). */
  readonly writtenAtMs: number;
}

const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Why `value` is not a pack-run record, as sentences; empty when it is one. */
export function packRunProblems(value: unknown): string[] {
  if (!isJsonObject(value)) return ['it is not a JSON object'];
  const problems: string[] = [];
  if (value.recordVersion !== 1) problems.push(`recordVersion must be 1, got ${JSON.stringify(value.recordVersion)}`);
  if (typeof value.plugin !== 'string' || value.plugin === '') problems.push('plugin must be a non-empty string');
  if (typeof value.pluginVersion !== 'string') problems.push('pluginVersion must be a string');
  if (value.ruleCount !== undefined && !isCount(value.ruleCount)) problems.push('ruleCount must be a whole number');
  if (!Array.isArray(value.templates) || value.templates.some((t) => !isJsonObject(t) || typeof t.path !== 'string' || !isCount(t.resourcesChecked))) {
    problems.push('templates must be a list of { path, resourcesChecked }');
  }
  if (value.rules !== undefined) {
    const okCounts = (c: unknown) => isJsonObject(c) && ['compliant', 'nonCompliant', 'notApplicable', 'errors'].every((k) => isCount(c[k]));
    if (!Array.isArray(value.rules) || value.rules.some((r) => !isJsonObject(r) || typeof r.id !== 'string' || !isJsonObject(r.perTemplate) || !Object.values(r.perTemplate).every(okCounts))) {
      problems.push('rules must be a list of { id, perTemplate: { <template>: { compliant, nonCompliant, notApplicable, errors } } }');
    }
  }
  if (!isCount(value.violations)) problems.push('violations must be a whole number');
  if (typeof value.success !== 'boolean') problems.push('success must be true or false');
  return problems;
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
