import { NagRuleCompliance } from 'cdk-nag';
import { isControlId } from '../../policies/control-ids';
import { CAF_VERSION, CLAIMED_CONTROLS, controlLabels, controlsCatalogue, DSPT_CONTROLS, dsptControl, NCSC_PRINCIPLES, UNEVIDENCED_OUTCOMES } from '../../policies/controls';
import { defineRule, NagMessageLevel, type NhsRule, type RuleControlMap } from '../../policies/rule';
import { NHS_RULES } from '../../policies/rules';
import { mdCell, renderRulesMarkdown } from '../../policies/rules-md';

const WHY = 'a justification long enough to read';

function ruleCiting(controls: Record<string, string>): NhsRule {
  // Built without defineRule so the catalogue's own check is what is under test.
  return {
    id: 'TestRule',
    level: NagMessageLevel.ERROR,
    info: 'i',
    explanation: 'e',
    resourceTypes: ['AWS::S3::Bucket'],
    controls: controls as RuleControlMap,
    source: 's',
    check: () => NagRuleCompliance.COMPLIANT,
  };
}

describe('controls catalogue', () => {
  test('records the CAF version and holds all 14 NCSC principles by number, canonical id and name', () => {
    expect(CAF_VERSION).toMatch(/CAF v4\.0/);
    expect(NCSC_PRINCIPLES.map((p) => p.controlId)).toEqual(Array.from({ length: 14 }, (_, i) => `NCSC-${i + 1}`));
    expect(NCSC_PRINCIPLES[0].name).toBe('Data in transit protection');
    expect(NCSC_PRINCIPLES[12].name).toBe('Audit information and alerting for customers');
  });

  test('holds objectives A to E and the contributing outcomes, each id once', () => {
    expect(DSPT_CONTROLS.filter((c) => c.level === 'objective').map((c) => c.id)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(dsptControl('B3.c')).toEqual({ id: 'B3.c', name: 'Stored data', level: 'outcome', objective: 'B' });
    expect(new Set(DSPT_CONTROLS.map((c) => c.id)).size).toBe(DSPT_CONTROLS.length);
  });

  test('every rule cites only contributing outcomes and principles in canonical form, each with a justification', () => {
    const catalogue = controlsCatalogue();
    expect(catalogue.rules.map((r) => r.ruleId)).toEqual(NHS_RULES.map((r) => `NHS-${r.id}`));
    for (const entry of catalogue.rules) {
      expect(entry.mappings.some((m) => m.framework === 'DSPT')).toBe(true);
      expect(entry.mappings.some((m) => m.framework === 'NCSC')).toBe(true);
      for (const m of entry.mappings) {
        expect(isControlId(m.controlId)).toBe(true);
        if (m.framework === 'DSPT') expect(dsptControl(m.controlId)?.level).toBe('outcome');
        // The justification cites the control it justifies (its id or its principle number).
        expect(m.justification).toContain(m.controlId.replace(/\.[a-z]$/, ''));
      }
    }
  });

  test('every claimed control has at least two distinct rules; D1.a and D1.c are explained, not claimed', () => {
    const catalogue = controlsCatalogue();
    expect(CLAIMED_CONTROLS).toHaveLength(22);
    for (const id of CLAIMED_CONTROLS) {
      const entry = catalogue.controls.find((c) => c.id === id);
      expect({ id, claimed: entry?.claimed, rules: (entry?.ruleIds.length ?? 0) >= 2 }).toEqual({ id, claimed: true, rules: true });
    }
    expect(Object.keys(UNEVIDENCED_OUTCOMES).sort()).toEqual(['D1.a', 'D1.c']);
    for (const id of Object.keys(UNEVIDENCED_OUTCOMES)) expect(catalogue.controls.find((c) => c.id === id)?.ruleIds).toEqual([]);
  });

  test('the mappings the review found wrong are gone, and their replacements are in place', () => {
    const catalogue = controlsCatalogue();
    const ids = (rule: string) => catalogue.ruleControls(rule)!.mappings.map((m) => m.controlId);
    expect(ids('ResidencyRegionReferencesUk')).toEqual(['B3.c', 'NCSC-2']);
    expect(ids('ResidencyS3ReplicationDestinationUk')).toEqual(['B3.c', 'NCSC-2']);
    expect(ids('CognitoUserPoolRetained')).not.toEqual(expect.arrayContaining(['B2.a']));
    expect(ids('CognitoUserPoolRetained')).not.toContain('NCSC-9');
    expect(ids('SecretsManagerSecretKmsEncrypted')).not.toContain('B2.d');
    for (const r of ['KMSKeyRetained', 'KMSKeyDeletionWindowMaximum', 'HealthLakeDatastoreRetained']) expect(ids(r)).not.toContain('B5.c');
    expect(ids('HealthLakeDatastoreNoSyntheticDataInProd')).not.toContain('NCSC-7');
    expect(ids('LogsLogGroupRetentionMinimum')).toEqual(['C1.b', 'NCSC-13']);
    expect(ids('DynamoDBTablePointInTimeRecovery')).toEqual(['B5.c', 'NCSC-2']);
    // No rule cites a principle or objective (D1, E, A3) instead of a contributing outcome.
    for (const e of catalogue.rules) for (const m of e.mappings) expect(m.controlId).toMatch(/^([A-E]\d\.[a-z]|NCSC-\d+)$/);
  });

  test('maps each control back to the rules that evidence it', () => {
    const catalogue = controlsCatalogue();
    expect(catalogue.controls.find((c) => c.id === 'B3.c')?.ruleIds).toContain('NHS-KMSKeyRotationEnabled');
    expect(catalogue.controls.find((c) => c.id === 'NCSC-2')?.ruleIds).toContain('NHS-KMSKeyRotationEnabled');
    expect(catalogue.controls.find((c) => c.id === 'C1.c')?.ruleIds).toEqual(
      expect.arrayContaining(['NHS-CloudWatchAlarmActionsEnabled', 'NHS-LogsMetricFilterAlarmed', 'NHS-GuardDutyDetectorFindingsRouted']),
    );
    expect(catalogue.ruleControls('NHS-KMSKeyRotationEnabled')?.ncsc.map((n) => n.controlId)).toEqual(['NCSC-2']);
    expect(controlLabels(catalogue.ruleControls('KMSKeyRotationEnabled')!)).toEqual(['B3.c Stored data', 'NCSC-2 Asset protection and resilience']);
    expect(catalogue.ruleControls('NHS-NoSuchRule')).toBeUndefined();
  });

  test('fails to load when a rule cites an unknown outcome, naming the rule and the id', () => {
    expect(() => controlsCatalogue([ruleCiting({ 'B3.z': WHY, 'NCSC-2': WHY })])).toThrow(/rule TestRule cites DSPT 'B3\.z', which is not a contributing outcome/);
  });

  test('fails to load when a rule cites a principle-level DSPT id or a principle beyond 14', () => {
    expect(() => controlsCatalogue([ruleCiting({ D1: WHY, 'NCSC-2': WHY })])).toThrow(/cites DSPT 'D1'/);
    expect(() => controlsCatalogue([ruleCiting({ 'B3.c': WHY, 'NCSC-15': WHY })])).toThrow(/cites NCSC principle "NCSC-15", which is not one of the 14/);
  });

  test('defineRule refuses a rule with no justification, no NCSC principle, a non-canonical id or no resource types', () => {
    const rule = ruleCiting({ 'B3.c': WHY, 'NCSC-2': WHY });
    expect(() => defineRule({ ...rule, controls: { 'B3.c': '', 'NCSC-2': WHY } })).toThrow(/maps to 'B3\.c' without a one-line justification/);
    expect(() => defineRule({ ...rule, controls: { 'B3.c': WHY } })).toThrow(/must name at least one NCSC principle/);
    expect(() => defineRule({ ...rule, controls: { 'B3.c': WHY, ['NCSC 2' as 'NCSC-2']: WHY } })).toThrow(/cites 'NCSC 2', which is not/);
    expect(() => defineRule({ ...rule, resourceTypes: [] })).toThrow(/must list the CloudFormation types/);
  });
});

describe('RULES.md', () => {
  test('has a table per level listing each rule with its types, cause, explanation and every mapping with its justification', () => {
    const md = renderRulesMarkdown();
    expect(md).toMatch(/## Errors \(\d+\)\n\n\| Rule \| Resource types \| Cause \| Explanation \| Controls \(with why each applies\) \|/);
    expect(md).toMatch(/## Warnings \(\d+\)/);
    expect(md).toMatch(/\| NHS-KMSKeyRotationEnabled \| AWS::KMS::Key \| The symmetric KMS key does not have automatic key rotation enabled\. \| .* \| \*\*B3\.c\*\* Stored data: B3\.c\.3: .*<br>\*\*NCSC-2\*\* Asset protection and resilience: NCSC-2: .*<br>Source: /);
    for (const entry of controlsCatalogue().rules) {
      expect(md).toContain(`| ${entry.ruleId} |`);
      for (const m of entry.mappings) expect(md).toContain(mdCell(m.justification));
    }
  });

  test('lists every claimed control with its rules, and the unclaimed D1 outcomes with why', () => {
    const md = renderRulesMarkdown();
    expect(md).toMatch(/\| C1\.c \| Generating alerts \| 4: NHS-CloudWatchAlarmActionsEnabled, /);
    expect(md).toMatch(/\| D1\.a \| not claimed \| D1\.a asks for an up-to-date, documented incident response plan/);
  });

  test('escapes pipes in rule text so a table row cannot break', () => {
    expect(mdCell('a | b\nc')).toBe('a \\| b c');
  });
});
