import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { NHS_RULES } from '../../policies/rules';
import { runRule } from './harness';

/**
 * Every rule ships a fixture (`test/policies/fixtures/<RuleName>.json`): a plain CloudFormation
 * template with one seeded violation, the same template with it fixed, the violating logical id,
 * and optional stack tags (for rules that read them). Each runs through CfnInclude and the real
 * pack, as `rootstock check` loads templates, so every rule is proven on plain CloudFormation,
 * not only on constructs. The fixture files drive the test: a fixture with no rule, or a rule
 * with no fixture, fails.
 */
interface Fixture {
  noncompliant: Record<string, unknown>;
  compliant: Record<string, unknown>;
  violatingLogicalId: string;
  /** Stack-level tags for rules that read them (e.g. { "nhs:environment": "prod" }). */
  stackTags?: Record<string, string>;
}

const FIXTURE_DIR = path.join(__dirname, 'fixtures');
const fixtures = fs
  .readdirSync(FIXTURE_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [path.basename(f, '.json'), JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, f), 'utf8')) as Fixture] as const);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhs-fixtures-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Loads `template` with CfnInclude and returns `<rule id> <logical id>` for each finding of `ruleId` (fails on a throwing rule). */
function findings(ruleId: string, template: Record<string, unknown>, variant: string, tags?: Record<string, string>): string[] {
  const rule = NHS_RULES.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`fixture ${ruleId}.json names no rule in NHS_RULES`);
  const file = path.join(dir, `${ruleId}.${variant}.json`);
  fs.writeFileSync(file, JSON.stringify(template));
  const stack = new Stack(new App(), 'Fixture', { env: { region: 'eu-west-2' }, tags });
  new CfnInclude(stack, 'Template', { templateFile: file, preserveLogicalIds: true });
  return runRule(rule, stack).map((v) => `${v.ruleName} ${v.path.replace(/^Fixture\/Template\//, '')}`);
}

describe('rule fixtures: plain CloudFormation with one seeded violation, and the fixed template', () => {
  test('every rule in the pack has a fixture, and every fixture names a rule in the pack', () => {
    expect(fixtures.map(([name]) => name)).toEqual(NHS_RULES.map((r) => r.id).sort());
  });

  test.each(fixtures)('NHS-%s: reports exactly the seeded violation, and passes the fixed template', (name, fixture) => {
    const found = findings(name, fixture.noncompliant, 'noncompliant', fixture.stackTags);
    expect(found).toHaveLength(1);
    // Rules that return finding lists report as NHS-<Rule>[<finding>].
    expect(found[0]).toMatch(new RegExp(`^NHS-${name}(\\[[^\\]]+\\])? ${fixture.violatingLogicalId}$`));
    expect(findings(name, fixture.compliant, 'compliant', fixture.stackTags)).toEqual([]);
  });
});
