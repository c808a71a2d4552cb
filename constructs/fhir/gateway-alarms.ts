import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { AUDIT_WRITE_FAILED } from './runtime/audit-event';
import { EMERGENCY_ACCESS_HEADER } from './runtime/emergency-access';

/** The CloudWatch namespace of the gateway's own metrics. */
export const FHIR_GATEWAY_METRIC_NAMESPACE = 'Rootstock/FhirGateway';

/** The metric counting failed audit writes (each one a request the gateway refused, failing closed). */
export const AUDIT_WRITE_FAILURES_METRIC = 'AuditWriteFailures';

/** The metric counting AuditEvents of requests that declared an emergency (granted or refused). */
export const EMERGENCY_ACCESS_METRIC = 'EmergencyAccessEvents';

/**
 * The JSON path the emergency metric filter reads: set on every AuditEvent of a request that
 * declared an emergency (its free text, or what was sent when it was not understood), and on no other.
 */
export const EMERGENCY_EVENT_FIELD = '$.purposeOfEvent[0].text';

/**
 * An alarm on the gateway failing closed: a metric filter on each function's log group counts
 * the log events the handlers write when an AuditEvent cannot be written (`auditWriteFailed:
 * true`), and the alarm fires on the first one in a minute, notifying `topic`. Failing closed
 * protects the audit trail but stops clinicians reading records, so someone must act at once.
 */
export function failClosedAlarm(scope: Construct, functionLogGroups: readonly logs.ILogGroup[], topic?: sns.ITopic): cloudwatch.Alarm {
  functionLogGroups.forEach((logGroup, i) => {
    new logs.MetricFilter(scope, `AuditWriteFailures${i === 0 ? '' : i + 1}`, {
      logGroup,
      filterPattern: logs.FilterPattern.booleanValue(`$.${AUDIT_WRITE_FAILED}`, true),
      metricNamespace: FHIR_GATEWAY_METRIC_NAMESPACE,
      metricName: AUDIT_WRITE_FAILURES_METRIC,
      metricValue: '1',
    });
  });
  return firstInAMinuteAlarm(
    scope,
    'FailClosedAlarm',
    AUDIT_WRITE_FAILURES_METRIC,
    'The FHIR gateway could not write an AuditEvent, so it refused the request (fail closed): clinicians cannot read records until audit writes succeed. Check the audit log group, its KMS key and CloudWatch Logs.',
    topic,
  );
}

/**
 * An alarm on emergency access: a metric filter on the audit log group counts the AuditEvents of
 * requests that declared an emergency, granted or refused, and the alarm fires on the first one
 * in a minute, notifying `topic` (the trust's security topic) at once. The events themselves,
 * with who, why and which patients, are in the archive for `rootstock audit-access --emergency`.
 */
export function emergencyAccessAlarm(scope: Construct, auditLogGroup: logs.ILogGroup, topic?: sns.ITopic): cloudwatch.Alarm {
  new logs.MetricFilter(scope, 'EmergencyAccessEvents', {
    logGroup: auditLogGroup,
    filterPattern: logs.FilterPattern.exists(EMERGENCY_EVENT_FIELD),
    metricNamespace: FHIR_GATEWAY_METRIC_NAMESPACE,
    metricName: EMERGENCY_ACCESS_METRIC,
    metricValue: '1',
  });
  return firstInAMinuteAlarm(
    scope,
    'EmergencyAccessAlarm',
    EMERGENCY_ACCESS_METRIC,
    `Emergency (break glass) access was declared on the FHIR gateway (${EMERGENCY_ACCESS_HEADER}). Review who, why and which patients now: rootstock audit-access --emergency --since <today> over the audit archive, or the audit log group.`,
    topic,
  );
}

/** An alarm on the first count of a gateway metric in a minute (no data is no breach), notifying `topic`. */
function firstInAMinuteAlarm(scope: Construct, id: string, metricName: string, alarmDescription: string, topic?: sns.ITopic): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription,
    metric: new cloudwatch.Metric({ namespace: FHIR_GATEWAY_METRIC_NAMESPACE, metricName, statistic: cloudwatch.Stats.SUM, period: Duration.minutes(1) }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  if (topic) alarm.addAlarmAction(new actions.SnsAction(topic));
  return alarm;
}
