import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Stack } from 'aws-cdk-lib';
import rule from '../../../policies/rules/logs/LogsMetricFilterAlarmed';
import { violationsOf } from '../harness';

function rootFilter(s: Stack): logs.MetricFilter {
  const group = new logs.LogGroup(s, 'Trail');
  return new logs.MetricFilter(s, 'RootFilter', {
    logGroup: group,
    filterPattern: logs.FilterPattern.literal('{ $.userIdentity.type = "Root" }'),
    metricNamespace: 'CISBenchmark',
    metricName: 'RootAccountUsage',
  });
}

describe('LogsMetricFilterAlarmed: every metric filter has an alarm with actions', () => {
  test('fails a filter with no alarm (L2)', () => {
    expect(violationsOf(rule, (s) => rootFilter(s))).toEqual(['RootFilter/Resource']);
  });

  test('fails a filter whose alarm has no actions', () => {
    expect(violationsOf(rule, (s) => rootFilter(s).metric().createAlarm(s, 'Root', { threshold: 1, evaluationPeriods: 1 }))).toEqual(['RootFilter/Resource']);
  });

  test('fails a filter whose metric name is a parameter-like intrinsic (L1, cannot be matched)', () => {
    expect(
      violationsOf(rule, (s) => {
        new logs.CfnMetricFilter(s, 'Raw', { logGroupName: 'trail', filterPattern: '{ $.x = 1 }', metricTransformations: [{ metricName: s.stackName, metricNamespace: 'CISBenchmark', metricValue: '1' }] });
      }),
    ).toEqual(['Raw']);
  });

  test('passes a filter whose metric has an alarm with an action, single-metric or metric-math', () => {
    expect(
      violationsOf(rule, (s) => {
        const topic = new sns.Topic(s, 'Topic');
        rootFilter(s).metric().createAlarm(s, 'Root', { threshold: 1, evaluationPeriods: 1 }).addAlarmAction(new actions.SnsAction(topic));
        new logs.MetricFilter(s, 'Other', { logGroup: logs.LogGroup.fromLogGroupName(s, 'Imported', 'trail'), filterPattern: logs.FilterPattern.allEvents(), metricNamespace: 'CISBenchmark', metricName: 'Other' });
        new cloudwatch.MathExpression({ expression: 'm1 * 2', usingMetrics: { m1: new cloudwatch.Metric({ namespace: 'CISBenchmark', metricName: 'Other' }) } })
          .createAlarm(s, 'Math', { threshold: 1, evaluationPeriods: 1 })
          .addAlarmAction(new actions.SnsAction(topic));
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
