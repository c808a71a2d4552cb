import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AUDIT_MIN_RETENTION_DAYS, auditRetentionProblem, problemsOf } from '../core/checks';
import { throwIfProblems, type PropsProblem } from '../core/errors';
import { DesignFindings } from '../core/design-findings';
import { allowLogDelivery } from '../keys/key-policies';

/** Props of an {@link AuditLogArchive}. */
export interface AuditLogArchiveProps {
  /**
   * The key that encrypts the archive (SSE-KMS with an S3 bucket key).
   *
   * @default - a new customer-managed key, rotated yearly and retained
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Days every object is locked in COMPLIANCE mode: nobody, root included, can delete or
   * overwrite it before then. Never below 2922 (8 years).
   *
   * @default - 2922 days (8 years)
   */
  readonly auditRetentionDays?: number;
  /**
   * Days after which objects move to S3 Glacier Instant Retrieval (still readable in milliseconds).
   *
   * @default - 90 days
   */
  readonly infrequentAccessAfterDays?: number;
  /**
   * Days after which objects move to S3 Glacier Deep Archive (restores take up to 12 hours).
   *
   * @default - 365 days
   */
  readonly deepArchiveAfterDays?: number;
}

/** Why the archive is not replicated to another region. */
const UK_ONLY_REPLICATION =
  'Data residency: eu-west-2 (London) is the only UK region, so cross-region replication would take data out of the UK against NHS offshoring guidance. Durability comes from S3 (multi-AZ), Object Lock COMPLIANCE retention and versioning.';

/** The S3 feature flag that makes server access logging use a bucket policy instead of an ACL. */
const ACCESS_LOGS_USE_BUCKET_POLICY = '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy';

/**
 * The trust's immutable log archive: an S3 bucket where CloudTrail, VPC flow logs and audit
 * events land and cannot be altered or deleted for the retention period.
 *
 * Object Lock in COMPLIANCE mode, versioning, SSE-KMS with a bucket key, TLS-only access,
 * all public access blocked, server access logs to a separate bucket, lifecycle to colder
 * storage, and both buckets retained when the stack is deleted.
 */
export class AuditLogArchive extends Construct {
  /** The archive bucket (Object Lock COMPLIANCE). */
  public readonly bucket: s3.Bucket;
  /** The bucket that receives the archive's S3 server access logs. */
  public readonly accessLogsBucket: s3.Bucket;
  /** The key that encrypts the archive. */
  public readonly encryptionKey: kms.IKey;
  /** Days each object is locked. */
  public readonly auditRetentionDays: number;

  constructor(scope: Construct, id: string, props: AuditLogArchiveProps = {}) {
    // A bucket policy grants log delivery whatever the app's feature flags say: the ACL
    // alternative is disabled by the bucket-owner-enforced ownership both buckets use.
    // Context must be set before any child exists.
    super(scope, id);
    this.node.setContext(ACCESS_LOGS_USE_BUCKET_POLICY, true);

    throwIfProblems(`AuditLogArchive ${this.node.path}`, auditLogArchiveProblems(props));
    const retentionDays = props.auditRetentionDays ?? AUDIT_MIN_RETENTION_DAYS;
    const iaDays = props.infrequentAccessAfterDays ?? 90;
    const deepDays = props.deepArchiveAfterDays ?? 365;
    this.auditRetentionDays = retentionDays;

    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: 'Rootstock audit log archive key',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Server access logging only supports SSE-S3 on the destination bucket, and the
    // destination must not have an Object Lock default retention.
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'ColderThenExpire',
          transitions: [{ storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(iaDays) }],
          expiration: Duration.days(retentionDays),
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(retentionDays)),
      versioned: true,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.encryptionKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'audit-archive/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'Colder',
          transitions: [
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(iaDays) },
            { storageClass: s3.StorageClass.DEEP_ARCHIVE, transitionAfter: Duration.days(deepDays) },
          ],
          noncurrentVersionTransitions: [
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(iaDays) },
            { storageClass: s3.StorageClass.DEEP_ARCHIVE, transitionAfter: Duration.days(deepDays) },
          ],
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });

    // Object events go to EventBridge, where the trust's monitoring can watch them. Set on the
    // L1 resource: the L2 `eventBridgeEnabled` would add a Lambda-backed custom resource.
    for (const bucket of [this.bucket, this.accessLogsBucket]) {
      (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride('NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled', true);
    }

    // VPC flow logs and other vended logs are written by AWS log delivery with the bucket's key.
    allowLogDelivery(this.encryptionKey, this);

    for (const bucket of [this.bucket, this.accessLogsBucket]) {
      DesignFindings.of(bucket).addAll(['HIPAA.Security-S3BucketReplicationEnabled', 'NIST.800.53.R5-S3BucketReplicationEnabled'], UK_ONLY_REPLICATION);
    }
    DesignFindings.of(this.accessLogsBucket)
      .addAll(
        ['HIPAA.Security-S3DefaultEncryptionKMS', 'NIST.800.53.R5-S3DefaultEncryptionKMS'],
        'S3 server access logging delivers only to target buckets encrypted with SSE-S3 (AES-256); SSE-KMS is not supported there. The bucket holds access logs only, is TLS-only, versioned and blocks public access.',
      )
      .addAll(
        [
          'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check',
          'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
          'cdk-validator-cfnguard::s3_bucket_logging_enabled_check',
        ],
        'The S3 server access log target: S3 delivers access logs only to buckets with SSE-S3 and without an Object Lock default retention, and logging the log bucket to itself would loop. It is versioned, TLS-only, blocks public access and holds access logs only.',
      );
  }
}

/** What is wrong with an {@link AuditLogArchive}'s props (empty when nothing is). */
export function auditLogArchiveProblems(props: Pick<AuditLogArchiveProps, 'auditRetentionDays' | 'infrequentAccessAfterDays' | 'deepArchiveAfterDays'>): PropsProblem[] {
  const iaDays = props.infrequentAccessAfterDays ?? 90;
  const deepDays = props.deepArchiveAfterDays ?? 365;
  return problemsOf(
    ['auditRetentionDays', props.auditRetentionDays === undefined ? undefined : auditRetentionProblem(props.auditRetentionDays)],
    ['infrequentAccessAfterDays', !Number.isInteger(iaDays) || iaDays < 30 ? `must be a whole number of at least 30 (S3 minimum before a transition), got ${iaDays}` : undefined],
    [
      'deepArchiveAfterDays',
      !Number.isInteger(deepDays) || deepDays < iaDays + 90
        ? `must be a whole number at least 90 days after 'infrequentAccessAfterDays' (${iaDays}; Glacier Instant Retrieval bills 90 days minimum), got ${deepDays}. Use ${iaDays + 90} or more`
        : undefined,
    ],
  );
}
