// AWS Control Tower proactive controls over every trust config: synthesises each trusts/*.yaml
// with @cdklabs/cdk-validator-cfnguard registered and fails on any unacknowledged failure.
// Slow (cfn-guard over every resource), so it runs as `npm run check:guard` in CI, not in jest.
// Acknowledge a guard finding in code with
//   acknowledge(scope, 'cdk-validator-cfnguard::<rule_name>', { reason, approvedBy, expires }).
// Usage: tsx scripts/guard-check.ts [trustsDir]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { buildRootstockApp } from '../lib/app';
import { loadTrustDir } from '../lib/config/loader';
import { isUserError } from '../lib/errors';

interface GuardViolation {
  ruleName: string;
  description?: string;
  suggestedFix?: string;
  violatingConstructs?: Array<{ constructPath?: string; cloudFormationResource?: { logicalId?: string } }>;
  acknowledgedId?: string;
}
interface GuardReport {
  pluginReports: Array<{ pluginName: string; metadata?: Record<string, string>; violations?: GuardViolation[]; suppressedViolations?: GuardViolation[] }>;
}

/** One trust's guard result: unacknowledged failures and the count of acknowledged ones. */
interface TrustGuardResult {
  readonly trust: string;
  readonly failures: string[];
  readonly acknowledged: number;
}

function checkTrust(trustsDir: string, trust: string): TrustGuardResult {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-guard-'));
  try {
    // CloudFormation schema validation runs in `npm run synth`; here only the guard rules matter.
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    buildRootstockApp(app, { trustsDir, trust, checks: false });
    // cfn-guard prints ~10 KB per resource; the default 1 MB buffer is too small for a full trust stack.
    Validations.of(app).addPlugins(new CfnGuardValidator({ maxBuffer: 256 * 1024 * 1024 }));
    try {
      app.synth({ validateOnSynthesis: false });
    } catch (e) {
      if (!fs.existsSync(path.join(outdir, 'validation-report.json'))) throw e;
    }
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as GuardReport;
    const failures: string[] = [];
    let acknowledged = 0;
    for (const plugin of report.pluginReports) {
      if (plugin.metadata?.error) failures.push(`${plugin.pluginName} failed to run: ${plugin.metadata.error}`);
      for (const v of plugin.violations ?? []) {
        const where = (v.violatingConstructs ?? []).map((c) => c.constructPath || c.cloudFormationResource?.logicalId || '?').join(', ');
        failures.push(`${v.ruleName}: ${(v.description ?? '').trim().split('\n')[0]}\n      at ${where}\n      acknowledge as 'cdk-validator-cfnguard::${v.ruleName}' if accepted`);
      }
      acknowledged += (plugin.suppressedViolations ?? []).length;
    }
    return { trust, failures, acknowledged };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function main(): number {
  const trustsDir = path.resolve(process.argv[2] ?? 'trusts');
  const trusts = loadTrustDir(trustsDir);
  if (trusts.length === 0) {
    process.stderr.write(`No trust configs in ${trustsDir}.\n`);
    return 2;
  }
  let failed = 0;
  for (const { file, config } of trusts) {
    const trust = path.basename(file).replace(/\.[^.]+$/, '');
    const started = Date.now();
    const result = checkTrust(trustsDir, trust);
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    if (result.failures.length === 0) {
      process.stdout.write(`ok ${path.basename(file)} (${config.odsCode}-${config.environment}): Control Tower proactive controls pass (${result.acknowledged} acknowledged, ${secs}s)\n`);
    } else {
      failed += result.failures.length;
      process.stdout.write(`FAIL ${path.basename(file)} (${config.odsCode}-${config.environment}): ${result.failures.length} unacknowledged failure(s), ${result.acknowledged} acknowledged (${secs}s)\n`);
      for (const f of result.failures) process.stdout.write(`  - ${f}\n`);
    }
  }
  return failed === 0 ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (e) {
  process.stderr.write(`${isUserError(e) ? (e as Error).message : (e as Error).stack}\n`);
  process.exitCode = isUserError(e) ? (e as { exitCode: number }).exitCode : 70;
}
