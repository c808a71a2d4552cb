// AWS Control Tower proactive controls over every trust config: synthesises each trusts/*.yaml
// with @cdklabs/cdk-validator-cfnguard registered and fails on any unacknowledged failure.
// Slow (cfn-guard over every resource), so it runs as `npm run check:guard` in CI, not in jest.
// Acknowledge a guard finding in code with
//   acknowledge(scope, 'cdk-validator-cfnguard::<rule_name>', { reason, approvedBy, expires }).
// Usage: tsx scripts/guard-check.ts [trustsDir]
import * as path from 'path';
import { buildRootstockApp } from '../lib/app';
import { runGuardChecks } from '../lib/compliance/guard';
import { loadTrustDir } from '../lib/config/loader';
import { isUserError } from '../lib/errors';

function main(): number {
  const trustsDir = path.resolve(process.argv[2] ?? 'trusts');
  const trusts = loadTrustDir(trustsDir);
  if (trusts.length === 0) {
    process.stderr.write(`No trust configs in ${trustsDir}.\n`);
    return 2;
  }
  let failed = 0;
  for (const { file, config } of trusts) {
    const name = path.basename(file);
    const started = Date.now();
    const result = runGuardChecks((app) => buildRootstockApp(app, { trustsDir, trust: name.replace(/\.[^.]+$/, ''), checks: false }));
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    const label = `${name} (${config.odsCode}-${config.environment})`;
    if (result.failures.length === 0) {
      process.stdout.write(`ok ${label}: Control Tower proactive controls pass (${result.acknowledged} acknowledged, ${secs}s)\n`);
    } else {
      failed += result.failures.length;
      process.stdout.write(`FAIL ${label}: ${result.failures.length} unacknowledged failure(s), ${result.acknowledged} acknowledged (${secs}s)\n`);
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
