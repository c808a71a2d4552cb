import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NhsTrustChecks } from '../../../policies/nhs-trust-checks';
import { acknowledge } from '../../../policies/acknowledge';
import { NHS_RULES } from '../../../policies/rules';
import { parseComplianceRecord, recordComplianceState, registeredPacks } from '../../../lib/fleet';
import { ROOTSTOCK_VERSION } from '../../../lib/version';

/** A validation plugin that finds nothing: the record names registered packs, whatever they are. */
const PASSING_PACK = { name: 'ExamplePack', validate: () => ({ success: true, violations: [] }) };

function recordOf(stack: Stack): unknown {
  const outputs = Template.fromStack(stack).findOutputs('RootstockCompliance');
  return JSON.parse((Object.values(outputs)[0] as { Value: string }).Value);
}

describe('recordComplianceState: what a stack was synthesised with, recorded in the stack', () => {
  test('records packs, rule list, acknowledged findings and the nearest expiry, including acknowledgements added later', () => {
    // GIVEN an app with a pack registered and a stack with one acknowledgement
    const app = new App();
    Validations.of(app).addPlugins(PASSING_PACK);
    const stack = new Stack(app, 'Trust');
    const a = new s3.Bucket(stack, 'A');
    const b = new s3.Bucket(stack, 'B');
    acknowledge(a, 'AwsSolutions-S1', { reason: 'Access logs go to the archive bucket itself.', approvedBy: 'J Smith, SIRO', expires: '2027-03-31' });
    // WHEN the record is added, then another acknowledgement with an earlier expiry
    recordComplianceState(stack);
    acknowledge(b, 'NHS-S3BucketAccessLogging', { reason: 'A scratch bucket for the migration.', approvedBy: 'J Smith, SIRO', expires: '2026-12-01' });
    // THEN
    expect(recordOf(stack)).toEqual({
      schema: 1,
      version: ROOTSTOCK_VERSION,
      packs: ['ExamplePack'],
      ruleList: new NhsTrustChecks().ruleListVersion,
      rules: NHS_RULES.length,
      acknowledged: 2,
      nearestExpiry: { date: '2026-12-01', ruleId: 'NhsTrustChecks::NHS-S3BucketAccessLogging' },
    });
  });

  test('adds an output, not a resource, and only once', () => {
    const plain = new Stack(new App(), 'Trust');
    new s3.Bucket(plain, 'A');
    const before = Object.keys(Template.fromStack(plain).toJSON().Resources);
    const stack = new Stack(new App(), 'Trust');
    new s3.Bucket(stack, 'A');
    const first = recordComplianceState(stack, { packs: ['X'] });
    expect(recordComplianceState(stack)).toBe(first);
    const template = Template.fromStack(stack);
    expect(Object.keys(template.toJSON().Resources)).toEqual(before);
    const record = JSON.parse((Object.values(template.findOutputs('RootstockCompliance'))[0] as { Value: string }).Value);
    expect(record).toEqual(expect.objectContaining({ packs: ['X'], acknowledged: 0 }));
    expect(record.nearestExpiry).toBeUndefined();
  });

  test('reads the packs registered on enclosing stages', () => {
    const app = new App();
    Validations.of(app).addPlugins(new NhsTrustChecks(app));
    expect(registeredPacks(new Stack(app, 'S'))).toEqual(['NhsTrustChecks']);
    expect(registeredPacks(app)).toEqual(['NhsTrustChecks']);
    expect(registeredPacks(new Stack(new App(), 'S'))).toEqual([]);
  });

  test('names the NHS rule list the way the evidence does (the pack\'s sha256 of its rule ids)', () => {
    const stack = new Stack(new App(), 'Trust');
    new s3.Bucket(stack, 'A');
    recordComplianceState(stack, { packs: [] });
    const record = recordOf(stack) as { ruleList: string; rules: number };
    expect(record.ruleList).toMatch(/^[0-9a-f]{64}$/);
    expect(record.ruleList).toBe(new NhsTrustChecks().ruleListVersion);
    expect(record.rules).toBe(NHS_RULES.length);
  });

  test('parseComplianceRecord reads a record and refuses anything else', () => {
    const record = { schema: 1, version: '1.0.0', packs: ['A'], ruleList: 'ab'.repeat(32), rules: 55, acknowledged: 3 };
    expect(parseComplianceRecord(JSON.stringify(record))).toEqual(record);
    expect([parseComplianceRecord(undefined), parseComplianceRecord('not json'), parseComplianceRecord('{"schema":2}'), parseComplianceRecord(JSON.stringify({ ...record, acknowledged: 'three' }))]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
