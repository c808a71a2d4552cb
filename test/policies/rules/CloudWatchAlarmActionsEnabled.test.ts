import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/cloudwatch/CloudWatchAlarmActionsEnabled';
import { violationsOf } from '../harness';

const metric = new cloudwatch.Metric({ namespace: 'CISBenchmark', metricName: 'RootAccountUsage', period: Duration.minutes(5), statistic: 'Sum' });

describe('CloudWatchAlarmActionsEnabled: alarms alert someone, through an encrypted topic', () => {
  test('fails an alarm with no actions (L2)', () => {
    expect(violationsOf(rule, (s) => new cloudwatch.Alarm(s, 'Root', { metric, threshold: 1, evaluationPeriods: 1 }))).toEqual(['Root/Resource']);
  });

  test('fails an alarm whose actions are disabled', () => {
    expect(
      violationsOf(rule, (s) => {
        const key = new kms.Key(s, 'Key', { enableKeyRotation: true });
        const alarm = new cloudwatch.Alarm(s, 'Root', { metric, threshold: 1, evaluationPeriods: 1, actionsEnabled: false });
        alarm.addAlarmAction(new actions.SnsAction(new sns.Topic(s, 'Topic', { masterKey: key })));
      }),
    ).toEqual(['Root/Resource']);
  });

  test('fails an alarm that notifies an unencrypted topic in the stack (L1)', () => {
    expect(
      violationsOf(rule, (s) => {
        const topic = new sns.CfnTopic(s, 'Topic');
        new cloudwatch.CfnAlarm(s, 'Root', { comparisonOperator: 'GreaterThanOrEqualToThreshold', evaluationPeriods: 1, threshold: 1, metricName: 'RootAccountUsage', namespace: 'CISBenchmark', period: 300, statistic: 'Sum', alarmActions: [topic.ref] });
      }),
    ).toEqual(['Root']);
  });

  test('passes an alarm that notifies a topic under a customer key, and one that notifies an imported topic ARN', () => {
    expect(
      violationsOf(rule, (s) => {
        const key = new kms.Key(s, 'Key', { enableKeyRotation: true });
        new cloudwatch.Alarm(s, 'Root', { metric, threshold: 1, evaluationPeriods: 1 }).addAlarmAction(new actions.SnsAction(new sns.Topic(s, 'Topic', { masterKey: key })));
        new cloudwatch.Alarm(s, 'Other', { metric, threshold: 1, evaluationPeriods: 1 }).addAlarmAction(
          new actions.SnsAction(sns.Topic.fromTopicArn(s, 'Central', 'arn:aws:sns:eu-west-2:111111111111:central-alarms')),
        );
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
