import { NagRuleCompliance } from 'cdk-nag';
import { CAF_VERSION, controlsCatalogue, DSPT_CONTROLS, dsptControl, NCSC_PRINCIPLES } from '../../policies/controls';
import { defineRule, NagMessageLevel, type NhsRule } from '../../policies/rule';
import { NHS_RULES } from '../../policies/rules';
import { mdCell, renderRulesMarkdown } from '../../policies/rules-md';

function ruleCiting(dspt: string[], ncsc: number[]): NhsRule {
  // Built without defineRule so the catalogue's own check is what is under test.
  return { id: 'TestRule', level: NagMessageLevel.ERROR, info: 'i', explanation: 'e', controls: { dspt, ncsc, source: 's' }, check: () => NagRuleCompliance.COMPLIANT };
}

describe('controls catalogue', () => {
  test('records the CAF version and holds all 14 NCSC principles by number and name', () => {
    expect(CAF_VERSION).toMatch(/CAF v4\.0/);
    expect(NCSC_PRINCIPLES.map((p) => p.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(NCSC_PRINCIPLES[0].name).toBe('Data in transit protection');
    expect(NCSC_PRINCIPLES[12].name).toBe('Audit information and alerting for customers');
  });

  test('holds objectives A to E and the outcomes the rules cite, with names', () => {
    expect(DSPT_CONTROLS.filter((c) => c.level === 'objective').map((c) => c.id)).toEqual(['A', 'B', 'C', 'D', 'E']);
    for (const id of ['B3.c', 'B3.b', 'C1.a', 'C1.b', 'C1.c', 'B2.a', 'B2.c', 'B2.d', 'B4.b', 'B4.d', 'B5.c', 'C2.a', 'D1', 'D1.a', 'A3', 'A3.a', 'A4.a', 'E']) {
      expect(dsptControl(id)?.name).toEqual(expect.any(String));
    }
    expect(dsptControl('B3.c')).toEqual({ id: 'B3.c', name: 'Stored data', level: 'outcome', objective: 'B' });
    expect(new Set(DSPT_CONTROLS.map((c) => c.id)).size).toBe(DSPT_CONTROLS.length);
  });

  test('maps every rule in the pack to at least one DSPT control and one NCSC principle', () => {
    const catalogue = controlsCatalogue();
    expect(catalogue.rules.map((r) => r.ruleId)).toEqual(NHS_RULES.map((r) => `NHS-${r.id}`));
    for (const entry of catalogue.rules) {
      expect(entry.dspt.length).toBeGreaterThan(0);
      expect(entry.ncsc.length).toBeGreaterThan(0);
      expect(entry.source).not.toBe('');
    }
  });

  test('maps each control back to the rules that evidence it', () => {
    const catalogue = controlsCatalogue();
    expect(catalogue.controls.find((c) => c.id === 'B3.c')?.ruleIds).toContain('NHS-KMSKeyRotationEnabled');
    expect(catalogue.controls.find((c) => c.id === 'NCSC-2')?.ruleIds).toContain('NHS-KMSKeyRotationEnabled');
    expect(catalogue.ruleControls('KMSKeyRotationEnabled')?.dspt.map((d) => d.id)).toEqual(['B3.c']);
    expect(catalogue.ruleControls('NHS-KMSKeyRotationEnabled')?.ncsc.map((n) => n.id)).toEqual([2]);
    expect(catalogue.ruleControls('NHS-NoSuchRule')).toBeUndefined();
  });

  test('fails to load when a rule cites an unknown DSPT outcome, naming the rule and the id', () => {
    expect(() => controlsCatalogue([ruleCiting(['B3.z'], [2])])).toThrow(/rule TestRule cites DSPT 'B3\.z', which is not in the catalogue/);
  });

  test('fails to load when a rule cites an unknown NCSC principle', () => {
    expect(() => controlsCatalogue([ruleCiting(['B3.c'], [15])])).toThrow(/rule TestRule cites NCSC principle 15, which is not one of the 14/);
  });

  test('fails to load when a rule cites no controls', () => {
    expect(() => controlsCatalogue([ruleCiting([], [])])).toThrow(/cites no DSPT outcome[\s\S]*cites no NCSC principle/);
  });

  test('loads a rule declared through defineRule with principle-level ids', () => {
    const rule = defineRule({ ...ruleCiting(['D1', 'E'], [13]), id: 'AnotherRule' });
    expect(controlsCatalogue([rule]).rules[0].dspt.map((d) => d.name)).toEqual(['Response and recovery planning', 'Using and sharing information appropriately']);
  });
});

describe('RULES.md', () => {
  test('has a table per level listing each rule with cause, explanation and named controls', () => {
    const md = renderRulesMarkdown();
    expect(md).toMatch(/## Errors \(\d+\)\n\n\| Rule \| Cause \| Explanation \| Controls \|/);
    expect(md).toMatch(/## Warnings \(\d+\)/);
    expect(md).toMatch(/\| NHS-KMSKeyRotationEnabled \| The symmetric KMS key does not have automatic key rotation enabled\. \| Rotating key material .* \| DSPT B3\.c Stored data<br>NCSC 2 Asset protection and resilience<br>Source: /);
    for (const rule of NHS_RULES) expect(md).toContain(`| NHS-${rule.id} |`);
  });

  test('escapes pipes in rule text so a table row cannot break', () => {
    expect(mdCell('a | b\nc')).toBe('a \\| b c');
  });
});
