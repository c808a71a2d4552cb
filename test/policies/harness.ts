import { App, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { COULD_NOT_EVALUATE, NhsTrustChecks } from '../../policies/nhs-trust-checks';
import type { NhsRule } from '../../policies/rule';

/**
 * Runs one NHS rule through the real pack over `scope`, and fails the calling test when the rule
 * threw on any resource: cdk-nag would report a throw as a finding, so without this a crashing
 * rule would pass every "fails ..." test.
 *
 * @returns the pack's violations, each as `<rule id> <construct path>`
 */
export function runRule(rule: NhsRule, scope: IConstruct): Array<{ ruleName: string; path: string }> {
  const pack = new NhsTrustChecks(undefined, { rules: [rule] });
  const report = pack.validateScope(scope);
  const crashes = report.violations.filter((v) => v.ruleName.startsWith(`NHS-${COULD_NOT_EVALUATE}[`));
  const errors = [...(pack.lastRunCounts.rules.get(`NHS-${rule.id}`)?.values() ?? [])].reduce((n, c) => n + c.errors, 0);
  if (crashes.length > 0 || errors > 0) {
    throw new Error(`NHS-${rule.id} threw instead of judging: ${crashes.map((c) => c.description).join(' | ') || `${errors} error(s)`}`);
  }
  return report.violations.flatMap((v) => v.violatingResources.map((r) => ({ ruleName: v.ruleName, path: r.constructPath ?? '' })));
}

/** A stack in eu-west-2 (optionally with stack tags) in a fresh app, built by `build`. */
export function testStack(build: (stack: Stack) => void, stackProps: { tags?: Record<string, string> } = {}): Stack {
  const stack = new Stack(new App(), 'Test', { env: { region: 'eu-west-2' }, ...stackProps });
  build(stack);
  return stack;
}

/**
 * Runs one NHS rule over a stack built by `build`, and returns the construct paths (below the
 * stack) of the resources it reports: empty when everything is compliant or not applicable.
 * Fails the test if the rule throws.
 */
export function violationsOf(rule: NhsRule, build: (stack: Stack) => void, stackProps: { tags?: Record<string, string> } = {}): string[] {
  return runRule(rule, testStack(build, stackProps)).map((v) => v.path.replace(/^Test\//, ''));
}

/**
 * Like {@link violationsOf}, but each finding as `<rule id> <construct path>`, sorted, so rules
 * that report per finding (`NHS-Rule[us-east-1]`) can be asserted exactly.
 */
export function findingsOf(rule: NhsRule, build: (stack: Stack) => void): string[] {
  return runRule(rule, testStack(build))
    .map((v) => `${v.ruleName} ${v.path.replace(/^Test\//, '')}`)
    .sort();
}
