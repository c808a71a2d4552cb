import { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import rule from '../../../policies/rules/logs/LogsLogGroupRetained';
import { violationsOf } from '../harness';

describe('LogsLogGroupRetained: log groups are retained on stack deletion and replacement', () => {
  test('fails a log group with removalPolicy DESTROY (L2)', () => {
    expect(violationsOf(rule, (s) => new logs.LogGroup(s, 'Logs', { removalPolicy: RemovalPolicy.DESTROY }))).toEqual(['Logs/Resource']);
  });

  test('fails a CfnLogGroup without policies (L1)', () => {
    expect(violationsOf(rule, (s) => new logs.CfnLogGroup(s, 'Logs'))).toEqual(['Logs']);
  });

  test('passes a log group with the default RETAIN removal policy', () => {
    expect(violationsOf(rule, (s) => new logs.LogGroup(s, 'Logs'))).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(
      violationsOf(rule, (s) => {
        const group = new logs.LogGroup(s, 'Logs');
        group.addStream('Stream');
      }),
    ).toEqual([]);
  });
});
