import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as destinations from 'aws-cdk-lib/aws-logs-destinations';
import rule from '../../../policies/rules/logs/LogsLogGroupRetentionSetOrArchived';
import { violationsOf } from '../harness';

describe('LogsLogGroupRetentionSetOrArchived: log groups expire, or stream to an archive', () => {
  test('fails a LogGroup that never expires (L2)', () => {
    expect(violationsOf(rule, (s) => new logs.LogGroup(s, 'Logs', { retention: logs.RetentionDays.INFINITE }))).toEqual(['Logs/Resource']);
  });

  test('fails a CfnLogGroup with no RetentionInDays (L1)', () => {
    expect(violationsOf(rule, (s) => new logs.CfnLogGroup(s, 'Logs'))).toEqual(['Logs']);
  });

  test('fails a never-expiring group when the subscription filter streams a different group', () => {
    expect(
      violationsOf(rule, (s) => {
        new logs.CfnLogGroup(s, 'Logs', { logGroupName: 'app' });
        new logs.CfnSubscriptionFilter(s, 'Sub', { logGroupName: 'other', filterPattern: '', destinationArn: 'arn:aws:kinesis:eu-west-2:111111111111:stream/siem' });
      }),
    ).toEqual(['Logs']);
  });

  test('passes a never-expiring LogGroup subscribed to an archive stream (L2)', () => {
    expect(
      violationsOf(rule, (s) => {
        const group = new logs.LogGroup(s, 'Logs', { retention: logs.RetentionDays.INFINITE });
        const stream = new kinesis.Stream(s, 'Archive');
        new logs.SubscriptionFilter(s, 'Sub', { logGroup: group, destination: new destinations.KinesisDestination(stream), filterPattern: logs.FilterPattern.allEvents() });
      }),
    ).toEqual([]);
  });

  test('passes a never-expiring CfnLogGroup subscribed by literal name (L1)', () => {
    expect(
      violationsOf(rule, (s) => {
        new logs.CfnLogGroup(s, 'Logs', { logGroupName: 'app' });
        new logs.CfnSubscriptionFilter(s, 'Sub', { logGroupName: 'app', filterPattern: '', destinationArn: 'arn:aws:kinesis:eu-west-2:111111111111:stream/siem' });
      }),
    ).toEqual([]);
  });

  test('passes a LogGroup with a retention', () => {
    expect(violationsOf(rule, (s) => new logs.LogGroup(s, 'Logs', { retention: logs.RetentionDays.ONE_YEAR }))).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new kinesis.Stream(s, 'Stream'))).toEqual([]);
  });
});
