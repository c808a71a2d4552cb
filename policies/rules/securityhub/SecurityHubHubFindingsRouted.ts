import { NagRuleCompliance } from 'cdk-nag';
import { defineRule, NagMessageLevel } from '../../rule';
import { findingsRouted } from '../findings-routing';

/** An EventBridge rule in the same stack as the Security Hub hub routes its findings to a target. */
export default defineRule({
  id: 'SecurityHubHubFindingsRouted',
  level: NagMessageLevel.ERROR,
  info: 'No enabled EventBridge rule in the same stack as the Security Hub hub sends its findings (source aws.securityhub) to a target.',
  explanation:
    'Security Hub gathers control failures and findings from GuardDuty, Inspector, Config and others; unrouted, they wait in the console. Add an AWS::Events::Rule in the same stack with EventPattern source ["aws.securityhub"] (for example detail-type "Security Hub Findings - Imported", severity HIGH and CRITICAL) and a target: the alarm topic, the SIEM, or an incident tool.',
  resourceTypes: ['AWS::SecurityHub::Hub'],
  controls: {
    'C1.c': 'C1.c: aggregated security findings in monitoring data trigger alerts',
    'D1.b': "D1.b.2: the information responders need (severity, resource, finding) is made available to them as it arises",
    'NCSC-5': 'NCSC-5 (operational security): findings feed incident management',
    'NCSC-13': 'NCSC-13 (alerting for customers): security alerts are delivered to the customer',
  },
  source: 'CAF C1.c (generating alerts) and D1.b (response and recovery capability)',
  check: (node) => (findingsRouted(node, 'aws.securityhub') ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT),
});
