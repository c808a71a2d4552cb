import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { readValidationReport, VALIDATION_REPORT_FILE } from '../assembly';

/** The plugin name CDK records guard findings under; acknowledge as `cdk-validator-cfnguard::<rule_name>`. */
export const GUARD_PLUGIN_NAME = 'cdk-validator-cfnguard';

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
      if (!fs.existsSync(path.join(outdir, VALIDATION_REPORT_FILE))) throw e;
    }
    const report = readValidationReport(path.join(outdir, VALIDATION_REPORT_FILE));
    const failures: string[] = [];
    let acknowledged = 0;
    for (const plugin of report.plugins.filter((p) => p.plugin === GUARD_PLUGIN_NAME)) {
      if (plugin.metadata?.error) failures.push(`${plugin.plugin} failed to run: ${plugin.metadata.error}`);
      for (const v of plugin.violations) {
        const where = v.resources.map((c) => c.constructPath || c.logicalId || '?').join(', ');
        failures.push(`${v.ruleName}: ${v.description.split('\n')[0]}\n      at ${where}\n      fix it, or acknowledge '${GUARD_PLUGIN_NAME}::${v.ruleName}' with a reason`);
      }
      acknowledged += plugin.suppressed.length;
    }
    return { failures, acknowledged };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
