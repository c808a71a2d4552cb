import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { auditRetentionProblem, problemsOf } from '../core/checks';
import { throwIfProblems, type PropsProblem } from '../core/errors';
import { AuditLogArchive } from './audit-log-archive';
import { centralArchiveFolders } from './central-archive';

/** Props of {@link LogArchiveStack}. */
export interface LogArchiveStackProps extends StackProps {
  /** The trust accounts whose trails, AWS Config and FHIR audit deliver here (12 digits each). */
  readonly memberAccounts: readonly string[];
  /**
   * The organisation the member accounts belong to: writes must also come from it.
   *
   * @default - the member account list alone
   */
  readonly organizationId?: string;
  /**
   * Days every object is locked in COMPLIANCE mode. Never below 2922 (8 years).
   *
   * @default - 2922 days (8 years)
   */
  readonly auditRetentionDays?: number;
}

/** Where a member trust delivers, for the trust side's props: the bucket, its key and the prefixes. */
export interface CentralArchiveDestination {
  /** The archive bucket's name (CloudTrail `S3BucketName`, Config `S3BucketName`, Firehose bucket). */
  readonly bucketName: string;
  /** The archive key's ARN (CloudTrail `KMSKeyId`, Config `S3KmsKeyArn`, Firehose `KMSEncryptionConfig`). */
  readonly keyArn: string;
  /** CloudTrail and Config write under `AWSLogs/<account>/` (their own layout). */
  readonly awsLogsPrefix: string;
  /** The FHIR audit delivery's prefix: `fhir-audit/<account>/`. */
  readonly fhirAuditPrefix: string;
  /** The FHIR audit delivery's error prefix: `fhir-audit-errors/<account>/`. */
  readonly fhirAuditErrorPrefix: string;
}

/** What {@link LogArchiveStack} rejects in its props. */
export function logArchiveStackProblems(props: Pick<LogArchiveStackProps, 'memberAccounts' | 'organizationId' | 'auditRetentionDays'>): PropsProblem[] {
  const bad = props.memberAccounts.filter((a) => !/^\d{12}$/.test(a));
  const dup = props.memberAccounts.find((a, i) => props.memberAccounts.indexOf(a) !== i);
  return problemsOf(
    ['memberAccounts', props.memberAccounts.length === 0 ? 'must list at least one trust account (12 digits), like ["111122223333"]' : bad.length ? `must be 12-digit account ids; got ${bad.map((b) => `'${b}'`).join(', ')}` : dup ? `lists ${dup} twice; list each account once` : undefined],
    ['organizationId', props.organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(props.organizationId) ? `must be an AWS Organizations id, like o-a1b2c3d4e5; got '${props.organizationId}'` : undefined],
    ['auditRetentionDays', props.auditRetentionDays === undefined ? undefined : auditRetentionProblem(props.auditRetentionDays)],
  );
}

/**
 * A central log archive for organisations that keep audit logs out of trust accounts: the
 * {@link AuditLogArchive} (Object Lock COMPLIANCE, versioned, TLS-only, access-logged, retained)
 * under its own key, which nobody can schedule for deletion or disable.
 *
 * Member trusts deliver cross-account: CloudTrail and AWS Config (as the services, only for
 * the member accounts' own `AWSLogs/<account>/` prefix), and each member account's FHIR audit
 * delivery (Firehose) to `fhir-audit/<account>/` and its errors to `fhir-audit-errors/<account>/`
 * only (a trust config's `logging.centralArchive` delivers exactly there). Name the stack `Rootstock-LogArchive`
 * (the default) so the guardrail SCPs protect its bucket (`rootstock-logarchive-*`).
 */
export class LogArchiveStack extends Stack {
  /** The archive (bucket, access log bucket, retention). */
  public readonly archive: AuditLogArchive;
  /** The archive's own key. */
  public readonly key: kms.Key;
  /** The member accounts. */
  public readonly memberAccounts: readonly string[];

  constructor(scope: Construct, id: string, props: LogArchiveStackProps) {
    const { memberAccounts, organizationId, auditRetentionDays, ...stackProps } = props;
    super(scope, id, { stackName: 'Rootstock-LogArchive', description: 'Rootstock central log archive: member trusts\' trails, AWS Config and FHIR audit (Object Lock COMPLIANCE).', ...stackProps });
    throwIfProblems(`LogArchiveStack ${this.node.path}`, logArchiveStackProblems(props));
    this.memberAccounts = [...memberAccounts];
    const accounts = [...memberAccounts];
    const org = organizationId ? { 'aws:SourceOrgID': organizationId } : {};

    this.key = new kms.Key(this, 'Key', {
      description: 'Rootstock central log archive key',
      alias: 'alias/rootstock/log-archive',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Nobody, the account root included, can destroy the key that every archived log depends on.
    this.key.addToResourcePolicy(new iam.PolicyStatement({ sid: 'DenyKeyDeletion', effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:DeleteImportedKeyMaterial'], resources: ['*'] }));
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'MemberTrailsEncrypt',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': accounts.map((a) => `arn:aws:cloudtrail:*:${a}:trail/*`) }, StringEquals: { 'aws:SourceAccount': accounts } },
    }));
    this.key.addToResourcePolicy(new iam.PolicyStatement({ sid: 'MemberConfigEncrypts', principals: [new iam.ServicePrincipal('config.amazonaws.com')], actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: ['*'], conditions: { StringEquals: { 'aws:SourceAccount': accounts } } }));
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'MemberFhirAuditEncryptsThroughS3',
      principals: accounts.map((a) => new iam.AccountPrincipal(a)),
      actions: ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${this.region}.amazonaws.com`, ...(organizationId ? { 'aws:PrincipalOrgID': organizationId } : {}) } },
    }));

    this.archive = new AuditLogArchive(this, 'Archive', { encryptionKey: this.key, auditRetentionDays });
    const bucket = this.archive.bucket;
    for (const service of ['cloudtrail.amazonaws.com', 'config.amazonaws.com']) {
      const name = service.split('.')[0];
      bucket.addToResourcePolicy(new iam.PolicyStatement({ sid: `${name}CheckAcl`, principals: [new iam.ServicePrincipal(service)], actions: ['s3:GetBucketAcl', 's3:ListBucket'], resources: [bucket.bucketArn], conditions: { StringEquals: { 'aws:SourceAccount': accounts, ...org } } }));
      bucket.addToResourcePolicy(new iam.PolicyStatement({
        sid: `${name}DeliverToOwnPrefix`,
        principals: [new iam.ServicePrincipal(service)],
        actions: ['s3:PutObject'],
        resources: accounts.map((a) => bucket.arnForObjects(`${centralArchiveFolders(a).awsLogs}${name === 'config' ? 'Config/' : ''}*`)),
        conditions: { StringEquals: { 'aws:SourceAccount': accounts, 's3:x-amz-acl': 'bucket-owner-full-control', ...org } },
      }));
    }
    // Each member account writes its FHIR audit (and its delivery errors) under its own prefixes, and nowhere else.
    for (const a of accounts) {
      const folders = centralArchiveFolders(a);
      bucket.addToResourcePolicy(new iam.PolicyStatement({
        sid: `FhirAudit${a}`,
        principals: [new iam.AccountPrincipal(a)],
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: [bucket.arnForObjects(`${folders.fhirAudit}*`), bucket.arnForObjects(`${folders.fhirAuditErrors}*`)],
        conditions: organizationId ? { StringEquals: { 'aws:PrincipalOrgID': organizationId } } : undefined,
      }));
    }
    bucket.addToResourcePolicy(new iam.PolicyStatement({ sid: 'MembersLocateTheBucket', principals: accounts.map((a) => new iam.AccountPrincipal(a)), actions: ['s3:GetBucketLocation', 's3:ListBucketMultipartUploads'], resources: [bucket.bucketArn] }));

    new CfnOutput(this, 'BucketName', { value: bucket.bucketName, description: 'The central archive bucket: the member trusts\' trail, Config and FHIR audit destination.' });
    new CfnOutput(this, 'KeyArn', { value: this.key.keyArn, description: 'The central archive key: member trails, Config and FHIR audit encrypt with it.' });
  }

  /** Where `memberAccount` delivers (for the trust side's TrustTrail, Config and FHIR audit props). */
  public destinationFor(memberAccount: string): CentralArchiveDestination {
    if (!this.memberAccounts.includes(memberAccount)) throw new Error(`LogArchiveStack ${this.node.path}: ${memberAccount} is not a member account; add it to memberAccounts (${this.memberAccounts.join(', ')}).`);
    const folders = centralArchiveFolders(memberAccount);
    return { bucketName: this.archive.bucket.bucketName, keyArn: this.key.keyArn, awsLogsPrefix: folders.awsLogs, fhirAuditPrefix: folders.fhirAudit, fhirAuditErrorPrefix: folders.fhirAuditErrors };
  }
}
