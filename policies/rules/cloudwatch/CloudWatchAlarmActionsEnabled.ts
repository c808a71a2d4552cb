import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, isIntrinsic } from '../../cfn';
import { asList, keyKind, referencedResource } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** CloudWatch alarms notify someone: actions enabled, at least one alarm action, and any SNS topic in the stack encrypted with a customer key. */
export default defineRule({
  id: 'CloudWatchAlarmActionsEnabled',
  level: NagMessageLevel.ERROR,
  info: 'The CloudWatch alarm alerts nobody (no AlarmActions, or ActionsEnabled false), or alerts through an SNS topic not encrypted with a customer-managed key.',
  explanation:
    'An alarm without actions changes state in the console and nobody hears it. Set AlarmActions to a topic (cloudwatch.Alarm addAlarmAction(new SnsAction(topic))) and leave ActionsEnabled true. A topic defined in the same stack must set KmsMasterKeyId to a customer key whose policy lets cloudwatch.amazonaws.com use it: alarm notifications name the resources and events involved, and CloudWatch cannot publish to a topic under the AWS-managed alias/aws/sns key at all. Actions outside the stack (an imported topic ARN, Auto Scaling, EC2 actions) are accepted as written.',
  resourceTypes: ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'],
  controls: {
    'C1.c': "C1.c: 'evidence of potential security incidents contained in your monitoring data ... triggers alerts': the alarm reaches a person or system",
    'NCSC-13': 'NCSC-13 (audit information and alerting for customers): alerts are delivered, over an encrypted channel',
  },
  source: 'CAF C1.c (generating alerts); CIS AWS Foundations Benchmark monitoring section',
  check: (node) => {
    const p = cfnView(node).properties;
    if (p.ActionsEnabled === false || p.ActionsEnabled === 'false') return NagRuleCompliance.NON_COMPLIANT;
    if (isIntrinsic(p.AlarmActions)) return NagRuleCompliance.NON_COMPLIANT;
    const actions = asList(p.AlarmActions);
    if (actions.length === 0) return NagRuleCompliance.NON_COMPLIANT;
    const topicsUnencrypted = actions
      .map((a) => referencedResource(node, a))
      .filter((r) => r?.type === 'AWS::SNS::Topic')
      .some((topic) => keyKind(node, topic!.properties.KmsMasterKeyId) !== 'customer');
    return topicsUnencrypted ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
});
