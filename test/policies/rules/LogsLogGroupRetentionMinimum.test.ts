import { CfnParameter } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import rule from '../../../policies/rules/logs/LogsLogGroupRetentionMinimum';
import { violationsOf } from '../harness';

describe('LogsLogGroupRetentionMinimum: log groups keep logs for at least 180 days', () => {
  test('fails a LogGroup kept for one month (L2)', () => {
    expect(violationsOf(rule, (s) => new logs.LogGroup(s, 'Logs', { retention: logs.RetentionDays.ONE_MONTH }))).toEqual(['Logs/Resource']);
  });

  test('fails a CfnLogGroup kept for 90 days (L1)', () => {
    expect(violationsOf(rule, (s) => new logs.CfnLogGroup(s, 'Logs', { retentionInDays: 90 }))).toEqual(['Logs']);
  });

  test('fails closed on a retention that cannot be resolved', () => {
    expect(
      violationsOf(rule, (s) => {
        const days = new CfnParameter(s, 'Days', { type: 'Number' });
        new logs.CfnLogGroup(s, 'Logs', { retentionInDays: days.valueAsNumber });
      }),
    ).toEqual(['Logs']);
  });

  test('passes a LogGroup kept for six months', () => {
    expect(violationsOf(rule, (s) => new logs.LogGroup(s, 'Logs', { retention: logs.RetentionDays.SIX_MONTHS }))).toEqual([]);
  });

  test('does not apply to log groups that never expire (judged by LogsLogGroupRetentionSetOrArchived)', () => {
    expect(violationsOf(rule, (s) => new logs.LogGroup(s, 'Logs', { retention: logs.RetentionDays.INFINITE }))).toEqual([]);
  });
});
