import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { logRetentionAtLeast, securityRetentionProblem } from '../core/checks';
import { DesignFindings } from '../core/design-findings';
import { throwIfProblems, type PropsProblem } from '../core/errors';
import { DEFAULT_LOG_RETENTION_DAYS } from '../core/operational-props';

/** Props of {@link ArchiveDelivery}. */
export interface ArchiveDeliveryProps {
  /** The log group whose every event is delivered. */
  readonly source: logs.ILogGroup;
  /** The archive bucket the records land in (an AuditLogArchive's bucket). */
  readonly bucket: s3.IBucket;
  /**
   * The key objects are encrypted with.
   *
   * @default - the bucket's own encryption key, else `streamKey`
   */
  readonly bucketKey?: kms.IKey;
  /** Encrypts the delivery stream and its error log group: the trust's logs key. */
  readonly streamKey: kms.IKey;
  /**
   * Where records land: an S3 prefix that may use Firehose's `!{timestamp:...}` and, with
   * `partitionQuery`, `!{partitionKeyFromQuery:<key>}` expressions. It must start with a fixed
   * folder (`fhir-audit/`): the delivery role may write only below it.
   */
  readonly prefix: string;
  /** Where records that cannot be delivered or partitioned land; starts with its own fixed folder. */
  readonly errorOutputPrefix: string;
  /**
   * A JQ 1.6 query over each record returning the partition keys the prefix uses. Partition keys
   * must come from values the writer controls (a timestamp it sets), never from caller input:
   * every distinct value is an active partition, and Firehose allows 500 per stream.
   *
   * @default - no dynamic partitioning; only `!{timestamp:...}` in the prefix
   */
  readonly partitionQuery?: string;
  /**
   * Days the delivery error log group is kept.
   *
   * @default 400
   */
  readonly logRetentionDays?: number;
  /** What the delivery carries, for role descriptions: `FHIR AuditEvents`. */
  readonly what: string;
  /** The delivery's name, for the policy description: `FHIR audit` (the FHIR audit archive delivery stream). */
  readonly name: string;
}

/**
 * Delivers a log group to the audit archive: subscription filter -> Amazon Data Firehose (native
 * decompression and CloudWatch Logs message extraction, no Lambda) -> S3, one JSON record per
 * line, gzip, SSE-KMS.
 *
 * The delivery role may write only below the prefix's and the error prefix's fixed folders;
 * CloudWatch Logs may put records only into this stream. Delivery errors go to an encrypted,
 * retained log group.
 */
export class ArchiveDelivery extends Construct {
  /** The Firehose delivery stream. */
  public readonly deliveryStream: firehose.CfnDeliveryStream;
  /** The delivery role's managed policy. */
  public readonly deliveryPolicy: iam.ManagedPolicy;
  /** The log group Firehose writes delivery errors to. */
  public readonly errorLogGroup: logs.LogGroup;
  /** The subscription filter that feeds the stream. */
  public readonly subscription: logs.CfnSubscriptionFilter;

  constructor(scope: Construct, id: string, props: ArchiveDeliveryProps) {
    super(scope, id);
    throwIfProblems(`ArchiveDelivery ${this.node.path}`, archiveDeliveryProblems(props));
    const stack = Stack.of(this);
    const bucketKey = props.bucketKey ?? props.bucket.encryptionKey ?? props.streamKey;
    const folders = [fixedFolder(props.prefix), fixedFolder(props.errorOutputPrefix)];
    const retention = logRetentionAtLeast(props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS) as logs.RetentionDays | undefined;

    this.errorLogGroup = new logs.LogGroup(this, 'ArchiveDeliveryLog', {
      encryptionKey: props.streamKey,
      retention: retention ?? logs.RetentionDays.INFINITE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const errorStream = new logs.LogStream(this, 'ArchiveDeliveryLogStream', { logGroup: this.errorLogGroup, removalPolicy: RemovalPolicy.RETAIN });
    const role = new iam.Role(this, 'ArchiveDeliveryRole', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: `Delivers ${props.what} from the audit log group to the archive bucket.`,
    });
    this.deliveryPolicy = new iam.ManagedPolicy(this, 'ArchiveDeliveryPolicy', {
      description: `Permissions of the ${props.name} archive delivery stream.`,
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          sid: 'WriteAuditPrefixes',
          actions: ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject'],
          resources: [props.bucket.bucketArn, ...folders.map((f) => props.bucket.arnForObjects(`${f}*`))],
        }),
        new iam.PolicyStatement({ sid: 'UseKeys', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [bucketKey.keyArn, props.streamKey.keyArn] }),
        new iam.PolicyStatement({ sid: 'WriteDeliveryErrors', actions: ['logs:PutLogEvents'], resources: [this.errorLogGroup.logGroupArn] }),
      ],
    });
    for (const folder of folders) {
      DesignFindings.of(this.deliveryPolicy).add(
        `AwsSolutions-IAM5[Resource::${props.bucket.arnForObjects(`${folder}*`)}]`,
        `Firehose writes objects it names itself under the ${folder} prefix of the archive; the wildcard is limited to that prefix.`,
      );
    }

    const partitioned = props.partitionQuery !== undefined;
    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'ArchiveDelivery', {
      deliveryStreamType: 'DirectPut',
      deliveryStreamEncryptionConfigurationInput: { keyType: 'CUSTOMER_MANAGED_CMK', keyArn: props.streamKey.keyArn },
      extendedS3DestinationConfiguration: {
        bucketArn: props.bucket.bucketArn,
        roleArn: role.roleArn,
        prefix: props.prefix,
        errorOutputPrefix: props.errorOutputPrefix,
        bufferingHints: { intervalInSeconds: 300, sizeInMBs: 64 },
        compressionFormat: 'GZIP',
        encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: bucketKey.keyArn } },
        cloudWatchLoggingOptions: { enabled: true, logGroupName: this.errorLogGroup.logGroupName, logStreamName: errorStream.logStreamName },
        ...(partitioned ? { dynamicPartitioningConfiguration: { enabled: true, retryOptions: { durationInSeconds: 300 } } } : {}),
        processingConfiguration: {
          enabled: true,
          processors: [
            { type: 'Decompression', parameters: [{ parameterName: 'CompressionFormat', parameterValue: 'GZIP' }] },
            { type: 'CloudWatchLogProcessing', parameters: [{ parameterName: 'DataMessageExtraction', parameterValue: 'true' }] },
            ...(partitioned
              ? [{ type: 'MetadataExtraction', parameters: [
                { parameterName: 'MetadataExtractionQuery', parameterValue: props.partitionQuery! },
                { parameterName: 'JsonParsingEngine', parameterValue: 'JQ-1.6' },
              ] }]
              : []),
            { type: 'AppendDelimiterToRecord', parameters: [] },
          ],
        },
      },
    });
    this.deliveryStream.node.addDependency(this.deliveryPolicy);

    const subscriptionRole = new iam.Role(this, 'AuditSubscriptionRole', {
      assumedBy: new iam.ServicePrincipal('logs.amazonaws.com', {
        conditions: { ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) } },
      }),
      description: `Lets CloudWatch Logs put ${props.what} into the archive delivery stream.`,
    });
    const subscriptionPolicy = new iam.ManagedPolicy(this, 'AuditSubscriptionPolicy', {
      description: `Lets CloudWatch Logs put ${props.what} into the archive delivery stream.`,
      roles: [subscriptionRole],
      statements: [new iam.PolicyStatement({ actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'], resources: [this.deliveryStream.attrArn] })],
    });
    this.subscription = new logs.CfnSubscriptionFilter(this, 'AuditArchiveSubscription', {
      logGroupName: props.source.logGroupName,
      filterPattern: '',
      destinationArn: this.deliveryStream.attrArn,
      roleArn: subscriptionRole.roleArn,
    });
    this.subscription.node.addDependency(subscriptionPolicy);
  }
}

/** The fixed folder a Firehose prefix starts with (`fhir-audit/` of `fhir-audit/!{timestamp:yyyy}/`), or '' when it has none. */
function fixedFolder(prefix: string): string {
  const head = prefix.split('!{')[0];
  return head.slice(0, head.lastIndexOf('/') + 1);
}

/** What is wrong with an {@link ArchiveDelivery}'s plain-data props (empty when nothing is). */
export function archiveDeliveryProblems(props: Pick<ArchiveDeliveryProps, 'prefix' | 'errorOutputPrefix' | 'partitionQuery' | 'logRetentionDays'>): PropsProblem[] {
  const problems: PropsProblem[] = [];
  for (const field of ['prefix', 'errorOutputPrefix'] as const) {
    const value = props[field];
    if (!fixedFolder(value)) problems.push({ field, message: `must start with a fixed folder ending in '/', like 'fhir-audit/', so the delivery role can be limited to it; got '${value}'` });
  }
  const [prefixFolder, errorFolder] = [fixedFolder(props.prefix), fixedFolder(props.errorOutputPrefix)];
  if (prefixFolder && errorFolder && (prefixFolder.startsWith(errorFolder) || errorFolder.startsWith(prefixFolder))) {
    problems.push({ field: 'errorOutputPrefix', message: `must be a folder of its own, apart from the prefix's '${prefixFolder}'; got '${props.errorOutputPrefix}'. Use '${prefixFolder.replace(/\/$/, '')}-errors/...'` });
  }
  const usesKeys = /!\{partitionKeyFromQuery:/.test(props.prefix);
  if (usesKeys && props.partitionQuery === undefined) problems.push({ field: 'partitionQuery', message: `is required when the prefix uses !{partitionKeyFromQuery:...}; got none for '${props.prefix}'` });
  if (!usesKeys && props.partitionQuery !== undefined) problems.push({ field: 'partitionQuery', message: `is only used with a prefix that has !{partitionKeyFromQuery:<key>}; '${props.prefix}' has none. Remove partitionQuery, or use its keys in the prefix` });
  if (props.logRetentionDays !== undefined) {
    const p = securityRetentionProblem(props.logRetentionDays);
    if (p) problems.push({ field: 'logRetentionDays', message: p });
  }
  return problems;
}
