import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';

/** The plugin name CDK records guard findings under; acknowledge as `cdk-validator-cfnguard::<rule_name>`. */
export const GUARD_PLUGIN_NAME = 'cdk-validator-cfnguard';

interface GuardViolation {
  ruleName: string;
  description?: string;
  violatingConstructs?: Array<{ constructPath?: string; cloudFormationResource?: { logicalId?: string } }>;
}
interface GuardReport {
  pluginReports: Array<{ pluginName: string; metadata?: Record<string, string>; violations?: GuardViolation[]; suppressedViolations?: GuardViolation[] }>;
}

/** The result of running the Control Tower proactive controls over one app. */
export interface GuardResult {
  /** Unacknowledged failures: rule, message, construct paths, and how to acknowledge. */
  readonly failures: readonly string[];
  /** How many guard findings were acknowledged in code. */
  readonly acknowledged: number;
}

/**
 * Synthesises the app `build` fills, with the AWS Control Tower proactive controls
 * (`CfnGuardValidator`, cfn-guard) registered, and returns the unacknowledged failures.
 * Slow (cfn-guard per template): for CI scripts, not the quick test loop.
 */
export function runGuardChecks(build: (app: App) => void): GuardResult {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-guard-'));
  try {
    // CloudFormation schema validation runs in `npm run synth`; here only the guard rules matter.
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    build(app);
    // cfn-guard prints ~10 KB per resource; the default 1 MB buffer is too small for a full trust stack.
    Validations.of(app).addPlugins(new CfnGuardValidator({ maxBuffer: 256 * 1024 * 1024 }));
    try {
      app.synth();
    } catch (e) {
      if (!fs.existsSync(path.join(outdir, 'validation-report.json'))) throw e;
    }
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as GuardReport;
    const failures: string[] = [];
    let acknowledged = 0;
    for (const plugin of report.pluginReports.filter((p) => p.pluginName === GUARD_PLUGIN_NAME)) {
      if (plugin.metadata?.error) failures.push(`${plugin.pluginName} failed to run: ${plugin.metadata.error}`);
      for (const v of plugin.violations ?? []) {
        const where = (v.violatingConstructs ?? []).map((c) => c.constructPath || c.cloudFormationResource?.logicalId || '?').join(', ');
        failures.push(`${v.ruleName}: ${(v.description ?? '').trim().split('\n')[0]}\n      at ${where}\n      fix it, or acknowledge '${GUARD_PLUGIN_NAME}::${v.ruleName}' with a reason`);
      }
      acknowledged += (plugin.suppressedViolations ?? []).length;
    }
    return { failures, acknowledged };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
