import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/guardduty/GuardDutyDetectorFindingsRouted';
import { violationsOf } from '../harness';

describe('GuardDutyDetectorFindingsRouted: GuardDuty is enabled and its findings are routed to a target', () => {
  test('fails a detector with no EventBridge rule for its findings (L1)', () => {
    expect(violationsOf(rule, (s) => new guardduty.CfnDetector(s, 'Detector', { enable: true }))).toEqual(['Detector']);
  });

  test('fails a disabled detector, even with routing', () => {
    expect(
      violationsOf(rule, (s) => {
        new guardduty.CfnDetector(s, 'Detector', { enable: false });
        new events.Rule(s, 'Findings', { eventPattern: { source: ['aws.guardduty'] }, targets: [new targets.SnsTopic(new sns.Topic(s, 'Topic'))] });
      }),
    ).toEqual(['Detector']);
  });

  test('fails when the findings rule is disabled or has no target', () => {
    expect(
      violationsOf(rule, (s) => {
        new guardduty.CfnDetector(s, 'Detector', { enable: true });
        new events.Rule(s, 'Off', { enabled: false, eventPattern: { source: ['aws.guardduty'] }, targets: [new targets.SnsTopic(new sns.Topic(s, 'Topic'))] });
        new events.Rule(s, 'NoTarget', { eventPattern: { source: ['aws.guardduty'] } });
      }),
    ).toEqual(['Detector']);
  });

  test('passes an enabled detector whose findings go to a topic (L2 rule), and one routed by a raw JSON-string pattern', () => {
    expect(
      violationsOf(rule, (s) => {
        new guardduty.CfnDetector(s, 'Detector', { enable: true });
        new events.Rule(s, 'Findings', { eventPattern: { source: ['aws.guardduty'], detailType: ['GuardDuty Finding'] }, targets: [new targets.SnsTopic(new sns.Topic(s, 'Topic'))] });
      }),
    ).toEqual([]);
    expect(
      violationsOf(rule, (s) => {
        new guardduty.CfnDetector(s, 'Detector', { enable: true });
        const raw = new events.CfnRule(s, 'Raw', { eventPattern: {}, targets: [{ id: 'T', arn: 'arn:aws:sns:eu-west-2:111111111111:soc' }] });
        raw.addPropertyOverride('EventPattern', JSON.stringify({ source: ['aws.guardduty'] }));
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
