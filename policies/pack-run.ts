import * as fs from 'fs';
import * as path from 'path';
import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport } from 'aws-cdk-lib';
import type { NhsPackRunCounts, RuleCounts } from './nhs-trust-checks';

/** The folder, beside the templates, that holds one pack-run record per plugin. */
export const PACK_RUNS_DIR = 'rootstock-pack-runs';

/** One template a plugin was given, and how many of its resources were checked. */
export interface PackRunTemplate {
  /** The template path, posix, relative to the record's root (the folder holding rootstock-pack-runs/). */
  readonly path: string;
  /** Resources checked in it: walked by the NHS pack; for other packs, every resource in the template. */
  readonly resourcesChecked: number;
}

/** One rule's results per template (NHS pack only). */
export interface PackRunRule {
  /** The rule id as reported, e.g. `NHS-S3BucketKmsEncrypted`. */
  readonly id: string;
  /** Template path (as in `templates`) -> counts. Templates where no resource of the rule's types exists are absent. */
  readonly perTemplate: Readonly<Record<string, RuleCounts>>;
}

/**
 * The proof that a validation plugin ran, written to `<root>/rootstock-pack-runs/<plugin>.json`.
 *
 * CDK leaves a plugin with no violations out of validation-report.json, so "no findings" cannot
 * be told from "did not run" without this record.
 */
export interface PackRunRecord {
  readonly recordVersion: 1;
  /** The plugin name, as in validation-report.json and acknowledgements (`NhsTrustChecks`, `AwsSolutions`, `cdk-validator-cfnguard`). */
  readonly plugin: string;
  /** The plugin's version (the package that provides it). */
  readonly pluginVersion: string;
  /** sha256 hex of the sorted rule ids (NHS pack). */
  readonly ruleListVersion?: string;
  /** How many rules the plugin ran (NHS pack; the cdk-nag packs report it too). */
  readonly ruleCount?: number;
  /** Every template the plugin was given. */
  readonly templates: readonly PackRunTemplate[];
  /** Per-rule counts (NHS pack only: counted inside the pack around each rule call). */
  readonly rules?: readonly PackRunRule[];
  /** Violating resources the plugin reported, before acknowledgements. */
  readonly violations: number;
  /** The plugin's own verdict. */
  readonly success: boolean;
}

/** A plugin that counts its own rule results (the NHS pack). */
interface CountingPlugin {
  readonly lastRunCounts: NhsPackRunCounts;
  readonly ruleListVersion: string;
  readonly ruleIdList: readonly string[];
}

function isCounting(p: unknown): p is CountingPlugin {
  return typeof p === 'object' && p !== null && 'lastRunCounts' in p && 'ruleListVersion' in p;
}

/** The deepest folder that contains every path in `files`. */
export function commonRoot(files: readonly string[]): string {
  const dirs = files.map((f) => path.resolve(path.dirname(f)).split(path.sep));
  const first = dirs[0] ?? [path.sep];
  let n = first.length;
  for (const d of dirs) {
    let i = 0;
    while (i < n && i < d.length && d[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n).join(path.sep) || path.sep;
}

function resourcesIn(file: string): number {
  try {
    const t = JSON.parse(fs.readFileSync(file, 'utf8')) as { Resources?: Record<string, unknown> };
    return Object.keys(t.Resources ?? {}).length;
  } catch {
    return 0;
  }
}

/** Options of {@link PackRun}. */
export interface PackRunOptions {
  /**
   * The plugin's version, when the plugin does not report one (cdk-nag packs do not).
   *
   * @default - the plugin's `version`, else '0.0.0'
   */
  readonly version?: string;
}

/**
 * Wraps any validation plugin (the NHS pack, a cdk-nag pack, the Control Tower guard validator):
 * calls it, then records that it ran, over which templates, with which rules and versions, into
 * the cloud assembly (`rootstock-pack-runs/<plugin>.json`). The report is passed on unchanged,
 * under the plugin's own name, so acknowledgements (`<Plugin>::<RuleId>`) still apply.
 */
export class PackRun implements IPolicyValidationPlugin {
  /** The wrapped plugin's name. */
  public readonly name: string;
  /** The wrapped plugin's version. */
  public readonly version?: string;
  /** The wrapped plugin's rule ids. */
  public readonly ruleIds?: string[];

  constructor(
    /** The plugin that does the checking. */
    public readonly plugin: IPolicyValidationPlugin,
    options: PackRunOptions = {},
  ) {
    this.name = plugin.name;
    this.version = plugin.version ?? options.version;
    this.ruleIds = plugin.ruleIds;
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = this.plugin.validate(context);
    const files = context.templatePaths;
    if (files.length === 0) return report;
    const root = commonRoot(files);
    writePackRun(root, this.record(root, files, report));
    return report;
  }

  private record(root: string, files: readonly string[], report: PolicyValidationPluginReport): PackRunRecord {
    const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
    const byBase = new Map(files.map((f) => [path.basename(f), rel(f)]));
    const counting = isCounting(this.plugin) ? this.plugin : undefined;
    const counts = counting?.lastRunCounts;
    const templates = files.map((f) => ({ path: rel(f), resourcesChecked: counts ? (counts.resources.get(path.basename(f)) ?? 0) : resourcesIn(f) }));
    const rules = counts
      ? [...counts.rules].map(([id, perFile]) => ({
          id,
          perTemplate: Object.fromEntries([...perFile].filter(([file]) => byBase.has(path.basename(file))).map(([file, c]) => [byBase.get(path.basename(file))!, { ...c }])),
        }))
      : undefined;
    const ruleCount = counting?.ruleIdList.length ?? this.ruleIds?.length;
    return {
      recordVersion: 1,
      plugin: this.name,
      pluginVersion: report.pluginVersion ?? this.version ?? '0.0.0',
      ...(counting ? { ruleListVersion: counting.ruleListVersion } : {}),
      ...(ruleCount !== undefined ? { ruleCount } : {}),
      templates,
      ...(rules ? { rules } : {}),
      violations: report.violations.reduce((n, v) => n + v.violatingResources.length, 0),
      success: report.success,
    };
  }
}

/** Writes a record atomically (temp file, then rename), so a reader never sees half a record. */
export function writePackRun(root: string, record: PackRunRecord): string {
  const dir = path.join(root, PACK_RUNS_DIR);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${record.plugin}.json`);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
  fs.renameSync(tmp, file);
  return file;
}

/** Problems that make `value` not a pack-run record, as sentences; empty when it is one. */
export function packRunProblems(value: unknown): string[] {
  const problems: string[] = [];
  const r = value as Partial<PackRunRecord> | null;
  if (r === null || typeof r !== 'object') return ['is not a JSON object'];
  if (r.recordVersion !== 1) problems.push(`recordVersion must be 1, got ${JSON.stringify(r.recordVersion)}`);
  if (typeof r.plugin !== 'string' || r.plugin === '') problems.push('plugin must be a non-empty string');
  if (typeof r.pluginVersion !== 'string') problems.push('pluginVersion must be a string');
  if (!Array.isArray(r.templates) || r.templates.some((t) => typeof t?.path !== 'string' || typeof t?.resourcesChecked !== 'number')) {
    problems.push('templates must be a list of { path, resourcesChecked }');
  }
  if (r.rules !== undefined && (!Array.isArray(r.rules) || r.rules.some((x) => typeof x?.id !== 'string' || typeof x?.perTemplate !== 'object'))) {
    problems.push('rules must be a list of { id, perTemplate }');
  }
  if (typeof r.violations !== 'number') problems.push('violations must be a number');
  if (typeof r.success !== 'boolean') problems.push('success must be true or false');
  return problems;
}

/**
 * Reads every pack-run record under `root` (a cdk.out folder), keyed by plugin name. An absent
 * folder gives an empty map: no pack recorded a run.
 *
 * @throws Error naming the file and what is wrong when a record is not valid JSON or not a record
 */
export function readPackRuns(root: string): Map<string, PackRunRecord> {
  const dir = path.join(root, PACK_RUNS_DIR);
  const out = new Map<string, PackRunRecord>();
  if (!fs.existsSync(dir)) return out;
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const file = path.join(dir, name);
    let value: unknown;
    try {
      value = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`${file}: not valid JSON (${(e as Error).message}). Synthesise again to rewrite the pack-run records.`);
    }
    const problems = packRunProblems(value);
    if (problems.length > 0) throw new Error(`${file}: not a pack-run record: ${problems.join('; ')}. Synthesise again to rewrite it.`);
    const record = value as PackRunRecord;
    out.set(record.plugin, record);
  }
  return out;
}
