import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { problemsOf } from '../core/checks';
import { throwIfProblems, type PropsProblem } from '../core/errors';

/** Props of {@link CentralArchive}: a `LogArchiveStack`'s `BucketName` and `KeyArn` outputs. */
export interface CentralArchiveProps {
  /** The central archive bucket's name (the LogArchiveStack's `BucketName` output). */
  readonly bucketName: string;
  /** The central archive key's ARN, not an alias (the LogArchiveStack's `KeyArn` output). */
  readonly keyArn: string;
}

/** The folders of one member account in a central archive, shared by LogArchiveStack's grants and the trust side's deliveries. */
export interface CentralArchiveFolders {
  /** CloudTrail and AWS Config's own layout: `AWSLogs/<account>/`. */
  readonly awsLogs: string;
  /** FHIR AuditEvents: `fhir-audit/<account>/`. */
  readonly fhirAudit: string;
  /** FHIR AuditEvents Firehose could not deliver or partition: `fhir-audit-errors/<account>/`. */
  readonly fhirAuditErrors: string;
}

/** Where `account` delivers in a central archive (each folder ends in '/'). */
export function centralArchiveFolders(account: string): CentralArchiveFolders {
  return { awsLogs: `AWSLogs/${account}/`, fhirAudit: `fhir-audit/${account}/`, fhirAuditErrors: `fhir-audit-errors/${account}/` };
}

const KEY_ARN = /^arn:aws(?:-[a-z]+)*:kms:([a-z]{2}(?:-gov)?-[a-z]+-\d):(\d{12}):key\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

/** The region of a KMS key ARN, or undefined when it is not one. */
export function kmsKeyArnRegion(keyArn: string): string | undefined {
  return KEY_ARN.exec(keyArn)?.[1];
}

/** Why `name` is not an S3 bucket name (general purpose bucket naming rules), or undefined. */
function bucketNameProblem(name: string): string | undefined {
  const shown = name.length > 70 ? `${name.slice(0, 64)}...` : name;
  const fix = "Use the LogArchiveStack's BucketName output, like rootstock-logarchive-archivebucket-1a2b3c4d5e6f";
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) return `must be an S3 bucket name (3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit); got '${shown}'. ${fix}`;
  if (name.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(name) || /^(xn--|sthree-|amzn-s3-demo-)/.test(name) || /(-s3alias|--ol-s3|--x-s3)$/.test(name)) {
    return `is not a name S3 allows for a bucket (no '..', no IP address form, no reserved prefix or suffix); got '${shown}'. ${fix}`;
  }
  return undefined;
}

/** What {@link CentralArchive} rejects in its props (empty when nothing is). */
export function centralArchiveProblems(props: CentralArchiveProps): PropsProblem[] {
  const arn = props.keyArn;
  const shownArn = arn.length > 120 ? `${arn.slice(0, 110)}...` : arn;
  return problemsOf(
    ['bucketName', bucketNameProblem(props.bucketName)],
    ['keyArn', kmsKeyArnRegion(arn) ? undefined : `must be the central archive key's ARN, like arn:aws:kms:eu-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab (the LogArchiveStack's KeyArn output); got '${shownArn}'. An alias will not do: AWS Config and Firehose need the key's ARN`],
  );
}

/**
 * A `LogArchiveStack` in another account, as a member trust delivers to it: the bucket and key,
 * imported by name and ARN (nothing is created, and neither policy can be changed from here).
 * Its bucket and key policies let this account's CloudTrail and AWS Config write under
 * `AWSLogs/<account>/` and this account's principals write FHIR audit under
 * `fhir-audit/<account>/` and `fhir-audit-errors/<account>/` ({@link centralArchiveFolders}).
 */
export class CentralArchive extends Construct {
  /** The central archive bucket. */
  public readonly bucket: s3.IBucket;
  /** The central archive key. */
  public readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: CentralArchiveProps) {
    super(scope, id);
    throwIfProblems(`CentralArchive ${this.node.path}`, centralArchiveProblems(props));
    this.key = kms.Key.fromKeyArn(this, 'Key', props.keyArn);
    this.bucket = s3.Bucket.fromBucketAttributes(this, 'Bucket', { bucketName: props.bucketName, encryptionKey: this.key });
  }
}
