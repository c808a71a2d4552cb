import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DesignFindings } from '../core/design-findings';
import type { FhirDataStore } from './data-store';

/** Props of {@link FhirStoreExport}. */
export interface FhirStoreExportProps {
  /** The data store to export (its data key encrypts the exports too). */
  readonly dataStore: FhirDataStore;
  /** A name for the schedule group: `<ods>-<environment>-fhir-export`. */
  readonly name: string;
  /**
   * Days each export is locked (S3 Object Lock COMPLIANCE: nobody, root included, can delete it
   * sooner) and then kept before it expires.
   *
   * @default 35
   */
  readonly retentionDays?: number;
  /**
   * When the export runs: an EventBridge Scheduler `cron(...)` or `rate(...)` expression.
   *
   * @default 'cron(0 2 * * ? *)' - every night at 02:00
   */
  readonly schedule?: string;
  /**
   * The time zone of `schedule`.
   *
   * @default 'Europe/London'
   */
  readonly scheduleTimeZone?: string;
  /**
   * The bucket receiving the export bucket's server access logs.
   *
   * @default - no access logging (the packs report it)
   */
  readonly accessLogsBucket?: s3.IBucket;
  /**
   * Where the alarm on failed export starts notifies.
   *
   * @default - the alarm has no action
   */
  readonly alarmTopic?: sns.ITopic;
}

/** The default export schedule: every night at 02:00. */
export const DEFAULT_EXPORT_SCHEDULE = 'cron(0 2 * * ? *)';

/** The default days an export is locked and kept. */
export const DEFAULT_EXPORT_RETENTION_DAYS = 35;

/** The folder of the export bucket HealthLake writes to (one folder per job below it). */
export const EXPORT_PREFIX = 'exports/';

/**
 * The HealthLake store's backup: HealthLake is not an AWS Backup resource, so EventBridge
 * Scheduler calls `StartFHIRExportJob` directly (its universal target, no Lambda) on a schedule,
 * and HealthLake writes the whole store as NDJSON to a bucket with S3 Object Lock in COMPLIANCE
 * mode, versioning, SSE-KMS with the data key, TLS only and all public access blocked. Exports
 * expire after their lock. The README's restore procedure imports an export into a store.
 */
export class FhirStoreExport extends Construct {
  /** The locked export bucket. */
  public readonly bucket: s3.Bucket;
  /** The role HealthLake assumes to write exports. */
  public readonly exportRole: iam.Role;
  /** The schedule that starts each export. */
  public readonly schedule: scheduler.CfnSchedule;
  /** Alarms when the scheduler fails to start an export. */
  public readonly failureAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: FhirStoreExportProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const retentionDays = props.retentionDays ?? DEFAULT_EXPORT_RETENTION_DAYS;
    const { store, dataKey } = props.dataStore;

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: dataKey,
      bucketKeyEnabled: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(retentionDays)),
      versioned: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: props.accessLogsBucket ? 'fhir-export/' : undefined,
      lifecycleRules: [{ expiration: Duration.days(retentionDays + 1), noncurrentVersionExpiration: Duration.days(1), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Each export's objects are announced to EventBridge, where a trust can watch that exports arrive.
    // Set on the L1 resource: the L2 `eventBridgeEnabled` would add a Lambda-backed custom resource.
    (this.bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride('NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled', true);
    DesignFindings.of(this.bucket).addAll(
      ['HIPAA.Security-S3BucketReplicationEnabled', 'NIST.800.53.R5-S3BucketReplicationEnabled'],
      'Data residency: eu-west-2 (London) is the only UK region, so replicating patient records to another region would take them out of the UK. Exports are protected by Object Lock COMPLIANCE, versioning and S3 multi-AZ durability.',
    );

    this.exportRole = new iam.Role(this, 'ExportRole', {
      assumedBy: new iam.ServicePrincipal('healthlake.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnEquals: { 'aws:SourceArn': store.attrDatastoreArn } },
      }),
      description: 'Lets HealthLake write exports of the FHIR store to the locked export bucket.',
    });
    const exportPolicy = new iam.ManagedPolicy(this, 'ExportPolicy', {
      description: 'What HealthLake needs to export the FHIR store to the export bucket.',
      roles: [this.exportRole],
      statements: [
        new iam.PolicyStatement({ sid: 'CheckBucket', actions: ['s3:ListBucket', 's3:GetBucketPublicAccessBlock', 's3:GetEncryptionConfiguration'], resources: [this.bucket.bucketArn] }),
        new iam.PolicyStatement({ sid: 'WriteExports', actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects(`${EXPORT_PREFIX}*`)] }),
        new iam.PolicyStatement({
          sid: 'EncryptExports',
          actions: ['kms:GenerateDataKey', 'kms:DescribeKey'],
          resources: [dataKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
        }),
      ],
    });
    DesignFindings.of(exportPolicy).add(
      `AwsSolutions-IAM5[Resource::${this.bucket.arnForObjects(`${EXPORT_PREFIX}*`)}]`,
      `HealthLake names each export's objects itself, in a folder per job under ${EXPORT_PREFIX}; the wildcard is limited to that folder, and Object Lock stops any overwrite.`,
    );

    const group = new scheduler.CfnScheduleGroup(this, 'ScheduleGroup', { name: props.name });
    const scheduleRole = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: 'Lets EventBridge Scheduler start exports of the FHIR store.',
    });
    const schedulePolicy = new iam.ManagedPolicy(this, 'SchedulePolicy', {
      description: 'Starts exports of this FHIR store only, passing only the export role to HealthLake.',
      roles: [scheduleRole],
      statements: [
        new iam.PolicyStatement({ sid: 'StartExport', actions: ['healthlake:StartFHIRExportJob'], resources: [store.attrDatastoreArn] }),
        new iam.PolicyStatement({
          sid: 'PassExportRole',
          actions: ['iam:PassRole'],
          resources: [this.exportRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'healthlake.amazonaws.com' } },
        }),
      ],
    });
    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      groupName: group.ref,
      description: 'Exports the FHIR store to the locked export bucket (HealthLake has no AWS Backup support).',
      scheduleExpression: props.schedule ?? DEFAULT_EXPORT_SCHEDULE,
      scheduleExpressionTimezone: props.scheduleTimeZone ?? 'Europe/London',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: 'arn:aws:scheduler:::aws-sdk:healthlake:startFHIRExportJob',
        roleArn: scheduleRole.roleArn,
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
        input: stack.toJsonString({
          DatastoreId: store.attrDatastoreId,
          JobName: 'rootstock-scheduled-export',
          DataAccessRoleArn: this.exportRole.roleArn,
          OutputDataConfig: { S3Configuration: { S3Uri: `s3://${this.bucket.bucketName}/${EXPORT_PREFIX}`, KmsKeyId: dataKey.keyArn } },
          // One start per scheduled run, even when the scheduler retries it.
          ClientToken: '<aws.scheduler.execution-id>',
        }),
      },
    });
    this.schedule.node.addDependency(schedulePolicy, exportPolicy);

    const metric = (name: string) => new cloudwatch.Metric({ namespace: 'AWS/Scheduler', metricName: name, dimensionsMap: { ScheduleGroup: props.name }, statistic: cloudwatch.Stats.SUM, period: Duration.hours(1) });
    this.failureAlarm = new cloudwatch.Alarm(this, 'FailureAlarm', {
      alarmDescription: 'EventBridge Scheduler could not start an export of the FHIR store: the store has no fresh backup. Check the schedule role and HealthLake.',
      metric: new cloudwatch.MathExpression({ expression: 'errors + dropped', usingMetrics: { errors: metric('TargetErrorCount'), dropped: metric('InvocationDroppedCount') }, period: Duration.hours(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopic) this.failureAlarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
  }
}
