import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { LogArchiveStack, logArchiveStackProblems, type LogArchiveStackProps } from '../../../constructs/logging/log-archive-stack';
import { NhsTrustChecks } from '../../../policies/nhs-trust-checks';
import { DESIGN_REVIEW, unacknowledgedFindings } from '../../../policies/acknowledge';
import { applyDesignFindings } from '../../../lib/trust-stack/design-findings';

const MEMBERS = ['111122223333', '210987654321'];
interface Statement { Sid?: string; Effect: string; Principal: unknown; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> }

function build(props: Partial<LogArchiveStackProps> = {}): { app: App; stack: LogArchiveStack; template: Template } {
  const app = new App();
  const stack = new LogArchiveStack(app, 'LogArchive', { env: { account: '555566667777', region: 'eu-west-2' }, memberAccounts: MEMBERS, ...props });
  return { app, stack, template: Template.fromStack(stack) };
}

function bucketStatements(template: Template): Statement[] {
  const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')) as Array<{ Properties: { Bucket: { Ref: string }; PolicyDocument: { Statement: Statement[] } } }>;
  const archive = policies.find((p) => p.Properties.Bucket.Ref.startsWith('ArchiveBucket'));
  return archive?.Properties.PolicyDocument.Statement ?? [];
}

const actions = (s: Statement): string[] => [s.Action].flat();

describe('LogArchiveStack: a central archive member trusts deliver to', () => {
  test('locks every object in COMPLIANCE mode for 8 years and keeps the bucket and key on delete', () => {
    // GIVEN / WHEN
    const { template } = build();
    // THEN
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ ObjectLockEnabled: true, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2922 } } }, VersioningConfiguration: { Status: 'Enabled' } }),
    });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/rootstock/log-archive' });
  });

  test('denies everyone, root included, deleting or disabling its key', () => {
    const { template } = build();
    const key = Object.values(template.findResources('AWS::KMS::Key'))[0] as { Properties: { KeyPolicy: { Statement: Statement[] } } };
    const deny = key.Properties.KeyPolicy.Statement.find((s) => s.Sid === 'DenyKeyDeletion') as Statement;
    expect(deny).toEqual({ Sid: 'DenyKeyDeletion', Effect: 'Deny', Principal: { AWS: '*' }, Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:DeleteImportedKeyMaterial'], Resource: '*' });
    const trails = key.Properties.KeyPolicy.Statement.find((s) => s.Sid === 'MemberTrailsEncrypt') as Statement;
    expect(trails.Condition).toEqual({ StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': MEMBERS.map((a) => `arn:aws:cloudtrail:*:${a}:trail/*`) }, StringEquals: { 'aws:SourceAccount': MEMBERS } });
    const fhir = key.Properties.KeyPolicy.Statement.find((s) => s.Sid === 'MemberFhirAuditEncryptsThroughS3') as Statement;
    expect(fhir.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.eu-west-2.amazonaws.com' } });
  });

  test('lets CloudTrail and Config write only under each member account\'s own AWSLogs prefix', () => {
    const statements = bucketStatements(build().template);
    const trail = statements.find((s) => s.Sid === 'cloudtrailDeliverToOwnPrefix') as Statement;
    expect(trail.Principal).toEqual({ Service: 'cloudtrail.amazonaws.com' });
    expect(actions(trail)).toEqual(['s3:PutObject']);
    expect(JSON.stringify(trail.Resource)).toMatch(/AWSLogs\/111122223333\/\*.*AWSLogs\/210987654321\/\*/);
    expect(trail.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': MEMBERS, 's3:x-amz-acl': 'bucket-owner-full-control' } });
    const config = statements.find((s) => s.Sid === 'configDeliverToOwnPrefix') as Statement;
    expect(JSON.stringify(config.Resource)).toMatch(/AWSLogs\/111122223333\/Config\/\*.*AWSLogs\/210987654321\/Config\/\*/);
  });

  test('lets each member account write FHIR audit under its own prefix only, and nobody delete or reconfigure', () => {
    const statements = bucketStatements(build().template);
    for (const a of MEMBERS) {
      const s = statements.find((x) => x.Sid === `FhirAudit${a}`) as Statement;
      expect(actions(s)).toEqual(['s3:PutObject', 's3:AbortMultipartUpload']);
      expect(JSON.stringify(s.Resource)).toContain(`/fhir-audit/${a}/*`);
      expect(JSON.stringify(s.Resource)).toContain(`/fhir-audit-errors/${a}/*`);
      expect([s.Resource].flat()).toHaveLength(2);
      expect(JSON.stringify(s.Principal)).toContain(`:iam::${a}:root`);
    }
    const granted = statements.filter((s) => s.Effect === 'Allow').flatMap(actions);
    expect(granted.filter((a) => /Delete|PutBucket|PutLifecycle|PutObjectRetention|BypassGovernance|s3:\*/.test(a))).toEqual([]);
    expect(statements.find((s) => s.Effect === 'Deny' && JSON.stringify(s.Condition).includes('aws:SecureTransport'))).toBeTruthy();
  });

  test('requires the organisation as well, when one is given', () => {
    const statements = bucketStatements(build({ organizationId: 'o-a1b2c3d4e5' }).template);
    expect((statements.find((s) => s.Sid === 'cloudtrailDeliverToOwnPrefix') as Statement).Condition?.StringEquals).toMatchObject({ 'aws:SourceOrgID': 'o-a1b2c3d4e5' });
    expect((statements.find((s) => s.Sid === 'FhirAudit111122223333') as Statement).Condition).toEqual({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } });
  });

  test('passes all four packs with the library design findings applied', () => {
    const { app, stack } = build();
    applyDesignFindings(stack, DESIGN_REVIEW);
    expect(unacknowledgedFindings(stack, [new NhsTrustChecks(app), new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new NIST80053R5Checks(app)])).toEqual([]);
  });

  test('says where a member delivers, and refuses an account that is not a member', () => {
    const { stack } = build();
    const d = stack.destinationFor('111122223333');
    expect([d.awsLogsPrefix, d.fhirAuditPrefix, d.fhirAuditErrorPrefix]).toEqual(['AWSLogs/111122223333/', 'fhir-audit/111122223333/', 'fhir-audit-errors/111122223333/']);
    expect(stack.resolve(d.bucketName)).toEqual({ Ref: expect.stringMatching(/^ArchiveBucket/) });
    expect(() => stack.destinationFor('999999999999')).toThrow(/999999999999 is not a member account/);
  });

  test('fails on bad props, naming each field', () => {
    expect(logArchiveStackProblems({ memberAccounts: [] })).toEqual([{ field: 'memberAccounts', message: 'must list at least one trust account (12 digits), like ["111122223333"]' }]);
    expect(logArchiveStackProblems({ memberAccounts: ['123', MEMBERS[0]], organizationId: 'org', auditRetentionDays: 30 }).map((p) => p.field)).toEqual(['memberAccounts', 'organizationId', 'auditRetentionDays']);
    expect(logArchiveStackProblems({ memberAccounts: [MEMBERS[0], MEMBERS[0]] })[0].message).toBe('lists 111122223333 twice; list each account once');
    expect(() => build({ memberAccounts: ['nope'] })).toThrow(/memberAccounts/);
  });
});
