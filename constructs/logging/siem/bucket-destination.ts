import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { problemsOf } from '../../core/checks';
import type { PropsProblem } from '../../core/errors';
import type { ISiemDestination, SiemDestinationBindOptions, SiemDestinationConfig } from './siem-destination';

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

/** What an S3 bucket ARN looks like: no region, account or key; a 3 to 63 character bucket name. */
export const BUCKET_ARN_PATTERN = /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** What a KMS key ARN looks like. */
export const KMS_KEY_ARN_PATTERN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** Why `arn` is not the ARN of an S3 bucket, or undefined. */
export function bucketArnProblem(arn: string): string | undefined {
  if (Token.isUnresolved(arn)) return undefined;
  const name = arn.replace(/^arn:aws[a-z-]*:s3:::/, '');
  if (!BUCKET_ARN_PATTERN.test(arn) || name.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(name)) {
    return `must be an S3 bucket ARN like arn:aws:s3:::central-security-logs (no region, account or object key; bucket names are 3 to 63 lowercase letters, digits, dots and hyphens); got '${arn}'`;
  }
  return undefined;
}

/** Why `arn` is not the ARN of a KMS key, or undefined. */
export function kmsKeyArnProblem(arn: string): string | undefined {
  if (Token.isUnresolved(arn) || KMS_KEY_ARN_PATTERN.test(arn)) return undefined;
  return `must be a KMS key ARN like arn:aws:kms:eu-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab; got '${arn}'`;
}

/**
 * A bucket in the central security account, written cross-account under the trust's own prefix.
 * S3 delivery has no failed-only backup, so every record is also kept in the forwarder's backup
 * bucket while the central bucket refuses writes.
 */
export class CrossAccountBucketDestination implements ISiemDestination {
  public readonly maxBufferingSeconds = 900;
  public readonly kind = 's3';

  constructor(private readonly options: CrossAccountBucketSiemOptions) {}

  public problems(): PropsProblem[] {
    const o = this.options;
    const prefixOk = o.keyPrefix === undefined || Token.isUnresolved(o.keyPrefix) || /^[A-Za-z0-9!_.*'()/-]+\/$/.test(o.keyPrefix);
    return problemsOf(
      ['bucketArn', bucketArnProblem(o.bucketArn)],
      ['kmsKeyArn', o.kmsKeyArn === undefined ? undefined : kmsKeyArnProblem(o.kmsKeyArn)],
      ['keyPrefix', prefixOk ? undefined : `must be a key prefix ending in '/', like 'siem/RXX/'; got '${o.keyPrefix}'`],
    );
  }

  public bind(scope: Construct, options: SiemDestinationBindOptions): SiemDestinationConfig {
    const o = this.options;
    const prefix = o.keyPrefix ?? `siem/${Stack.of(scope).account}/`;
    const objects = `${o.bucketArn}/${prefix}*`;
    const statements = [
      new iam.PolicyStatement({ sid: 'ListCentralBucket', actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], resources: [o.bucketArn] }),
      new iam.PolicyStatement({ sid: 'WriteTrustPrefixOfCentralBucket', actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject'], resources: [objects] }),
    ];
    if (o.kmsKeyArn) {
      statements.push(new iam.PolicyStatement({ sid: 'EncryptWithCentralKey', actions: ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:Decrypt'], resources: [o.kmsKeyArn] }));
    }
    return {
      metricPrefix: 'DeliveryToS3',
      backsUpEveryRecord: true,
      statements,
      designFindings: [
        {
          ruleId: `AwsSolutions-IAM5[Resource::${objects}]`,
          reason:
            "Firehose names each object it writes (date path and a generated suffix), so write access is to objects under the trust's own prefix of the central bucket; no other prefix, no delete, and the central account's bucket policy admits this account's role to the same prefix only.",
        },
      ],
      streamProps: {
        extendedS3DestinationConfiguration: {
          bucketArn: o.bucketArn,
          roleArn: options.deliveryRole.roleArn,
          compressionFormat: 'UNCOMPRESSED',
          encryptionConfiguration: o.kmsKeyArn ? { kmsEncryptionConfig: { awskmsKeyArn: o.kmsKeyArn } } : { noEncryptionConfig: 'NoEncryption' },
          prefix: `${prefix}logs/!{timestamp:yyyy/MM/dd/HH}/`,
          errorOutputPrefix: `${prefix}errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/`,
          bufferingHints: { intervalInSeconds: options.bufferingIntervalSeconds, sizeInMBs: 5 },
          // S3 delivery has no failed-only backup: keep every record locally so nothing is lost while the central bucket refuses writes.
          s3BackupMode: 'Enabled',
          s3BackupConfiguration: options.backup,
          cloudWatchLoggingOptions: options.errorLogging,
        },
      },
    };
  }
}
