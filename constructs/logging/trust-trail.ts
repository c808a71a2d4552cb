import { RemovalPolicy } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { problemsOf, securityRetentionProblem } from '../core/checks';
import { throwIfProblems, type PropsProblem } from '../core/errors';
import { DEFAULT_LOG_RETENTION_DAYS, type LogRetentionProps } from '../core/operational-props';
import { allowCloudTrail, allowCloudWatchLogs } from '../keys/key-policies';
import { AuditLogArchive } from './audit-log-archive';

/** Props of a {@link TrustTrail}. */
export interface TrustTrailProps extends LogRetentionProps {
  /**
   * The bucket the trail delivers log files to (normally an {@link AuditLogArchive}'s bucket).
   *
   * @default - a new AuditLogArchive with its defaults
   */
  readonly bucket?: s3.IBucket;
  /**
   * The key that encrypts the trail's CloudWatch log group, and its log files unless `bucketKey` is given.
   *
   * @default - the bucket's key if it has one, else a new customer-managed key (rotated, retained)
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * The key that encrypts the trail's log files (CloudTrail `KMSKeyId`), when it is not
   * `encryptionKey`: a central archive's key in another account, whose own policy lets this
   * account's CloudTrail use it (this construct adds nothing to it).
   *
   * @default - encryptionKey
   */
  readonly bucketKey?: kms.IKey;
  /**
   * The trail's name.
   *
   * @default - a name CloudFormation generates
   */
  readonly trailName?: string;
  /**
   * CloudTrail Insights to turn on (unusual API call or error rates). Billed per event analysed.
   *
   * @default - none
   */
  readonly insightTypes?: cloudtrail.InsightType[];
}

/**
 * The account's CloudTrail: every region, management events (read and write), log file
 * integrity validation, KMS encryption, delivery to the audit archive and to an encrypted
 * CloudWatch log group that security alarms read.
 */
export class TrustTrail extends Construct {
  /** The trail. */
  public readonly trail: cloudtrail.Trail;
  /** The CloudWatch log group the trail delivers to (KMS-encrypted, retained). */
  public readonly logGroup: logs.LogGroup;
  /** The key encrypting the log group (and the log files, unless `bucketKey` was given). */
  public readonly encryptionKey: kms.IKey;
  /** The key encrypting the log files. */
  public readonly logFileKey: kms.IKey;
  /** The bucket receiving log files. */
  public readonly bucket: s3.IBucket;
  /** The role CloudTrail assumes to write to the log group. */
  public readonly logsRole: iam.Role;

  constructor(scope: Construct, id: string, props: TrustTrailProps = {}) {
    super(scope, id);
    throwIfProblems(`TrustTrail ${this.node.path}`, trustTrailProblems(props));
    const retentionDays = props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;

    this.bucket = props.bucket ?? new AuditLogArchive(this, 'Archive').bucket;
    this.encryptionKey = props.encryptionKey ?? this.bucket.encryptionKey ?? new kms.Key(this, 'Key', {
      description: 'Rootstock CloudTrail key',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.logFileKey = props.bucketKey ?? this.encryptionKey;
    allowCloudTrail(this.logFileKey, this);
    allowCloudWatchLogs(this.encryptionKey, this);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      encryptionKey: this.encryptionKey,
      retention: retentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.trail = new cloudtrail.Trail(this, 'Resource', {
      trailName: props.trailName,
      bucket: this.bucket,
      encryptionKey: this.logFileKey,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      managementEvents: cloudtrail.ReadWriteType.ALL,
      insightTypes: props.insightTypes,
    });

    // CloudWatch Logs delivery is wired on the CloudFormation resource rather than through
    // `sendToCloudWatchLogs`, so the delivery role's permissions sit in a customer-managed
    // policy instead of an inline one (compliance packs flag inline policies).
    this.logsRole = new iam.Role(this, 'LogsRole', {
      assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com'),
      description: 'Lets CloudTrail deliver events to the trail log group.',
    });
    const logsPolicy = new iam.ManagedPolicy(this, 'LogsPolicy', {
      description: 'CloudTrail delivery to the trail log group only.',
      statements: [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] })],
      roles: [this.logsRole],
    });
    const cfnTrail = this.trail.node.defaultChild as cloudtrail.CfnTrail;
    cfnTrail.cloudWatchLogsLogGroupArn = this.logGroup.logGroupArn;
    cfnTrail.cloudWatchLogsRoleArn = this.logsRole.roleArn;
    cfnTrail.node.addDependency(logsPolicy);
  }

  /**
   * Records S3 object-level (data) events for the given buckets: who read or wrote which object.
   *
   * Use for buckets holding patient data. Data events are billed per event.
   */
  public logS3DataEvents(buckets: s3.IBucket[], readWriteType: cloudtrail.ReadWriteType = cloudtrail.ReadWriteType.ALL): void {
    this.trail.addS3EventSelector(buckets.map((bucket) => ({ bucket })), { readWriteType, includeManagementEvents: false });
  }
}

/** What is wrong with a {@link TrustTrail}'s props (empty when nothing is). */
export function trustTrailProblems(props: Pick<TrustTrailProps, 'logRetentionDays'>): PropsProblem[] {
  return problemsOf(['logRetentionDays', props.logRetentionDays === undefined ? undefined : securityRetentionProblem(props.logRetentionDays)]);
}
