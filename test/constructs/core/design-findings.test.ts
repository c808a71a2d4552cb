import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DesignFindings } from '../../../constructs/core/design-findings';

describe('DesignFindings', () => {
  test('records findings on a construct and collects them in tree order', () => {
    // GIVEN two constructs with findings
    const stack = new Stack(new App(), 'S');
    const a = new Construct(stack, 'A');
    const b = new Construct(a, 'B');
    DesignFindings.of(a).add('AwsSolutions-IAM5[Resource::*]', 'X-Ray supports no resource-level permissions at all.');
    DesignFindings.of(b).addAll(['HIPAA.Security-LambdaDLQ', 'NIST.800.53.R5-LambdaDLQ'], 'Invoked synchronously: a DLQ never receives anything.');
    // WHEN collected from the stack
    const all = DesignFindings.collect(stack);
    // THEN each keeps its scope, rule id and reason
    expect(all.map((f) => [f.scope.node.path, f.ruleId])).toEqual([
      ['S/A', 'AwsSolutions-IAM5[Resource::*]'],
      ['S/A/B', 'HIPAA.Security-LambdaDLQ'],
      ['S/A/B', 'NIST.800.53.R5-LambdaDLQ'],
    ]);
    expect(DesignFindings.of(b).list.map((f) => f.reason)).toEqual(['Invoked synchronously: a DLQ never receives anything.', 'Invoked synchronously: a DLQ never receives anything.']);
  });

  test('records a rule once per construct', () => {
    const c = new Construct(new Stack(new App(), 'S'), 'C');
    DesignFindings.of(c).add('X-1', 'A reason long enough to read.').add('X-1', 'A reason long enough to read.');
    expect(DesignFindings.of(c).list).toHaveLength(1);
  });

  test('fails on an empty rule id or a reason an assessor could not read', () => {
    const c = new Construct(new Stack(new App(), 'S'), 'C');
    expect(() => DesignFindings.of(c).add(' ', 'A reason long enough to read.')).toThrow(/rule id must not be empty/);
    expect(() => DesignFindings.of(c).add('X-1', 'short')).toThrow(/needs a reason an assessor can read/);
  });
});
