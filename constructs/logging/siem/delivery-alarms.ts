import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

/** The alarms on a SIEM delivery stream. */
export interface SiemDeliveryAlarms {
  /** Failed deliveries to the destination. */
  readonly deliveryFailure: cloudwatch.Alarm;
  /** Records waiting more than 15 minutes for delivery. */
  readonly deliveryLag: cloudwatch.Alarm;
  /** Failed writes of failed records to the backup bucket, where data would be lost (destinations that back up failed records only). */
  readonly backupFailure?: cloudwatch.Alarm;
}

/** What the alarms watch. */
export interface SiemDeliveryAlarmsOptions {
  /** The delivery stream's name. */
  readonly streamName: string;
  /** The destination kind, for alarm texts. */
  readonly kind: string;
  /** The Firehose metric namespace of the destination (`DeliveryToSplunk`, ...). */
  readonly metricPrefix: string;
  /** Whether the backup bucket holds every record (then its writes are the delivery itself and need no alarm of their own). */
  readonly backsUpEveryRecord: boolean;
  /** Where the alarms notify, on alarm and on recovery. @default - no actions */
  readonly alarmTopic?: sns.ITopic;
}

/** Defines the delivery alarms in `scope` (ids `DeliveryFailureAlarm`, `DeliveryLagAlarm`, `BackupFailureAlarm`). */
export function addSiemDeliveryAlarms(scope: Construct, o: SiemDeliveryAlarmsOptions): SiemDeliveryAlarms {
  const metric = (name: string, statistic: string) =>
    new cloudwatch.Metric({ namespace: 'AWS/Firehose', metricName: name, dimensionsMap: { DeliveryStreamName: o.streamName }, statistic, period: Duration.minutes(5) });
  const below1 = { comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD, threshold: 1, evaluationPeriods: 1, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING };
  const deliveryFailure = new cloudwatch.Alarm(scope, 'DeliveryFailureAlarm', {
    alarmDescription: `Security logs are failing to reach the SIEM (${o.kind}); failed records go to the backup bucket after retries. Check the delivery error log group.`,
    metric: metric(`${o.metricPrefix}.Success`, 'Minimum'),
    ...below1,
  });
  const deliveryLag = new cloudwatch.Alarm(scope, 'DeliveryLagAlarm', {
    alarmDescription: `Security logs have waited more than 15 minutes for delivery to the SIEM (${o.kind}).`,
    metric: metric(`${o.metricPrefix}.DataFreshness`, 'Maximum'),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    threshold: 900,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  const backupFailure = o.backsUpEveryRecord
    ? undefined
    : new cloudwatch.Alarm(scope, 'BackupFailureAlarm', {
        alarmDescription: 'Records that failed SIEM delivery could not be written to the backup bucket: security logs are being lost.',
        metric: metric('DeliveryToS3.Success', 'Minimum'),
        ...below1,
      });
  if (o.alarmTopic) {
    const action = new cwActions.SnsAction(o.alarmTopic);
    for (const alarm of [deliveryFailure, deliveryLag, backupFailure]) {
      alarm?.addAlarmAction(action);
      alarm?.addOkAction(action);
    }
  }
  return { deliveryFailure, deliveryLag, backupFailure };
}
