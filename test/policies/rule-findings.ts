import { App, Stack } from 'aws-cdk-lib';
import { NhsTrustChecks } from '../../policies/nhs-trust-checks';
import type { NhsRule } from '../../policies/rule';

/**
 * Runs one NHS rule through the real pack over a stack built by `build`, and returns each
 * finding as `<rule id> <construct path>`, so rules that report per finding
 * (`NHS-Rule[us-east-1]`) can be asserted exactly.
 */
export function findingsOf(rule: NhsRule, build: (stack: Stack) => void): string[] {
  const app = new App();
  const stack = new Stack(app, 'Test', { env: { region: 'eu-west-2' } });
  build(stack);
  const report = new NhsTrustChecks(undefined, { rules: [rule] }).validateScope(stack);
  return report.violations
    .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${(r.constructPath ?? '').replace(/^Test\//, '')}`))
    .sort();
}
