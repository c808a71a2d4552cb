import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { throwIfProblems, type PropsProblem } from '../core/errors';
import { allowCloudWatchAlarms } from '../keys/key-policies';
import { CIS_MONITORING_FILTERS, type CisMonitoringFilter } from './cis-filters';

/** Props of {@link SecurityAlarms}. */
export interface SecurityAlarmsProps {
  /** The CloudTrail log group to watch (a {@link TrustTrail}'s `logGroup`). */
  readonly logGroup: logs.ILogGroup;
  /**
   * The key that encrypts the alarm topic.
   *
   * @default - a new customer-managed key (rotated, retained)
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * An email address subscribed to the alarm topic (the recipient must confirm it).
   *
   * @default - no subscription; subscribe to `topic` yourself
   */
  readonly email?: string;
  /**
   * The CloudWatch namespace of the metrics.
   *
   * @default - 'Rootstock/CISBenchmark'
   */
  readonly metricNamespace?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * CloudWatch metric filters and alarms for the CIS AWS Foundations monitoring set, over the
 * trail's log group, alarming to a KMS-encrypted, TLS-only SNS topic.
 *
 * Each alarm fires when its filter matches at least once in five minutes.
 */
export class SecurityAlarms extends Construct {
  /** The KMS-encrypted topic every alarm notifies. */
  public readonly topic: sns.Topic;
  /** The metric filters, by control id. */
  public readonly metricFilters: Record<string, logs.MetricFilter> = {};
  /** The alarms, by control id. */
  public readonly alarms: Record<string, cloudwatch.Alarm> = {};
  /** The controls covered. */
  public readonly controls: readonly CisMonitoringFilter[] = CIS_MONITORING_FILTERS;

  constructor(scope: Construct, id: string, props: SecurityAlarmsProps) {
    super(scope, id);
    throwIfProblems(`SecurityAlarms ${this.node.path}`, securityAlarmsProblems(props));
    const namespace = props.metricNamespace ?? 'Rootstock/CISBenchmark';

    const key = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: 'Rootstock security alarm topic key',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    allowCloudWatchAlarms(key, this);

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Rootstock security alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));

    const action = new actions.SnsAction(this.topic);
    for (const control of CIS_MONITORING_FILTERS) {
      const filter = new logs.MetricFilter(this, `${control.id}Filter`, {
        logGroup: props.logGroup,
        filterPattern: logs.FilterPattern.literal(control.pattern),
        metricNamespace: namespace,
        metricName: control.id,
        metricValue: '1',
      });
      const alarm = new cloudwatch.Alarm(this, `${control.id}Alarm`, {
        alarmDescription: `${control.control}: ${control.description}`,
        metric: filter.metric({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      this.metricFilters[control.id] = filter;
      this.alarms[control.id] = alarm;
    }
  }
}

/** What is wrong with a {@link SecurityAlarms}' props (empty when nothing is). */
export function securityAlarmsProblems(props: Pick<SecurityAlarmsProps, 'email' | 'metricNamespace'>): PropsProblem[] {
  const problems: PropsProblem[] = [];
  if (props.email !== undefined && !Token.isUnresolved(props.email) && !EMAIL.test(props.email)) {
    problems.push({ field: 'email', message: `must be an email address like security@example.nhs.uk, got '${props.email}'` });
  }
  const namespace = props.metricNamespace ?? 'Rootstock/CISBenchmark';
  if (!/^[A-Za-z0-9./_#:-]+$/.test(namespace) || namespace.startsWith('AWS/')) {
    problems.push({ field: 'metricNamespace', message: `must use letters, digits and . / _ # : - and must not start with 'AWS/', got '${namespace}'` });
  }
  return problems;
}
