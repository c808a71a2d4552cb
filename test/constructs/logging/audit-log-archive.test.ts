import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AuditLogArchive } from '../../../constructs/logging';

function archiveBucket(t: Template): { id: string; res: { Properties: Record<string, unknown>; DeletionPolicy?: string } } {
  const found = Object.entries(t.findResources('AWS::S3::Bucket', { Properties: { ObjectLockEnabled: true } }));
  expect(found).toHaveLength(1);
  return { id: found[0][0], res: found[0][1] as { Properties: Record<string, unknown>; DeletionPolicy?: string } };
}

describe('AuditLogArchive', () => {
  let template: Template;

  beforeAll(() => {
    // GIVEN a stack and a key WHEN an archive is added with the key
    const stack = new Stack(new App(), 'Test');
    const key = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
    new AuditLogArchive(stack, 'Archive', { encryptionKey: key, auditRetentionDays: 3000 });
    template = Template.fromStack(stack);
  });

  test('locks objects in COMPLIANCE mode for the retention period, with versioning', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3000 } } },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  test('encrypts with the given key and an S3 bucket key', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogsKey'), 'Arn'] } } },
        ],
      },
    });
  });

  test('blocks public access, enforces bucket-owner ownership and is retained', () => {
    const { res } = archiveBucket(template);
    expect(res.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(res.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(res.DeletionPolicy).toBe('Retain');
  });

  test('moves objects to colder storage', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      LifecycleConfiguration: {
        Rules: [Match.objectLike({
          Status: 'Enabled',
          Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }, { StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 365 }],
        })],
      },
    });
  });

  test('denies any request without TLS on both buckets', () => {
    const policies = template.findResources('AWS::S3::BucketPolicy');
    expect(Object.keys(policies)).toHaveLength(2);
    for (const policy of Object.values(policies)) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual(expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Principal: { AWS: '*' } }),
      ]));
    }
  });

  test('logs server access to a separate, encrypted, versioned, public-blocked, retained bucket through a bucket policy', () => {
    const { res } = archiveBucket(template);
    const logging = res.Properties.LoggingConfiguration as { DestinationBucketName: { Ref: string }; LogFilePrefix: string };
    const accessId = logging.DestinationBucketName.Ref;
    const access = template.toJSON().Resources[accessId];
    expect(access.Type).toBe('AWS::S3::Bucket');
    expect(access.DeletionPolicy).toBe('Retain');
    expect(access.Properties.ObjectLockConfiguration).toBeUndefined();
    expect(access.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(access.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(access.Properties.PublicAccessBlockConfiguration.BlockPublicPolicy).toBe(true);
    expect(access.Properties.AccessControl).toBeUndefined();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: accessId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Effect: 'Allow' })]) },
    });
  });

  test('lets AWS log delivery use the key for this account only', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowLogDelivery',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
        })]),
      },
    });
  });

  test('works with no props: 8-year lock and its own rotating, retained key', () => {
    const stack = new Stack(new App(), 'Minimal');
    new AuditLogArchive(stack, 'Archive');
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::S3::Bucket', { ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2922 } } } });
    t.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
  });

  test('fails a retention below 8 years, naming the prop, value and fix', () => {
    const stack = new Stack(new App(), 'Bad');
    expect(() => new AuditLogArchive(stack, 'Archive', { auditRetentionDays: 365 })).toThrow(
      /AuditLogArchive .*'auditRetentionDays' must be a whole number of days, at least 2922 \(8 years, Records Management Code of Practice\); got 365/,
    );
  });

  test('fails a retention beyond the Object Lock limit', () => {
    const stack = new Stack(new App(), 'Bad');
    expect(() => new AuditLogArchive(stack, 'Archive', { auditRetentionDays: 40000 })).toThrow("'auditRetentionDays' must be at most 36500");
  });

  test('fails a deep archive transition too soon after the first transition', () => {
    const stack = new Stack(new App(), 'Bad');
    expect(() => new AuditLogArchive(stack, 'Archive', { infrequentAccessAfterDays: 90, deepArchiveAfterDays: 100 })).toThrow(
      "'deepArchiveAfterDays' must be a whole number at least 90 days after 'infrequentAccessAfterDays' (90",
    );
  });

  test('fails a transition sooner than 30 days', () => {
    const stack = new Stack(new App(), 'Bad');
    expect(() => new AuditLogArchive(stack, 'Archive', { infrequentAccessAfterDays: 7 })).toThrow("'infrequentAccessAfterDays' must be a whole number of at least 30");
  });
});
