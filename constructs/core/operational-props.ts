import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';

/** How long a construct keeps its operational and security logs. */
export interface LogRetentionProps {
  /**
   * Days the construct's operational and security logs are kept: a CloudWatch Logs retention
   * period of at least 180 days.
   *
   * @default 400 - a little over a year
   */
  readonly logRetentionDays?: number;
}

/**
 * The logging and alarm settings every building block takes the same way.
 *
 * Set once on the trust's foundations and handed down (TrustTrail, AuditedFhirStore,
 * TrustIdentity, SiemForwarder, SecurityServices), so no construct keeps its own name for them.
 */
export interface OperationalProps extends LogRetentionProps {
  /** Encrypts the construct's log groups (and delivery streams): the trust's logs key, whose policy lets CloudWatch Logs use it. */
  readonly logsKey: kms.IKey;
  /**
   * The trust's security alarm topic: alarms the construct defines (failed audit writes,
   * delivery failures, errors) notify it.
   *
   * @default - the alarms are defined with no action; the console and metrics still show them
   */
  readonly alarmTopic?: sns.ITopic;
}

/** The security log retention every building block uses unless told otherwise: 400 days. */
export const DEFAULT_LOG_RETENTION_DAYS = 400;
