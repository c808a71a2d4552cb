import { RemovalPolicy, Stack, ArnFormat } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DEFAULT_LOG_RETENTION_DAYS, type OperationalProps } from '../core/operational-props';

/**
 * Props of `SecurityFindings`: the logs key encrypts the findings log group (its key policy must
 * let CloudWatch Logs use it), `logRetentionDays` is how long findings are kept, and high-severity
 * findings notify `alarmTopic` (an encrypted topic's key policy must let `events.amazonaws.com`
 * use the key: give `alarmTopicKey`).
 */
export interface SecurityFindingsProps extends OperationalProps {
  /**
   * The alarm topic's KMS key: when given, its key policy lets EventBridge publish through SNS
   * (`events.amazonaws.com`, kms:GenerateDataKey* and kms:Decrypt, via SNS in this region only).
   *
   * @default - the topic's key policy is left as it is (an encrypted topic must already allow EventBridge)
   */
  readonly alarmTopicKey?: kms.IKey;
}

/**
 * Where high-severity security findings go: the alarm topic, and a log group the SIEM forwarder subscribes to.
 *
 * EventBridge writes to the log group under a native CloudWatch Logs resource policy
 * (`AWS::Logs::ResourcePolicy`), not the Lambda-backed custom resource the stock log-group
 * target installs. Rules add these destinations with `targets`.
 */
export class SecurityFindings extends Construct {
  /** The log group holding every high-severity finding; forward it to the SIEM as `findings`. */
  public readonly logGroup: logs.LogGroup;
  /** The EventBridge targets a findings rule should use. */
  public readonly targets: events.IRuleTarget[];

  constructor(scope: Construct, id: string, props: SecurityFindingsProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      encryptionKey: props.logsKey,
      retention: props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const policy = new logs.ResourcePolicy(this, 'EventsCanWrite', {
      policyStatements: [
        new iam.PolicyStatement({
          sid: 'EventBridgeWritesFindings',
          principals: [new iam.ServicePrincipal('events.amazonaws.com'), new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.logGroup.logGroupArn],
        }),
      ],
    });
    const logGroupArn = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: this.logGroup.logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const logTarget: events.IRuleTarget = {
      bind: (rule: events.IRuleRef): events.RuleTargetConfig => {
        // Rules must not deliver before the log group accepts them.
        rule.node.addDependency(policy);
        return { arn: logGroupArn };
      },
    };
    props.alarmTopicKey?.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowEventBridgeToEncryptedTopic',
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'kms:ViaService': `sns.${Stack.of(this).region}.amazonaws.com`, 'aws:SourceAccount': Stack.of(this).account },
        ArnLike: { 'aws:SourceArn': Stack.of(this).formatArn({ service: 'events', resource: 'rule', resourceName: '*' }) },
      },
    }));
    // Not the stock SnsTopic target: it grants events.amazonaws.com the topic's key with no
    // condition. Each rule may publish to the topic only as itself (aws:SourceArn).
    const topic = props.alarmTopic;
    const topicTarget: events.IRuleTarget | undefined = topic && {
      bind: (rule: events.IRuleRef): events.RuleTargetConfig => {
        const ruleArn = rule.ruleRef.ruleArn;
        topic.addToResourcePolicy(new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('events.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
          conditions: { ArnEquals: { 'aws:SourceArn': ruleArn } },
        }));
        return { arn: topic.topicArn };
      },
    };
    this.targets = topicTarget ? [topicTarget, logTarget] : [logTarget];
  }
}
