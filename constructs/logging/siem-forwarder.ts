import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as logsDestinations from 'aws-cdk-lib/aws-logs-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { problemsOf, securityRetentionProblem } from '../core/checks';
import { DesignFindings } from '../core/design-findings';
import { throwIfProblems, type PropsProblem } from '../core/errors';
import { DEFAULT_LOG_RETENTION_DAYS, type OperationalProps } from '../core/operational-props';
import { addSiemDeliveryAlarms } from './siem/delivery-alarms';
import type { ISiemDestination } from './siem/siem-destination';


/** Props of a `SiemForwarder`: where to deliver, what to forward, and the trust's logs key, log retention and alarm topic. */
export interface SiemForwarderProps extends OperationalProps {
  /** Where to deliver: `SiemDestination.splunk(...)`, `.http(...)`, `.crossAccountBucket(...)`, or a destination of your own. */
  readonly destination: ISiemDestination;
  /**
   * The log groups to forward, keyed by a stable name (`trail`, `findings`, ...).
   *
   * The key is part of the subscription filter's construct id, so keep it stable. More can be added with `addLogGroup`.
   *
   * @default - none until `addLogGroup` is called
   */
  readonly logGroups?: Record<string, logs.ILogGroup>;
  /**
   * The bucket receiving server access logs of the backup bucket.
   *
   * @default - no access logging (the NHS pack reports it)
   */
  readonly accessLogsBucket?: s3.IBucket;
  /**
   * How long Firehose buffers records before delivering; shorter means the SIEM sees events sooner.
   *
   * @default Duration.seconds(60)
   */
  readonly bufferingInterval?: Duration;
  /**
   * How long Firehose retries a failing endpoint before backing the records up to the backup bucket (at most 2 hours).
   *
   * @default Duration.hours(1)
   */
  readonly retryDuration?: Duration;
}

/** The longest Firehose retries a failing destination: 2 hours. */
const MAX_RETRY_SECONDS = 7200;

/** What is wrong with a {@link SiemForwarder}'s props (empty when nothing is); destination problems are under `destination.`. */
export function siemForwarderProblems(props: Pick<SiemForwarderProps, 'destination' | 'logRetentionDays' | 'bufferingInterval' | 'retryDuration'>): PropsProblem[] {
  const buffer = (props.bufferingInterval ?? Duration.seconds(60)).toSeconds();
  const retry = (props.retryDuration ?? Duration.hours(1)).toSeconds();
  const max = props.destination.maxBufferingSeconds;
  return [
    ...problemsOf(
      ['logRetentionDays', props.logRetentionDays === undefined ? undefined : securityRetentionProblem(props.logRetentionDays)],
      ['bufferingInterval', buffer >= 0 && buffer <= max ? undefined : `must be 0 to ${max} seconds for the ${props.destination.kind} destination; got ${buffer}`],
      ['retryDuration', retry >= 0 && retry <= MAX_RETRY_SECONDS ? undefined : `must be 0 to ${MAX_RETRY_SECONDS} seconds; got ${retry}`],
    ),
    ...props.destination.problems().map((p) => ({ field: `destination.${p.field}`, message: p.message })),
  ];
}

/**
 * Forwards CloudWatch log groups to the trust's SIEM through Amazon Data Firehose.
 *
 * Subscription filters send every event of each chosen log group to one Firehose stream,
 * encrypted with the logs key; the destination (Splunk, HTTPS endpoint, central bucket) binds
 * its own part of the stream and the permissions it needs. Tokens are read by Firehose from
 * Secrets Manager at delivery time and never appear in the template. Records that cannot be
 * delivered after retries (every record, for a central bucket) are kept in an encrypted,
 * versioned, TLS-only backup bucket retained on delete. Alarms fire on delivery failures, on
 * delivery lag above 15 minutes and on failed backups.
 */
export class SiemForwarder extends Construct {
  /** The Firehose delivery stream. */
  public readonly deliveryStream: firehose.CfnDeliveryStream;
  /** The delivery stream as an `IDeliveryStream`, for other sources such as EventBridge. */
  public readonly stream: firehose.IDeliveryStream;
  /** The bucket holding records that could not be delivered (every record, for the central bucket destination). */
  public readonly backupBucket: s3.Bucket;
  /** The log group where Firehose writes delivery errors. */
  public readonly errorLogGroup: logs.LogGroup;
  /** The role Firehose assumes to deliver; the receiving account of a central bucket grants it access. */
  public readonly deliveryRole: iam.Role;
  /** The customer-managed policy of the delivery role. */
  public readonly deliveryPolicy: iam.ManagedPolicy;
  /** The role CloudWatch Logs assumes to put records into the stream. */
  public readonly subscriptionRole: iam.Role;
  /** The customer-managed policy of the subscription role. */
  public readonly subscriptionPolicy: iam.ManagedPolicy;
  /** The alarm on failed deliveries to the destination. */
  public readonly deliveryFailureAlarm: cloudwatch.Alarm;
  /** The alarm on records waiting more than 15 minutes for delivery. */
  public readonly deliveryLagAlarm: cloudwatch.Alarm;
  /** The alarm on failed writes to the backup bucket, where data would be lost (destinations that back up failed records only). */
  public readonly backupFailureAlarm?: cloudwatch.Alarm;
  /** The subscription filters, by log group name given. */
  public readonly subscriptions: Record<string, logs.SubscriptionFilter> = {};

  private readonly destinationFor: logsDestinations.FirehoseDestination;

  constructor(scope: Construct, id: string, props: SiemForwarderProps) {
    super(scope, id);
    throwIfProblems(`SiemForwarder ${this.node.path}`, siemForwarderProblems(props));
    const retentionDays = props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    const stack = Stack.of(this);
    const key = props.logsKey;

    this.backupBucket = new s3.Bucket(this, 'BackupBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: props.accessLogsBucket ? 'siem-backup/' : undefined,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'ExpireAfterSecurityRetention',
          expiration: Duration.days(retentionDays),
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
    // Object-level events go to EventBridge (a property, not CDK's notifications custom resource), so a SOC can watch backups land.
    (this.backupBucket.node.defaultChild as s3.CfnBucket).addPropertyOverride('NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled', true);
    DesignFindings.of(this.backupBucket).add(
      'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
      'The backup bucket keeps copies of security log records for the security retention, then expires them; the originals stay in CloudWatch Logs and, for the trail, in the Object Lock archive. It is versioned, retained on delete and in the trust backup plan; Object Lock would add nothing the archive does not already hold.',
    );
    DesignFindings.of(this.backupBucket).addAll(
      ['HIPAA.Security-S3BucketReplicationEnabled', 'NIST.800.53.R5-S3BucketReplicationEnabled'],
      'Data residency: eu-west-2 (London) is the only UK region, so cross-region replication would take security logs out of the UK. The bucket holds copies of records whose originals stay in CloudWatch Logs (and, for the trail, in the Object Lock archive); it is versioned, retained on delete and covered by the trust backup plan.',
    );

    this.errorLogGroup = new logs.LogGroup(this, 'DeliveryErrors', { encryptionKey: key, retention: retentionDays, removalPolicy: RemovalPolicy.RETAIN });
    const destinationErrors = new logs.LogStream(this, 'DestinationDeliveryErrors', { logGroup: this.errorLogGroup, removalPolicy: RemovalPolicy.RETAIN });
    const backupErrors = new logs.LogStream(this, 'BackupDeliveryErrors', { logGroup: this.errorLogGroup, removalPolicy: RemovalPolicy.RETAIN });

    this.deliveryRole = new iam.Role(this, 'DeliveryRole', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: 'Amazon Data Firehose delivery of security logs to the trust SIEM',
    });
    const backupObjects = this.backupBucket.arnForObjects('*');
    // A customer-managed policy, not an inline one: every permission is listed here, none added by grants.
    this.deliveryPolicy = new iam.ManagedPolicy(this, 'DeliveryPolicy', {
      description: 'What Amazon Data Firehose needs to deliver security logs to the trust SIEM and back up failures',
      roles: [this.deliveryRole],
      statements: [
        // Exactly what Firehose needs for an S3 destination (no delete), on its own dedicated bucket.
        new iam.PolicyStatement({ sid: 'ListBackupBucket', actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], resources: [this.backupBucket.bucketArn] }),
        new iam.PolicyStatement({ sid: 'WriteBackupBucket', actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject'], resources: [backupObjects] }),
        new iam.PolicyStatement({ sid: 'EncryptBackups', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }),
        new iam.PolicyStatement({ sid: 'LogDeliveryErrors', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.errorLogGroup.logGroupArn] }),
      ],
    });
    DesignFindings.of(this.deliveryPolicy).add(
      `AwsSolutions-IAM5[Resource::${backupObjects}]`,
      'Firehose names each backup object it writes (date path and a generated suffix), so write access is to objects of the dedicated backup bucket, which holds nothing else; no delete, and the bucket and its key are this construct\'s own.',
    );

    const logging = (stream: logs.LogStream): firehose.CfnDeliveryStream.CloudWatchLoggingOptionsProperty => ({
      enabled: true,
      logGroupName: this.errorLogGroup.logGroupName,
      logStreamName: stream.logStreamName,
    });
    const bound = props.destination.bind(this, {
      deliveryRole: this.deliveryRole,
      backup: {
        bucketArn: this.backupBucket.bucketArn,
        roleArn: this.deliveryRole.roleArn,
        // Records are CloudWatch Logs subscription data, already gzipped.
        compressionFormat: 'UNCOMPRESSED',
        encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: key.keyArn } },
        prefix: 'backup/',
        errorOutputPrefix: 'errors/',
        bufferingHints: { intervalInSeconds: 300, sizeInMBs: 5 },
        cloudWatchLoggingOptions: logging(backupErrors),
      },
      errorLogging: logging(destinationErrors),
      decompress: { enabled: true, processors: [{ type: 'Decompression', parameters: [{ parameterName: 'CompressionFormat', parameterValue: 'GZIP' }] }] },
      bufferingIntervalSeconds: (props.bufferingInterval ?? Duration.seconds(60)).toSeconds(),
      retrySeconds: (props.retryDuration ?? Duration.hours(1)).toSeconds(),
    });
    this.deliveryPolicy.addStatements(...bound.statements);
    for (const finding of bound.designFindings) DesignFindings.of(this.deliveryPolicy).add(finding.ruleId, finding.reason);

    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'Resource', {
      deliveryStreamType: 'DirectPut',
      deliveryStreamEncryptionConfigurationInput: { keyType: 'CUSTOMER_MANAGED_CMK', keyArn: key.keyArn },
      ...bound.streamProps,
    });
    // The role's policy must exist before Firehose validates access to the bucket, key and secret.
    this.deliveryStream.node.addDependency(this.deliveryRole, this.deliveryPolicy);
    this.stream = firehose.DeliveryStream.fromDeliveryStreamAttributes(this, 'Stream', {
      deliveryStreamArn: this.deliveryStream.attrArn,
      deliveryStreamName: this.deliveryStream.ref,
    });

    this.subscriptionRole = new iam.Role(this, 'SubscriptionRole', {
      assumedBy: new iam.ServicePrincipal('logs.amazonaws.com', {
        conditions: { StringLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*' }) } },
      }),
      description: 'CloudWatch Logs subscription filters putting security logs into the SIEM stream',
    });
    this.subscriptionPolicy = new iam.ManagedPolicy(this, 'SubscriptionPolicy', {
      description: 'CloudWatch Logs puts security log records into the SIEM stream',
      roles: [this.subscriptionRole],
      statements: [new iam.PolicyStatement({ sid: 'PutRecords', actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'], resources: [this.deliveryStream.attrArn] })],
    });
    // The destination gets the role as immutable: its grant would add an inline policy; the managed policy above holds the permission.
    this.destinationFor = new logsDestinations.FirehoseDestination(this.stream, { role: this.subscriptionRole.withoutPolicyUpdates() });

    const alarms = addSiemDeliveryAlarms(this, {
      streamName: this.deliveryStream.ref,
      kind: props.destination.kind,
      metricPrefix: bound.metricPrefix,
      backsUpEveryRecord: bound.backsUpEveryRecord,
      alarmTopic: props.alarmTopic,
    });
    this.deliveryFailureAlarm = alarms.deliveryFailure;
    this.deliveryLagAlarm = alarms.deliveryLag;
    this.backupFailureAlarm = alarms.backupFailure;

    for (const [name, logGroup] of Object.entries(props.logGroups ?? {})) this.addLogGroup(name, logGroup);
  }

  /**
   * Forwards every event of `logGroup` to the SIEM.
   *
   * `name` is part of the subscription filter's construct id: keep it stable. A log group accepts at most two subscription filters.
   */
  public addLogGroup(name: string, logGroup: logs.ILogGroup): logs.SubscriptionFilter {
    const problems = problemsOf(
      ['logGroups', /^[A-Za-z][A-Za-z0-9]*$/.test(name) ? undefined : `names must be letters and digits starting with a letter (they become construct ids); got '${name}'`],
      ['logGroups', this.subscriptions[name] ? `already forwards a log group named '${name}'; give each log group a different name` : undefined],
    );
    throwIfProblems(`SiemForwarder ${this.node.path}`, problems);
    const filter = new logs.SubscriptionFilter(this, `Subscription${name.charAt(0).toUpperCase()}${name.slice(1)}`, {
      logGroup,
      destination: this.destinationFor,
      filterPattern: logs.FilterPattern.allEvents(),
    });
    // CloudWatch Logs checks the role can put records when the filter is created.
    filter.node.addDependency(this.subscriptionPolicy);
    this.subscriptions[name] = filter;
    return filter;
  }
}
