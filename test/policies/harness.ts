import { App, Stack } from 'aws-cdk-lib';
import { NhsTrustChecks } from '../../policies/nhs-trust-checks';
import type { NhsRule } from '../../policies/rule';

/**
 * Runs one NHS rule through the real pack over a stack built by `build`, and returns the
 * construct paths of the resources it reports (empty when everything is compliant or not applicable).
 */
export function violationsOf(rule: NhsRule, build: (stack: Stack) => void, stackProps: { tags?: Record<string, string> } = {}): string[] {
  const app = new App();
  const stack = new Stack(app, 'Test', { env: { region: 'eu-west-2' }, ...stackProps });
  build(stack);
  const report = new NhsTrustChecks(undefined, { rules: [rule] }).validateScope(stack);
  return report.violations.flatMap((v) => v.violatingResources.map((r) => (r.constructPath ?? '').replace(/^Test\//, '')));
}
