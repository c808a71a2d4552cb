import * as fs from 'fs';
import * as path from 'path';
import { checkTemplates } from '../../lib/check/check';
import { NHS_RULES } from '../../policies/rules';

/**
 * Every rule ships a fixture (`test/policies/fixtures/<RuleName>.json`): a template with one
 * seeded violation, the same template with it fixed, the violating logical id, and optional
 * stack tags (for rules that read them, as `rootstock check` applies from a cdk.out manifest). Each is run
 * through `rootstock check`'s own code path (CfnInclude + the NHS pack), so a rule is proven on
 * plain CloudFormation, not only on constructs.
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

describe('rule fixtures through rootstock check', () => {
  test('every rule in the pack has a fixture, and every fixture names a rule in the pack', () => {
    const ruleIds = NHS_RULES.map((r) => r.id).sort();
    expect(fixtures.map(([name]) => name)).toEqual(ruleIds);
  });

  describe.each(fixtures)('NHS-%s', (name, fixture) => {
    test('the fixture is well formed', () => {
      expect(Object.keys(fixture.noncompliant.Resources as object)).toContain(fixture.violatingLogicalId);
      expect(fixture.compliant.Resources).toEqual(expect.any(Object));
    });

    test('reports the seeded violation on the named resource', () => {
      const { findings } = checkTemplates([{ file: `${name}.noncompliant.json`, template: fixture.noncompliant, stackTags: fixture.stackTags }], ['nhs']);
      // Rules that return finding lists report as NHS-<Rule>[<finding>].
      const mine = findings.filter((f) => f.ruleId === `NHS-${name}` || f.ruleId.startsWith(`NHS-${name}[`));
      expect(mine.map((f) => f.logicalId)).toContain(fixture.violatingLogicalId);
    });

    test('does not report the fixed template', () => {
      const { findings } = checkTemplates([{ file: `${name}.compliant.json`, template: fixture.compliant, stackTags: fixture.stackTags }], ['nhs']);
      expect(findings.filter((f) => f.ruleId === `NHS-${name}` || f.ruleId.startsWith(`NHS-${name}[`))).toEqual([]);
    });
  });
});
