import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as logsDestinations from 'aws-cdk-lib/aws-logs-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** Options for forwarding to Splunk through its HTTP Event Collector (HEC). */
export interface SplunkSiemOptions {
  /** The HEC endpoint, `https://...` (Splunk Cloud: `https://http-inputs-firehose-<stack>.splunkcloud.com:443`). */
  readonly endpoint: string;
  /**
   * The Secrets Manager secret holding the HEC token as `{"hec_token": "<token>"}`.
   *
   * Firehose reads it at delivery time, so the token never appears in the template.
   */
  readonly secret: secretsmanager.ISecret;
  /**
   * The HEC endpoint type.
   *
   * @default 'Event'
   */
  readonly endpointType?: 'Event' | 'Raw';
}

/** Options for forwarding to a generic HTTPS endpoint (for example a Microsoft Sentinel data collection endpoint behind a relay). */
export interface HttpSiemOptions {
  /** The endpoint URL, `https://...`. */
  readonly endpoint: string;
  /**
   * The Secrets Manager secret holding the endpoint's access key as `{"api_key": "<key>"}`.
   *
   * Firehose sends it in the `X-Amz-Firehose-Access-Key` header; it never appears in the template.
   */
  readonly secret: secretsmanager.ISecret;
  /**
   * A label for the endpoint, shown in the Firehose console.
   *
   * @default 'SIEM'
   */
  readonly endpointName?: string;
}

/** Options for forwarding to a bucket in a central security account. */
export interface CrossAccountBucketSiemOptions {
  /** The receiving bucket's ARN, `arn:aws:s3:::name`. Its policy must allow this stack's delivery role (see README). */
  readonly bucketArn: string;
  /**
   * The receiving bucket's KMS key ARN, when its policy requires SSE-KMS with that key.
   *
   * @default - objects are encrypted by the receiving bucket's default encryption
   */
  readonly kmsKeyArn?: string;
  /**
   * The key prefix this trust writes under; the receiving account grants access to this prefix only.
   *
   * @default 'siem/<this account id>/'
   */
  readonly keyPrefix?: string;
}

/** Where a `SiemForwarder` delivers: Splunk HEC, a generic HTTPS endpoint, or a cross-account bucket. */
export class SiemDestination {
  /** Splunk HTTP Event Collector; token from Secrets Manager. */
  public static splunk(options: SplunkSiemOptions): SiemDestination {
    return new SiemDestination('splunk', options);
  }

  /** A generic HTTPS endpoint; access key from Secrets Manager. */
  public static http(options: HttpSiemOptions): SiemDestination {
    return new SiemDestination('http', options);
  }

  /** A bucket in a central security account (cross-account). */
  public static crossAccountBucket(options: CrossAccountBucketSiemOptions): SiemDestination {
    return new SiemDestination('s3', options);
  }

  private constructor(
    /** The kind of destination. */
    public readonly kind: 'splunk' | 'http' | 's3',
    /** The destination's options. */
    public readonly options: SplunkSiemOptions | HttpSiemOptions | CrossAccountBucketSiemOptions,
  ) {}
}

/** Props of a `SiemForwarder`. */
export interface SiemForwarderProps {
  /** Where to deliver. */
  readonly destination: SiemDestination;
  /**
   * The log groups to forward, keyed by a stable name (`trail`, `flowLogs`, ...).
   *
   * The key is part of the subscription filter's construct id, so keep it stable. More can be added with `addLogGroup`.
   *
   * @default - none until `addLogGroup` is called
   */
  readonly logGroups?: Record<string, logs.ILogGroup>;
  /**
   * The customer-managed key for the stream, the failed-delivery bucket and the delivery error log group.
   *
   * Its key policy must let CloudWatch Logs (`logs.<region>.amazonaws.com`) use it for the error log group.
   */
  readonly encryptionKey: kms.IKey;
  /**
   * Where delivery-failure alarms notify.
   *
   * @default - alarms are created without actions
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * The bucket receiving server access logs of the failed-delivery bucket.
   *
   * @default - no access logging (the NHS pack reports it)
   */
  readonly accessLogsBucket?: s3.IBucket;
  /**
   * How long failed deliveries and delivery error logs are kept.
   *
   * @default logs.RetentionDays.THIRTEEN_MONTHS (400 days)
   */
  readonly retention?: logs.RetentionDays;
  /**
   * How long Firehose buffers records before delivering; shorter means the SIEM sees events sooner.
   *
   * @default Duration.seconds(60)
   */
  readonly bufferingInterval?: Duration;
  /**
   * How long Firehose retries a failing endpoint before backing the records up to the failed-delivery bucket.
   *
   * @default Duration.hours(1)
   */
  readonly retryDuration?: Duration;
}

/** The minimum retention for the failed-delivery backups: 6 months (security logs). */
const MIN_RETENTION_DAYS = 180;

/**
 * Forwards CloudWatch log groups to the trust's SIEM through Amazon Data Firehose.
 *
 * Subscription filters send every event of each chosen log group to one Firehose stream,
 * encrypted with the customer key. Splunk and HTTP destinations get the decompressed
 * CloudWatch Logs envelope; their tokens are read from Secrets Manager by Firehose at delivery
 * time and never appear in the template. Records that cannot be delivered after retries are
 * backed up to an encrypted, versioned, TLS-only bucket that is retained on delete (for the
 * `s3` destination every record is also kept there, since S3 delivery has no failed-only
 * backup). Alarms fire on delivery failures and on delivery lag above 15 minutes.
 */
export class SiemForwarder extends Construct {
  /** The Firehose delivery stream. */
  public readonly deliveryStream: firehose.CfnDeliveryStream;
  /** The delivery stream as an `IDeliveryStream`, for other sources such as EventBridge. */
  public readonly stream: firehose.IDeliveryStream;
  /** The bucket holding records that could not be delivered (all records for the `s3` destination). */
  public readonly backupBucket: s3.Bucket;
  /** The log group where Firehose writes delivery errors. */
  public readonly errorLogGroup: logs.LogGroup;
  /** The role Firehose assumes to deliver; the receiving account of a cross-account bucket grants it access. */
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
  /** The alarm on failed writes to the backup bucket (Splunk and HTTP destinations), where data would be lost. */
  public readonly backupFailureAlarm?: cloudwatch.Alarm;
  /** The subscription filters, by log group name given. */
  public readonly subscriptions: Record<string, logs.SubscriptionFilter> = {};

  private readonly destinationFor: logsDestinations.FirehoseDestination;

  constructor(scope: Construct, id: string, props: SiemForwarderProps) {
    super(scope, id);
    const retention = props.retention ?? logs.RetentionDays.THIRTEEN_MONTHS;
    if (retention !== logs.RetentionDays.INFINITE && retention < MIN_RETENTION_DAYS) {
      throw new Error(`SiemForwarder 'retention' must be at least ${MIN_RETENTION_DAYS} days for security logs, got ${retention}. Use logs.RetentionDays.THIRTEEN_MONTHS or longer.`);
    }
    const bufferSeconds = (props.bufferingInterval ?? Duration.seconds(60)).toSeconds();
    const maxBuffer = props.destination.kind === 'splunk' ? 60 : 900;
    if (bufferSeconds < 0 || bufferSeconds > maxBuffer) {
      throw new Error(`SiemForwarder 'bufferingInterval' must be 0 to ${maxBuffer} seconds for the ${props.destination.kind} destination, got ${bufferSeconds}.`);
    }
    const retrySeconds = (props.retryDuration ?? Duration.hours(1)).toSeconds();
    if (retrySeconds < 0 || retrySeconds > 7200) {
      throw new Error(`SiemForwarder 'retryDuration' must be 0 to 7200 seconds, got ${retrySeconds}.`);
    }
    validateDestination(props.destination);

    const stack = Stack.of(this);
    const key = props.encryptionKey;

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
          expiration: retention === logs.RetentionDays.INFINITE ? undefined : Duration.days(retention),
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });

    this.errorLogGroup = new logs.LogGroup(this, 'DeliveryErrors', {
      encryptionKey: key,
      retention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const destinationErrors = new logs.LogStream(this, 'DestinationDeliveryErrors', { logGroup: this.errorLogGroup, removalPolicy: RemovalPolicy.RETAIN });
    const backupErrors = new logs.LogStream(this, 'BackupDeliveryErrors', { logGroup: this.errorLogGroup, removalPolicy: RemovalPolicy.RETAIN });

    this.deliveryRole = new iam.Role(this, 'DeliveryRole', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: 'Amazon Data Firehose delivery of security logs to the trust SIEM',
    });
    // A customer-managed policy, not an inline one: every permission is listed here, none added by grants.
    this.deliveryPolicy = new iam.ManagedPolicy(this, 'DeliveryPolicy', {
      description: 'What Amazon Data Firehose needs to deliver security logs to the trust SIEM and back up failures',
      roles: [this.deliveryRole],
      statements: [
        // Exactly what Firehose needs for an S3 destination (no delete), on its own dedicated bucket.
        new iam.PolicyStatement({
          sid: 'ListBackupBucket',
          actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
          resources: [this.backupBucket.bucketArn],
        }),
        new iam.PolicyStatement({
          sid: 'WriteBackupBucket',
          actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject'],
          resources: [this.backupBucket.arnForObjects('*')],
        }),
        new iam.PolicyStatement({
          sid: 'EncryptBackups',
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [key.keyArn],
        }),
        new iam.PolicyStatement({
          sid: 'LogDeliveryErrors',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.errorLogGroup.logGroupArn],
        }),
      ],
    });

    const logging = (stream: logs.LogStream): firehose.CfnDeliveryStream.CloudWatchLoggingOptionsProperty => ({
      enabled: true,
      logGroupName: this.errorLogGroup.logGroupName,
      logStreamName: stream.logStreamName,
    });
    const backupConfiguration: firehose.CfnDeliveryStream.S3DestinationConfigurationProperty = {
      bucketArn: this.backupBucket.bucketArn,
      roleArn: this.deliveryRole.roleArn,
      // Records are CloudWatch Logs subscription data, already gzipped.
      compressionFormat: 'UNCOMPRESSED',
      encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: key.keyArn } },
      prefix: 'backup/',
      errorOutputPrefix: 'errors/',
      bufferingHints: { intervalInSeconds: 300, sizeInMBs: 5 },
      cloudWatchLoggingOptions: logging(backupErrors),
    };
    // Firehose unpacks the gzipped CloudWatch Logs records natively: no Lambda transform.
    const decompress: firehose.CfnDeliveryStream.ProcessingConfigurationProperty = {
      enabled: true,
      processors: [{ type: 'Decompression', parameters: [{ parameterName: 'CompressionFormat', parameterValue: 'GZIP' }] }],
    };

    let destinationProps: Partial<firehose.CfnDeliveryStreamProps>;
    let metricPrefix: string;
    const d = props.destination;
    if (d.kind === 'splunk') {
      const o = d.options as SplunkSiemOptions;
      this.deliveryPolicy.addStatements(...readSecret(o.secret));
      metricPrefix = 'DeliveryToSplunk';
      destinationProps = {
        splunkDestinationConfiguration: {
          hecEndpoint: o.endpoint,
          hecEndpointType: o.endpointType ?? 'Event',
          hecAcknowledgmentTimeoutInSeconds: 300,
          secretsManagerConfiguration: { enabled: true, secretArn: o.secret.secretArn, roleArn: this.deliveryRole.roleArn },
          bufferingHints: { intervalInSeconds: bufferSeconds, sizeInMBs: 5 },
          retryOptions: { durationInSeconds: retrySeconds },
          processingConfiguration: decompress,
          s3BackupMode: 'FailedEventsOnly',
          s3Configuration: backupConfiguration,
          cloudWatchLoggingOptions: logging(destinationErrors),
        },
      };
    } else if (d.kind === 'http') {
      const o = d.options as HttpSiemOptions;
      this.deliveryPolicy.addStatements(...readSecret(o.secret));
      metricPrefix = 'DeliveryToHttpEndpoint';
      destinationProps = {
        httpEndpointDestinationConfiguration: {
          endpointConfiguration: { url: o.endpoint, name: o.endpointName ?? 'SIEM' },
          secretsManagerConfiguration: { enabled: true, secretArn: o.secret.secretArn, roleArn: this.deliveryRole.roleArn },
          requestConfiguration: { contentEncoding: 'GZIP' },
          bufferingHints: { intervalInSeconds: bufferSeconds, sizeInMBs: 1 },
          retryOptions: { durationInSeconds: retrySeconds },
          processingConfiguration: decompress,
          roleArn: this.deliveryRole.roleArn,
          s3BackupMode: 'FailedDataOnly',
          s3Configuration: backupConfiguration,
          cloudWatchLoggingOptions: logging(destinationErrors),
        },
      };
    } else {
      const o = d.options as CrossAccountBucketSiemOptions;
      const prefix = o.keyPrefix ?? `siem/${stack.account}/`;
      metricPrefix = 'DeliveryToS3';
      this.deliveryPolicy.addStatements(new iam.PolicyStatement({
        sid: 'ListCentralBucket',
        actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        resources: [o.bucketArn],
      }));
      this.deliveryPolicy.addStatements(new iam.PolicyStatement({
        sid: 'WriteTrustPrefixOfCentralBucket',
        actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject'],
        resources: [`${o.bucketArn}/${prefix}*`],
      }));
      if (o.kmsKeyArn) {
        this.deliveryPolicy.addStatements(new iam.PolicyStatement({
          sid: 'EncryptWithCentralKey',
          actions: ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:Decrypt'],
          resources: [o.kmsKeyArn],
        }));
      }
      destinationProps = {
        extendedS3DestinationConfiguration: {
          bucketArn: o.bucketArn,
          roleArn: this.deliveryRole.roleArn,
          compressionFormat: 'UNCOMPRESSED',
          encryptionConfiguration: o.kmsKeyArn ? { kmsEncryptionConfig: { awskmsKeyArn: o.kmsKeyArn } } : { noEncryptionConfig: 'NoEncryption' },
          prefix: `${prefix}logs/!{timestamp:yyyy/MM/dd/HH}/`,
          errorOutputPrefix: `${prefix}errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/`,
          bufferingHints: { intervalInSeconds: bufferSeconds, sizeInMBs: 5 },
          // S3 delivery has no failed-only backup: keep every record locally so nothing is lost while the central bucket refuses writes.
          s3BackupMode: 'Enabled',
          s3BackupConfiguration: backupConfiguration,
          cloudWatchLoggingOptions: logging(destinationErrors),
        },
      };
    }

    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'Resource', {
      deliveryStreamType: 'DirectPut',
      deliveryStreamEncryptionConfigurationInput: { keyType: 'CUSTOMER_MANAGED_CMK', keyArn: key.keyArn },
      ...destinationProps,
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

    const alarmMetric = (name: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/Firehose',
        metricName: name,
        dimensionsMap: { DeliveryStreamName: this.deliveryStream.ref },
        statistic,
        period: Duration.minutes(5),
      });
    this.deliveryFailureAlarm = new cloudwatch.Alarm(this, 'DeliveryFailureAlarm', {
      alarmDescription: `Security logs are failing to reach the SIEM (${d.kind}); failed records go to the backup bucket after retries. Check the delivery error log group.`,
      metric: alarmMetric(`${metricPrefix}.Success`, 'Minimum'),
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      threshold: 1,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.deliveryLagAlarm = new cloudwatch.Alarm(this, 'DeliveryLagAlarm', {
      alarmDescription: `Security logs have waited more than 15 minutes for delivery to the SIEM (${d.kind}).`,
      metric: alarmMetric(`${metricPrefix}.DataFreshness`, 'Maximum'),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: 900,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const alarms = [this.deliveryFailureAlarm, this.deliveryLagAlarm];
    if (d.kind !== 's3') {
      this.backupFailureAlarm = new cloudwatch.Alarm(this, 'BackupFailureAlarm', {
        alarmDescription: 'Records that failed SIEM delivery could not be written to the backup bucket: security logs are being lost.',
        metric: alarmMetric('DeliveryToS3.Success', 'Minimum'),
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarms.push(this.backupFailureAlarm);
    }
    if (props.alarmTopic) {
      const action = new cwActions.SnsAction(props.alarmTopic);
      for (const alarm of alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }

    for (const [name, logGroup] of Object.entries(props.logGroups ?? {})) this.addLogGroup(name, logGroup);
  }

  /**
   * Forwards every event of `logGroup` to the SIEM.
   *
   * `name` is part of the subscription filter's construct id: keep it stable. A log group accepts at most two subscription filters.
   */
  public addLogGroup(name: string, logGroup: logs.ILogGroup): logs.SubscriptionFilter {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
      throw new Error(`SiemForwarder log group name must be letters and digits starting with a letter (it becomes a construct id), got '${name}'.`);
    }
    if (this.subscriptions[name]) {
      throw new Error(`SiemForwarder already forwards a log group named '${name}'; give each log group a different name.`);
    }
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

/** Read access to a secret: its full ARN when known, else any version suffix of the partial ARN (as `grantRead` does). */
function readSecret(secret: secretsmanager.ISecret): iam.PolicyStatement[] {
  const statements = [
    new iam.PolicyStatement({
      sid: 'ReadSiemSecret',
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resources: [secret.secretFullArn ?? `${secret.secretArn}-??????`],
    }),
  ];
  if (secret.encryptionKey) {
    statements.push(new iam.PolicyStatement({
      sid: 'DecryptSiemSecret',
      actions: ['kms:Decrypt'],
      resources: [secret.encryptionKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(secret).region}.amazonaws.com` } },
    }));
  }
  return statements;
}

function validateDestination(d: SiemDestination): void {
  if (d.kind === 's3') {
    const o = d.options as CrossAccountBucketSiemOptions;
    if (!Token.isUnresolved(o.bucketArn) && !/^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(o.bucketArn)) {
      throw new Error(`SiemDestination.crossAccountBucket 'bucketArn' must be an S3 bucket ARN like arn:aws:s3:::central-security-logs, got '${o.bucketArn}'.`);
    }
    if (o.keyPrefix !== undefined && !Token.isUnresolved(o.keyPrefix) && !/^[A-Za-z0-9!_.*'()/-]+\/$/.test(o.keyPrefix)) {
      throw new Error(`SiemDestination.crossAccountBucket 'keyPrefix' must be a key prefix ending in '/', like 'siem/RXX/', got '${o.keyPrefix}'.`);
    }
    return;
  }
  const endpoint = (d.options as SplunkSiemOptions | HttpSiemOptions).endpoint;
  if (!Token.isUnresolved(endpoint) && !/^https:\/\/[^\s/@]+(\/\S*)?$/.test(endpoint)) {
    throw new Error(`SiemDestination.${d.kind} 'endpoint' must be an https:// URL without credentials, got '${endpoint}'. Firehose sends security logs only over TLS.`);
  }
}
