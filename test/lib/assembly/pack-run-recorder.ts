// Test fixture: records each validation plugin's run into the cloud assembly in the pack-run
// record contract (rootstock-pack-runs/<plugin>.json) that the policies pack's wrapper writes, so
// the evidence and assembly tests can run before that wrapper is wired into the app.
import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, type IPolicyValidationContext, type IPolicyValidationPlugin, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { PACK_RUNS_DIR, type PackRunRecord, type RuleCounts } from '../../../lib/assembly';
import { includeTemplate } from '../../../lib/check/check';
import { clearCfnViewCache } from '../../../policies/cfn';
import { NHS_RULES } from '../../../policies/rules';

/** The deepest folder holding every file. */
function commonRoot(files: readonly string[]): string {
  const parts = files.map((f) => path.dirname(path.resolve(f)).split(path.sep));
  let n = parts[0].length;
  for (const p of parts) {
    let i = 0;
    while (i < n && p[i] === parts[0][i]) i++;
    n = i;
  }
  return parts[0].slice(0, n).join(path.sep) || path.sep;
}

/** Each NHS rule's results over one template: resources by result, as the NHS pack counts them. */
export function countNhsRules(file: string): { resources: number; rules: Map<string, RuleCounts> } {
  const template = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const rules = new Map<string, RuleCounts>();
  if (Object.keys((template.Resources ?? {}) as object).length === 0) return { resources: 0, rules };
  const included = includeTemplate({ file, template });
  const nodes = included.stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c));
  clearCfnViewCache();
  for (const rule of NHS_RULES) {
    const c = { compliant: 0, nonCompliant: 0, notApplicable: 0, errors: 0 };
    for (const node of nodes) {
      let result: unknown;
      try {
        result = rule.check(node);
      } catch {
        c.errors++;
        continue;
      }
      if (result === NagRuleCompliance.NOT_APPLICABLE) c.notApplicable++;
      else if (result === NagRuleCompliance.COMPLIANT || (Array.isArray(result) && result.length === 0)) c.compliant++;
      else c.nonCompliant++;
    }
    if (c.compliant + c.nonCompliant + c.errors > 0) rules.set(`NHS-${rule.id}`, c);
  }
  clearCfnViewCache();
  return { resources: nodes.length, rules };
}

/** Wraps a validation plugin and writes its pack-run record after it runs. */
export class PackRunRecorder implements IPolicyValidationPlugin {
  public readonly name: string;

  constructor(private readonly plugin: IPolicyValidationPlugin, private readonly options: { version?: string; ruleCount?: number } = {}) {
    this.name = plugin.name;
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = this.plugin.validate(context);
    const files = context.templatePaths;
    if (files.length === 0) return report;
    const root = commonRoot(files);
    const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
    const nhs = this.name === 'NhsTrustChecks';
    const counted = nhs ? new Map(files.map((f) => [f, countNhsRules(f)])) : undefined;
    const ruleIds = nhs ? NHS_RULES.map((r) => `NHS-${r.id}`) : [];
    const record: PackRunRecord = {
      recordVersion: 1,
      plugin: this.name,
      pluginVersion: this.options.version ?? '0.0.0-test',
      ...(nhs ? { ruleListVersion: `test-${ruleIds.length}`, ruleCount: ruleIds.length } : this.options.ruleCount !== undefined ? { ruleCount: this.options.ruleCount } : {}),
      templates: files.map((f) => ({
        path: rel(f),
        resourcesChecked: counted?.get(f)?.resources ?? Object.keys((JSON.parse(fs.readFileSync(f, 'utf8')) as { Resources?: object }).Resources ?? {}).length,
      })),
      ...(counted ? { rules: ruleIds.map((id) => ({ id, perTemplate: Object.fromEntries(files.filter((f) => counted.get(f)!.rules.has(id)).map((f) => [rel(f), counted.get(f)!.rules.get(id)!])) })) } : {}),
      violations: report.violations.reduce((n, v) => n + v.violatingResources.length, 0),
      success: report.success,
    };
    fs.mkdirSync(path.join(root, PACK_RUNS_DIR), { recursive: true });
    fs.writeFileSync(path.join(root, PACK_RUNS_DIR, `${this.name}.json`), `${JSON.stringify(record, null, 2)}\n`);
    return report;
  }
}
