import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/securityhub/SecurityHubHubFindingsRouted';
import { violationsOf } from '../harness';

describe('SecurityHubHubFindingsRouted: Security Hub findings are routed to a target', () => {
  test('fails a hub with no EventBridge rule for its findings (L1)', () => {
    expect(violationsOf(rule, (s) => new securityhub.CfnHub(s, 'Hub'))).toEqual(['Hub']);
  });

  test('fails a hub when only GuardDuty findings are routed', () => {
    expect(
      violationsOf(rule, (s) => {
        new securityhub.CfnHub(s, 'Hub');
        new events.Rule(s, 'GuardDuty', { eventPattern: { source: ['aws.guardduty'] }, targets: [new targets.SnsTopic(new sns.Topic(s, 'Topic'))] });
      }),
    ).toEqual(['Hub']);
  });

  test('passes a hub whose high-severity findings go to a topic (L2 rule)', () => {
    expect(
      violationsOf(rule, (s) => {
        new securityhub.CfnHub(s, 'Hub');
        new events.Rule(s, 'Findings', {
          eventPattern: { source: ['aws.securityhub'], detailType: ['Security Hub Findings - Imported'], detail: { findings: { Severity: { Label: ['HIGH', 'CRITICAL'] } } } },
          targets: [new targets.SnsTopic(new sns.Topic(s, 'Topic'))],
        });
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
