import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get, isIntrinsic } from '../../cfn';
import { asList, stackResourcesOfType } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** Whether an alarm watches metric `name` in `namespace` (single metric or a metric-math input) and has actions. */
function alarmWatches(alarm: Record<string, unknown>, name: string, namespace: string): boolean {
  if (asList(alarm.AlarmActions).length === 0 || alarm.ActionsEnabled === false || alarm.ActionsEnabled === 'false') return false;
  if (alarm.MetricName === name && alarm.Namespace === namespace) return true;
  return asList(alarm.Metrics).some((m) => get(m, 'MetricStat', 'Metric', 'MetricName') === name && get(m, 'MetricStat', 'Metric', 'Namespace') === namespace);
}

/** Every metric a log metric filter produces has an alarm with actions in the same stack. */
export default defineRule({
  id: 'LogsMetricFilterAlarmed',
  level: NagMessageLevel.ERROR,
  info: 'The log metric filter produces a metric that no CloudWatch alarm (with actions) in the same stack watches.',
  explanation:
    'A metric filter only counts matching events, such as the CIS monitoring set on the CloudTrail log group (root use, unauthorised API calls, console sign-in without MFA, IAM, trail, KMS, S3 policy, security group, NACL, gateway, route and VPC changes); without an alarm nobody is told. Add an AWS::CloudWatch::Alarm in the same stack on the filter\'s MetricName and MetricNamespace, with AlarmActions (metricFilter.metric().createAlarm(...) plus addAlarmAction). Metric names given by parameters or intrinsics cannot be matched and fail.',
  resourceTypes: ['AWS::Logs::MetricFilter'],
  controls: {
    'C1.c': "C1.c: 'evidence of potential security incidents contained in your monitoring data is reliably identified and triggers alerts': each filtered event class has an alarm",
    'NCSC-13': 'NCSC-13 (audit information and alerting): events found in audit logs raise alerts for the customer',
  },
  source: 'CAF C1.c (generating alerts); CIS AWS Foundations Benchmark, monitoring section',
  check: (node) => {
    const transforms = cfnView(node).properties.MetricTransformations;
    if (isIntrinsic(transforms)) return NagRuleCompliance.NON_COMPLIANT;
    const metrics = asList(transforms).map((t) => [get(t, 'MetricName'), get(t, 'MetricNamespace')] as const);
    if (metrics.length === 0 || metrics.some(([n, ns]) => typeof n !== 'string' || typeof ns !== 'string')) return NagRuleCompliance.NON_COMPLIANT;
    const alarms = stackResourcesOfType(node, 'AWS::CloudWatch::Alarm').map((a) => a.properties);
    const ok = metrics.every(([n, ns]) => alarms.some((a) => alarmWatches(a, n as string, ns as string)));
    return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
