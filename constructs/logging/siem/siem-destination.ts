import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type { Construct } from 'constructs';
import type { DesignFinding } from '../../core/design-findings';
import type { PropsProblem } from '../../core/errors';

/** What a `SiemForwarder` hands its destination when it builds the delivery stream. */
export interface SiemDestinationBindOptions {
  /** The role Firehose assumes to deliver; the destination's own permissions go on it through `statements`. */
  readonly deliveryRole: iam.IRole;
  /** Where records are backed up: the forwarder's encrypted, versioned, retained bucket. */
  readonly backup: firehose.CfnDeliveryStream.S3DestinationConfigurationProperty;
  /** Where Firehose logs delivery errors to the destination. */
  readonly errorLogging: firehose.CfnDeliveryStream.CloudWatchLoggingOptionsProperty;
  /** Unpacks the gzipped CloudWatch Logs records natively (no Lambda transform). */
  readonly decompress: firehose.CfnDeliveryStream.ProcessingConfigurationProperty;
  /** Seconds Firehose buffers records before delivering. */
  readonly bufferingIntervalSeconds: number;
  /** Seconds Firehose retries a failing endpoint before backing the records up. */
  readonly retrySeconds: number;
}

/** What a destination contributes to the forwarder once bound. */
export interface SiemDestinationConfig {
  /** The delivery stream properties of this destination: exactly one destination configuration. */
  readonly streamProps: Partial<firehose.CfnDeliveryStreamProps>;
  /** What the delivery role needs beyond the backup bucket, key and error log group. */
  readonly statements: iam.PolicyStatement[];
  /** Findings these statements raise by design, recorded on the delivery policy. */
  readonly designFindings: ReadonlyArray<Pick<DesignFinding, 'ruleId' | 'reason'>>;
  /** The Firehose metric namespace of the destination (`DeliveryToSplunk`, ...): alarms watch `<prefix>.Success` and `<prefix>.DataFreshness`. */
  readonly metricPrefix: string;
  /** Whether every record is also kept in the backup bucket (S3 delivery has no failed-only backup); otherwise only failed ones are, and their backup is alarmed. */
  readonly backsUpEveryRecord: boolean;
}

/**
 * Where a `SiemForwarder` delivers. Implementations: Splunk HEC, a generic HTTPS endpoint, a
 * bucket in a central account (see `SiemDestination`); a trust can write its own.
 */
export interface ISiemDestination {
  /** A short name of the destination kind for alarm texts: `splunk`, `http`, `s3`. */
  readonly kind: string;
  /** The longest buffering interval Firehose allows for this destination, in seconds. */
  readonly maxBufferingSeconds: number;
  /** What is wrong with the destination's options (fields named as the options), empty when nothing is. */
  problems(): PropsProblem[];
  /** Builds the destination's part of the delivery stream, in the forwarder's scope. */
  bind(scope: Construct, options: SiemDestinationBindOptions): SiemDestinationConfig;
}
