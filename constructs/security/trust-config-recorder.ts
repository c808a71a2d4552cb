import { Aws, Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DesignFindings } from '../core/design-findings';
import { throwIfProblems, type PropsProblem } from '../core/errors';

/** How often AWS Config delivers configuration snapshots. */
export type ConfigSnapshotFrequency = 'One_Hour' | 'Three_Hours' | 'Six_Hours' | 'Twelve_Hours' | 'TwentyFour_Hours';

/** Props of `TrustConfigRecorder`. */
export interface TrustConfigRecorderProps {
  /** The archive bucket configuration history and snapshots are delivered to. Its policy gains AWS Config's statements. */
  readonly archiveBucket: s3.IBucket;
  /**
   * The archive bucket's KMS key, used by AWS Config to encrypt what it delivers.
   *
   * @default - archiveBucket.encryptionKey; without one, objects get the bucket's default encryption
   */
  readonly archiveKey?: kms.IKey;
  /**
   * The key prefix AWS Config writes under; `''` for none, so it writes under
   * `AWSLogs/<account>/Config/` at the bucket's root, the layout a central archive grants.
   *
   * @default 'config'
   */
  readonly keyPrefix?: string;
  /**
   * Record global resource types (IAM users, roles, policies). Record them in one region only
   * (the trust's home region), or each region records them again.
   *
   * @default true
   */
  readonly includeGlobalResourceTypes?: boolean;
  /**
   * How often configuration snapshots are delivered.
   *
   * @default 'TwentyFour_Hours'
   */
  readonly snapshotFrequency?: ConfigSnapshotFrequency;
}

/**
 * An AWS Config recorder for every supported resource type (global types included in the home
 * region), recording continuously, with a delivery channel to the trust's archive bucket.
 *
 * The recorder uses its own role with the AWS managed `AWS_ConfigRole` policy; the archive
 * bucket's policy gains the statements AWS Config needs (ACL check, list, and write under
 * `<prefix>/AWSLogs/<account>/Config/` with `bucket-owner-full-control`), each conditioned on
 * `aws:SourceAccount` so no other account's Config can use the bucket. One recorder exists per
 * account and region: if the organisation records centrally, turn this off in config with that reason.
 */
export class TrustConfigRecorder extends Construct {
  /** The configuration recorder. */
  public readonly recorder: config.CfnConfigurationRecorder;
  /** The delivery channel to the archive bucket. */
  public readonly deliveryChannel: config.CfnDeliveryChannel;
  /** The role the recorder uses. */
  public readonly role: iam.Role;
  /** The customer-managed policy letting the role deliver to the archive. */
  public readonly deliveryPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: TrustConfigRecorderProps) {
    super(scope, id);
    throwIfProblems(`TrustConfigRecorder ${this.node.path}`, trustConfigRecorderProblems(props));
    const prefix = props.keyPrefix ?? 'config';
    const bucket = props.archiveBucket;
    const key = props.archiveKey ?? bucket.encryptionKey;
    const account = Stack.of(this).account;
    // The pseudo parameter keeps the policy text (and any acknowledgement of it) the same in every account.
    const objects = bucket.arnForObjects(`${prefix ? `${prefix}/` : ''}AWSLogs/${Aws.ACCOUNT_ID}/Config/*`);
    const sameAccount = { StringEquals: { 'aws:SourceAccount': account } };

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com', { conditions: sameAccount }),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
      description: 'AWS Config recorder: reads resource configuration and delivers it to the archive',
    });
    // A customer-managed policy, not an inline one.
    this.deliveryPolicy = new iam.ManagedPolicy(this, 'DeliveryPolicy', {
      description: 'AWS Config delivers configuration history and snapshots to the trust archive',
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({ sid: 'CheckArchiveBucket', actions: ['s3:GetBucketAcl', 's3:ListBucket'], resources: [bucket.bucketArn] }),
        new iam.PolicyStatement({
          sid: 'DeliverToArchive',
          actions: ['s3:PutObject'],
          resources: [objects],
          conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
        }),
        ...(key ? [new iam.PolicyStatement({ sid: 'EncryptDeliveries', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] })] : []),
      ],
    });

    DesignFindings.of(this.role).add(
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole]',
      "AWS Config's own service-role policy: AWS keeps it current as Config records new resource types.",
    );
    DesignFindings.of(this.deliveryPolicy).add(
      `AwsSolutions-IAM5[Resource::${objects}]`,
      "AWS Config names its delivery objects at run time; the grant is limited to this account's Config prefix of the archive.",
    );

    // AWS Config checks and writes through the bucket policy when it delivers as the service.
    const configService = new iam.ServicePrincipal('config.amazonaws.com');
    const statements = [
      new iam.PolicyStatement({
        sid: 'AWSConfigBucketPermissionsCheck',
        principals: [configService],
        actions: ['s3:GetBucketAcl'],
        resources: [bucket.bucketArn],
        conditions: sameAccount,
      }),
      new iam.PolicyStatement({
        sid: 'AWSConfigBucketExistenceCheck',
        principals: [configService],
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: sameAccount,
      }),
      new iam.PolicyStatement({
        sid: 'AWSConfigBucketDelivery',
        principals: [configService],
        actions: ['s3:PutObject'],
        resources: [objects],
        conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': account } },
      }),
    ];
    const policyDependables = statements.map((s) => bucket.addToResourcePolicy(s).policyDependable).filter((d) => d !== undefined);
    key?.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSConfigEncryptsDeliveries',
      principals: [configService],
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: ['*'],
      conditions: sameAccount,
    }), true);

    this.recorder = new config.CfnConfigurationRecorder(this, 'Resource', {
      roleArn: this.role.roleArn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: props.includeGlobalResourceTypes ?? true },
      recordingMode: { recordingFrequency: 'CONTINUOUS' },
    });

    this.deliveryChannel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
      s3BucketName: bucket.bucketName,
      s3KeyPrefix: prefix || undefined,
      s3KmsKeyArn: key?.keyArn,
      configSnapshotDeliveryProperties: { deliveryFrequency: props.snapshotFrequency ?? 'TwentyFour_Hours' },
    });
    // Config refuses a channel without a recorder, and checks the bucket when the channel is created.
    this.deliveryChannel.addResourceDependency(this.recorder);
    for (const d of policyDependables) this.deliveryChannel.node.addDependency(d);
    this.deliveryChannel.node.addDependency(this.role, this.deliveryPolicy);
  }
}

/** What is wrong with a {@link TrustConfigRecorder}'s props (empty when nothing is). */
export function trustConfigRecorderProblems(props: Pick<TrustConfigRecorderProps, 'keyPrefix'>): PropsProblem[] {
  const prefix = props.keyPrefix ?? 'config';
  return prefix === '' || /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/.test(prefix)
    ? []
    : [{ field: 'keyPrefix', message: `must be an S3 key prefix without leading or trailing '/', like 'config' (or '' for none); got '${prefix}'` }];
}
