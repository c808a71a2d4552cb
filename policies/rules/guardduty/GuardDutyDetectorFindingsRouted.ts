import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, isTrue } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';
import { findingsRouted } from '../findings-routing';

/** GuardDuty detectors are enabled and an EventBridge rule in the same stack routes their findings to a target. */
export default defineRule({
  id: 'GuardDutyDetectorFindingsRouted',
  level: NagMessageLevel.ERROR,
  info: 'The GuardDuty detector is disabled, or no enabled EventBridge rule in the same stack sends its findings (source aws.guardduty) to a target.',
  explanation:
    'GuardDuty findings sit in the console until someone looks. Set Enable: true and add an AWS::Events::Rule in the same stack with EventPattern source ["aws.guardduty"] (optionally filtered by severity) and a target: the alarm topic, the SIEM log group, or an incident tool (events.Rule with targets.SnsTopic).',
  resourceTypes: ['AWS::GuardDuty::Detector'],
  controls: {
    'C1.c': 'C1.c: threat-detection findings in monitoring data trigger alerts rather than waiting in a console',
    'D1.b': "D1.b.2: 'arrangements are in place to make [the information needed to inform response decisions] available': findings reach the responders and the SIEM as they happen",
    'NCSC-5': 'NCSC-5 (operational security): incident management starts from detected events being delivered to those who respond',
    'NCSC-13': 'NCSC-13 (alerting for customers): security alerts are delivered to the customer',
  },
  source: 'CAF C1.c (generating alerts) and D1.b (response and recovery capability)',
  check: (node) => {
    if (!isTrue(cfnView(node).properties.Enable)) return NagRuleCompliance.NON_COMPLIANT;
    return findingsRouted(node, 'aws.guardduty') ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
