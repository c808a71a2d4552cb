import { Duration, Names } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ASSURANCE_REJECTED_EVENT, JWKS_FAILED_EVENT, PROXY_FAILURE_EVENTS } from './runtime/log-events';
import { ASSURANCE_REJECTION_ALARM } from './trust-identity-problems';

/** Props of {@link SignInAlarms}. */
export interface SignInAlarmsProps {
  /** The proxy function and the log group it writes its structured events to. */
  readonly proxyFunction: lambda.IFunction;
  readonly proxyLogGroup: logs.ILogGroup;
  /** The JWKS function and its log group. */
  readonly jwksFunction: lambda.IFunction;
  readonly jwksLogGroup: logs.ILogGroup;
  /**
   * The topic every alarm notifies, on alarm and on recovery.
   *
   * @default - the alarms have no action; the console and metrics still show them
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Assurance rejections in five minutes that raise the alarm.
   *
   * @default 10
   */
  readonly assuranceRejectionThreshold?: number;
}

/** The CloudWatch namespace of the sign-in metrics counted from the proxy's logs. */
export const SIGN_IN_METRIC_NAMESPACE = 'Rootstock/Identity';

/**
 * A CloudWatch Logs filter pattern matching a log event that contains any of `terms` (each quoted:
 * a case-sensitive match anywhere in the event, so it holds whether Lambda writes the line as text
 * or inside its JSON log record).
 */
export function anyTermPattern(terms: readonly string[]): logs.IFilterPattern {
  return logs.FilterPattern.anyTerm(...terms);
}

/**
 * The alarms that matter for sign-in, notifying the alarm topic within five minutes.
 *
 * - **Proxy errors**: any request the proxy could not complete through no fault of the caller
 *   (the provider unreachable or answering 5xx, its discovery document unreadable, an ID token
 *   missing or failing verification, KMS or Secrets Manager unavailable). Staff or citizens
 *   cannot sign in.
 * - **Assurance rejections** above a threshold: ID tokens below the required `acr` / `vot`. A
 *   burst means a level the users cannot reach (misconfiguration) or probing with weak credentials.
 * - **JWKS failures**: the public signing keys could not be published, so providers cannot verify
 *   the proxy's client assertions and every token exchange will fail.
 * - **Function errors**: either function crashed, timed out or was throttled (its reserved
 *   concurrency used up), so requests got no answer from it at all.
 *
 * The first three count the functions' own log events with metric filters, one alarm per filter.
 */
export class SignInAlarms extends Construct {
  /** Any request the proxy could not complete. */
  public readonly proxyErrorsAlarm: cloudwatch.Alarm;
  /** ID tokens refused for low assurance, above the threshold. */
  public readonly assuranceRejectionsAlarm: cloudwatch.Alarm;
  /** Any failure to publish the JWKS. */
  public readonly jwksFailuresAlarm: cloudwatch.Alarm;
  /** Any error or throttle of the proxy or JWKS function. */
  public readonly functionErrorsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: SignInAlarmsProps) {
    super(scope, id);
    // Metric names carry the stack and construct, so two identities in one account never share a metric.
    const prefix = Names.uniqueResourceName(this, { maxLength: 200, separator: '-' });
    const period = Duration.minutes(5);
    const counted = (filterId: string, logGroup: logs.ILogGroup, terms: readonly string[]) =>
      new logs.MetricFilter(this, filterId, {
        logGroup,
        filterPattern: anyTermPattern(terms),
        metricNamespace: SIGN_IN_METRIC_NAMESPACE,
        metricName: `${prefix}-${filterId}`,
        metricValue: '1',
      }).metric({ statistic: cloudwatch.Stats.SUM, period });
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, threshold: number, description: string) =>
      new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });

    this.proxyErrorsAlarm = alarm(
      'ProxyErrorsAlarm',
      counted('ProxyFailures', props.proxyLogGroup, PROXY_FAILURE_EVENTS),
      1,
      'Sign-in is failing: the identity proxy could not complete a request (CIS2 or NHS login unreachable or failing, discovery unreadable, ID token invalid, KMS or Secrets Manager unavailable). Read the proxy log group for the event and provider.',
    );
    const threshold = props.assuranceRejectionThreshold ?? ASSURANCE_REJECTION_ALARM.default;
    this.assuranceRejectionsAlarm = alarm(
      'AssuranceRejectionsAlarm',
      counted('AssuranceRejections', props.proxyLogGroup, [ASSURANCE_REJECTED_EVENT]),
      threshold,
      `At least ${threshold} sign-ins in five minutes were refused for assurance below the required level (acr / vot): a level users cannot reach, or probing with weak credentials.`,
    );
    this.jwksFailuresAlarm = alarm(
      'JwksFailuresAlarm',
      counted('JwksFailures', props.jwksLogGroup, [JWKS_FAILED_EVENT]),
      1,
      'The client-assertion JWKS could not be served (KMS GetPublicKey failing): CIS2 and NHS login cannot verify the proxy and token exchanges will fail.',
    );
    const sum = { period, statistic: cloudwatch.Stats.SUM };
    this.functionErrorsAlarm = alarm(
      'FunctionErrorsAlarm',
      new cloudwatch.MathExpression({
        expression: 'FILL(proxyErrors, 0) + FILL(proxyThrottles, 0) + FILL(jwksErrors, 0) + FILL(jwksThrottles, 0)',
        usingMetrics: {
          proxyErrors: props.proxyFunction.metricErrors(sum),
          proxyThrottles: props.proxyFunction.metricThrottles(sum),
          jwksErrors: props.jwksFunction.metricErrors(sum),
          jwksThrottles: props.jwksFunction.metricThrottles(sum),
        },
        label: 'Identity function errors and throttles',
        period,
      }),
      1,
      'Sign-in is failing: the identity proxy or JWKS function crashed, timed out or was throttled (reserved concurrency used up), so requests got no answer. Read the functions\' log groups; raise reservedConcurrentExecutions if throttled.',
    );

    if (props.alarmTopic) {
      const action = new actions.SnsAction(props.alarmTopic);
      for (const a of [this.proxyErrorsAlarm, this.assuranceRejectionsAlarm, this.jwksFailuresAlarm, this.functionErrorsAlarm]) {
        a.addAlarmAction(action);
        a.addOkAction(action);
      }
    }
  }
}
