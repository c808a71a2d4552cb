import { controlStatus, ruleResultsFromRecord, type RuleResult } from '../../policies/control-status';
import type { PackRunRecord } from '../../policies/pack-run';

const TODAY = '2026-11-28';
const pass = (ruleId: string, n = 1): RuleResult => ({ ruleId, counts: { compliant: n, nonCompliant: 0, notApplicable: 0, errors: 0 }, openFindings: 0, acknowledged: [] });
const absent = (ruleId: string): RuleResult => ({ ruleId, openFindings: 0, acknowledged: [] });
const fail = (ruleId: string): RuleResult => ({ ruleId, counts: { compliant: 1, nonCompliant: 1, notApplicable: 0, errors: 0 }, openFindings: 1, acknowledged: [] });
const acked = (ruleId: string, ack: Partial<{ reason: string; approvedBy: string; expires: string }>): RuleResult => ({
  ruleId,
  counts: { compliant: 1, nonCompliant: 1, notApplicable: 0, errors: 0 },
  openFindings: 0,
  acknowledged: [{ resource: 'Stack/Key', ...ack }],
});
const VALID = { reason: 'Imported key material rotated yearly by the HSM', approvedBy: 'J Smith, SIRO', expires: '2027-03-31' };

function status(rules: RuleResult[], packRan = true) {
  return controlStatus({ controlId: 'B3.c', packRan, rules, today: TODAY });
}

describe('controlStatus: what "met" means', () => {
  test('met: at least two distinct rules applied and every one passed on every resource', () => {
    expect(status([pass('NHS-A', 3), pass('NHS-B'), absent('NHS-C')])).toEqual({
      controlId: 'B3.c',
      status: 'met',
      why: '2 rules passed on all 4 resource judgements',
      rulesApplied: ['NHS-A', 'NHS-B'],
      resourcesJudged: 4,
    });
  });

  test('partially evidenced: everything passed but only one rule applied (one user pool is not enough)', () => {
    expect(status([pass('NHS-A', 1), absent('NHS-B')])).toEqual(expect.objectContaining({ status: 'partially evidenced', why: expect.stringMatching(/only 1 rule applied \(NHS-A\)/) }));
  });

  test('not met: an open finding, or a resource a rule could not evaluate', () => {
    expect(status([pass('NHS-A'), fail('NHS-B')]).status).toBe('not met');
    expect(status([pass('NHS-A'), { ruleId: 'NHS-B', counts: { compliant: 0, nonCompliant: 0, notApplicable: 0, errors: 1 }, openFindings: 0, acknowledged: [] }])).toEqual(
      expect.objectContaining({ status: 'not met', why: '1 resource(s) could not be evaluated' }),
    );
  });

  test('acknowledged: every failure accepted with reason, approver and an unexpired date', () => {
    expect(status([pass('NHS-A'), acked('NHS-B', VALID)]).status).toBe('acknowledged');
  });

  test.each([
    ['no reason', { ...VALID, reason: ' ' }, 'has no reason'],
    ['no approver', { ...VALID, approvedBy: undefined }, 'has no approver'],
    ['no expiry', { ...VALID, expires: undefined }, 'has no expiry date'],
    ['an expired date', { ...VALID, expires: '2026-11-27' }, 'expired on 2026-11-27'],
  ])('not met: an acknowledgement with %s does not count', (_name, ack, why) => {
    expect(status([pass('NHS-A'), acked('NHS-B', ack)])).toEqual(expect.objectContaining({ status: 'not met', why: `the acknowledgement of NHS-B on Stack/Key ${why}` }));
  });

  test('an acknowledgement that expires today still holds', () => {
    expect(status([pass('NHS-A'), acked('NHS-B', { ...VALID, expires: TODAY })]).status).toBe('acknowledged');
  });

  test('not applicable: no mapped rule judged any resource', () => {
    expect(status([absent('NHS-A'), { ruleId: 'NHS-B', counts: { compliant: 0, nonCompliant: 0, notApplicable: 2, errors: 0 }, openFindings: 0, acknowledged: [] }]).status).toBe('not applicable');
  });

  test('not assessed: the NHS pack did not run, or no rule maps to the control (whatever else is passed)', () => {
    expect(status([pass('NHS-A'), pass('NHS-B')], false)).toEqual(expect.objectContaining({ status: 'not assessed', why: expect.stringMatching(/NHS pack did not run/) }));
    expect(status([]).status).toBe('not assessed');
  });

  test('ruleResultsFromRecord reads counts for one template and sums finding ids with suffixes under their rule', () => {
    const record: PackRunRecord = {
      recordVersion: 1,
      plugin: 'NhsTrustChecks',
      pluginVersion: '0.1.0',
      templates: [{ path: 'A.template.json', resourcesChecked: 2 }],
      rules: [{ id: 'NHS-ResidencyRegionReferencesUk', perTemplate: { 'A.template.json': { compliant: 1, nonCompliant: 1, notApplicable: 0, errors: 0 } } }],
      violations: 2,
      success: false,
    };
    const results = ruleResultsFromRecord(record, 'A.template.json', ['NHS-ResidencyRegionReferencesUk', 'NHS-KMSKeyRetained'], {
      open: new Map([['NHS-ResidencyRegionReferencesUk[us-east-1]', 1], ['NHS-ResidencyRegionReferencesUk[eu-west-1]', 1]]),
      acknowledged: new Map([['NHS-KMSKeyRetained', [{ resource: 'A/Key', ...VALID }]]]),
    });
    expect(results).toEqual([
      { ruleId: 'NHS-ResidencyRegionReferencesUk', counts: { compliant: 1, nonCompliant: 1, notApplicable: 0, errors: 0 }, openFindings: 2, acknowledged: [] },
      { ruleId: 'NHS-KMSKeyRetained', counts: undefined, openFindings: 0, acknowledged: [{ resource: 'A/Key', ...VALID }] },
    ]);
  });
});
