import { App, Lazy, Stack } from 'aws-cdk-lib';
import * as healthlake from 'aws-cdk-lib/aws-healthlake';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagRuleCompliance } from 'cdk-nag';
import { NhsTrustChecks, ruleListVersion } from '../../policies/nhs-trust-checks';
import { defineRule, NagMessageLevel } from '../../policies/rule';
import { NHS_RULES } from '../../policies/rules';

function stackWith(build: (s: Stack) => void): Stack {
  const stack = new Stack(new App(), 'Test', { env: { region: 'eu-west-2' } });
  build(stack);
  return stack;
}

/** A rule that throws for any resource it is handed: it must only ever see queues. */
const queuesOnly = defineRule({
  id: 'TestQueuesOnly',
  level: NagMessageLevel.ERROR,
  info: 'i',
  explanation: 'e',
  resourceTypes: ['AWS::SQS::Queue'],
  controls: { 'B3.c': 'B3.c: test rule justification text', 'NCSC-2': 'NCSC-2: test rule justification text' },
  source: 'test',
  check: (node) => {
    if (node.cfnResourceType !== 'AWS::SQS::Queue') throw new Error(`called with ${node.cfnResourceType}`);
    return NagRuleCompliance.COMPLIANT;
  },
});

describe('NhsTrustChecks', () => {
  test('GIVEN a bucket and a queue WHEN a queue rule runs THEN it is called for the queue only', () => {
    const stack = stackWith((s) => {
      new s3.Bucket(s, 'Bucket');
      new sqs.Queue(s, 'Queue');
    });
    const pack = new NhsTrustChecks(undefined, { rules: [queuesOnly] });
    expect(pack.validateScope(stack).violations).toEqual([]);
    expect(pack.lastRunCounts.rules.get('NHS-TestQueuesOnly')?.get('Test.template.json')).toEqual({ compliant: 1, nonCompliant: 0, notApplicable: 0, errors: 0 });
  });

  test('GIVEN one Lambda whose Code.ZipFile cannot be rendered WHEN the whole pack runs THEN it reports one "could not evaluate" for that resource, and no rule for other types runs', () => {
    const stack = stackWith((s) => {
      // A value that fails when rendered stands in for any property the rules cannot read.
      const zipFile = Lazy.string({ produce: () => { throw new Error('Code.ZipFile is an object, expected text'); } });
      new lambda.CfnFunction(s, 'Fn', { role: 'arn:aws:iam::111111111111:role/x', runtime: 'nodejs22.x', handler: 'index.handler', code: { zipFile } });
    });
    const pack = new NhsTrustChecks();
    const violations = pack.validateScope(stack).violations;
    expect(violations.map((v) => [v.ruleName, v.violatingResources.map((r) => r.constructPath)])).toEqual([['NHS-CouldNotEvaluate[Fn]', ['Test/Fn']]]);
    expect(violations[0].description).toMatch(/^Could not evaluate Fn \(AWS::Lambda::Function\): LambdaFunctionRuntimeSupported: .*Code\.ZipFile is an object/);
    const counts = pack.lastRunCounts.rules;
    // Rules for other types never saw the Lambda; the rules for Lambda functions (and the residency scan) recorded an error.
    expect(counts.get('NHS-HealthLakeDatastoreKmsEncrypted')?.size).toBe(0);
    const withErrors = [...counts].filter(([, m]) => [...m.values()].some((c) => c.errors > 0)).map(([id]) => id);
    expect(withErrors.sort()).toEqual(['NHS-LambdaFunctionRuntimeSupported', 'NHS-ResidencyRegionReferencesUk']);
  });

  test('GIVEN compliant, non-compliant and out-of-scope resources WHEN the pack runs THEN it counts each per rule and template', () => {
    const stack = stackWith((s) => {
      new kms.Key(s, 'Rotated', { enableKeyRotation: true });
      new kms.Key(s, 'NotRotated');
      new kms.Key(s, 'Signing', { keySpec: kms.KeySpec.ECC_NIST_P256, keyUsage: kms.KeyUsage.SIGN_VERIFY });
      new healthlake.CfnFHIRDatastore(s, 'Store', { datastoreTypeVersion: 'R4' });
    });
    const pack = new NhsTrustChecks();
    pack.validateScope(stack);
    expect(pack.lastRunCounts.rules.get('NHS-KMSKeyRotationEnabled')?.get('Test.template.json')).toEqual({ compliant: 1, nonCompliant: 1, notApplicable: 1, errors: 0 });
    expect(pack.lastRunCounts.resources.get('Test.template.json')).toBe(4);
  });

  test('names its rule list by the sha256 of the sorted ids', () => {
    const pack = new NhsTrustChecks();
    expect(pack.ruleIdList).toHaveLength(NHS_RULES.length);
    expect(pack.ruleListVersion).toMatch(/^[0-9a-f]{64}$/);
    expect(pack.ruleListVersion).toBe(ruleListVersion([...pack.ruleIdList].reverse()));
    expect(new NhsTrustChecks(undefined, { rules: NHS_RULES.slice(1) }).ruleListVersion).not.toBe(pack.ruleListVersion);
  });
});
