import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LogArchiveStack } from '../../../constructs/logging/log-archive-stack';
import { centralArchiveProblems } from '../../../constructs/logging/central-archive';
import { AUDIT_ARCHIVE_ERROR_PREFIX, AUDIT_ARCHIVE_PREFIX } from '../../../constructs/fhir/audited-fhir-store';
import { loadTrustFile, parseTrustConfig } from '../../../lib/config/loader';
import type { TrustConfigInput } from '../../../lib/config/schema';
import { TrustStack } from '../../../lib/trust-stack';

const REPO = path.join(__dirname, '..', '..', '..');
const EXAMPLE = loadTrustFile(path.join(REPO, 'trusts', 'examples', 'central-archive.yaml')).config;
const ACCOUNT = '555555555555';
const BUCKET = 'rootstock-logarchive-archivebucket-1a2b3c4d5e6f';
const KEY = 'arn:aws:kms:eu-west-2:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab';

type Resource = { Type: string; Properties: Record<string, unknown> };
interface Statement { Sid?: string; Effect: string; Principal?: unknown; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> }

function synth(trust: TrustConfigInput): { resources: Record<string, Resource> } {
  const stack = new TrustStack(new App(), 'Trust', { trust });
  return { resources: Template.fromStack(stack).toJSON().Resources as Record<string, Resource> };
}

function only(resources: Record<string, Resource>, type: string, idPrefix = ''): [string, Resource] {
  const found = Object.entries(resources).filter(([id, r]) => r.Type === type && id.startsWith(idPrefix));
  expect(found).toHaveLength(1);
  return found[0];
}

/** A rendered ARN as text: `Fn::Join` parts joined, the bucket's `Fn::GetAtt Arn` as `arn:aws:s3:::<bucketName>`, `AWS::AccountId` as `account`. */
function arnText(value: unknown, account: string, bucketName: string): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if (v.Ref === 'AWS::AccountId') return account;
  if (v.Ref === 'AWS::Partition') return 'aws';
  if (v['Fn::GetAtt']) return `arn:aws:s3:::${bucketName}`;
  if (v['Fn::Join']) {
    const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => arnText(p, account, bucketName)).join(sep);
  }
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

/** Whether an IAM resource pattern (a trailing `*` at most) lies inside a granted one. */
const inside = (pattern: string, granted: string): boolean => (granted.endsWith('*') ? pattern.startsWith(granted.slice(0, -1)) : pattern === granted);

/** The object ARNs LogArchiveStack's bucket policy lets `account` (its principals, or CloudTrail/Config for it) write, with the bucket's name filled in. */
function centralGrants(members: string[], account: string): string[] {
  const stack = new LogArchiveStack(new App(), 'LogArchive', { env: { account: '999988887777', region: 'eu-west-2' }, memberAccounts: members });
  const policies = Template.fromStack(stack).findResources('AWS::S3::BucketPolicy') as Record<string, { Properties: { Bucket: { Ref: string }; PolicyDocument: { Statement: Statement[] } } }>;
  const archive = Object.values(policies).find((p) => p.Properties.Bucket.Ref.startsWith('ArchiveBucket'))!;
  return archive.Properties.PolicyDocument.Statement
    .filter((s) => s.Effect === 'Allow' && [s.Action].flat().includes('s3:PutObject'))
    .filter((s) => JSON.stringify(s.Principal).includes(`:${account}:root`) || [s.Condition?.StringEquals?.['aws:SourceAccount']].flat().includes(account))
    .flatMap((s) => [s.Resource].flat().map((r) => arnText(r, account, BUCKET)));
}

describe('logging.centralArchive: the trail, AWS Config and the FHIR audit deliver to a LogArchiveStack', () => {
  const { resources } = synth(EXAMPLE);

  test('the trail writes its log files to the central bucket under the central key; its log group keeps the trust logs key', () => {
    // GIVEN trusts/examples/central-archive.yaml (WHEN synthesised above)
    const [, trail] = only(resources, 'AWS::CloudTrail::Trail');
    // THEN
    expect(trail.Properties.S3BucketName).toBe(BUCKET);
    expect(trail.Properties.KMSKeyId).toBe(KEY);
    expect(trail.Properties.S3KeyPrefix).toBeUndefined();
    const [, group] = only(resources, 'AWS::Logs::LogGroup', 'TrailLogGroup');
    expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^KeysLogsKey/), 'Arn'] });
  });

  test("AWS Config's delivery channel writes to the central bucket at its root (AWSLogs/<account>/Config/), under the central key", () => {
    // GIVEN / WHEN the example, THEN
    const [, channel] = only(resources, 'AWS::Config::DeliveryChannel');
    expect(channel.Properties).toMatchObject({ S3BucketName: BUCKET, S3KmsKeyArn: KEY });
    expect(channel.Properties.S3KeyPrefix).toBeUndefined();
  });

  test('the FHIR audit Firehose delivers to the central bucket under the account folder, under the central key', () => {
    // GIVEN / WHEN the example, THEN
    const [, stream] = only(resources, 'AWS::KinesisFirehose::DeliveryStream');
    const destination = stream.Properties.ExtendedS3DestinationConfiguration as Record<string, unknown>;
    expect(arnText(destination.BucketARN, ACCOUNT, BUCKET)).toBe(`arn:aws:s3:::${BUCKET}`);
    expect(destination).toMatchObject({
      Prefix: `fhir-audit/${ACCOUNT}/date=!{partitionKeyFromQuery:date}/hour=!{partitionKeyFromQuery:hour}/`,
      ErrorOutputPrefix: `fhir-audit-errors/${ACCOUNT}/!{firehose:error-output-type}/date=!{timestamp:yyyy-MM-dd}/`,
      EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: KEY } },
    });
  });

  test("the delivery role may write only below the account's folders of the central bucket", () => {
    // GIVEN / WHEN the example
    const [, policy] = only(resources, 'AWS::IAM::ManagedPolicy', 'FhirArchiveDeliveryPolicy');
    const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    const write = statements.find((s) => s.Sid === 'WriteAuditPrefixes')!;
    // THEN its object resources are exactly the two account folders; nothing else in the bucket, nothing in another bucket
    expect([write.Resource].flat().map((r) => arnText(r, ACCOUNT, BUCKET)).sort()).toEqual([`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/fhir-audit-errors/${ACCOUNT}/*`, `arn:aws:s3:::${BUCKET}/fhir-audit/${ACCOUNT}/*`]);
    expect(statements.find((s) => s.Sid === 'UseKeys')!.Resource).toContain(KEY);
  });

  test("every object ARN the trust side writes lies inside what LogArchiveStack's bucket policy grants that account, and not another account's", () => {
    // GIVEN the trust side's object ARNs: the Firehose role's grants and fixed prefixes, the Config delivery role's grant, CloudTrail's own layout
    const firehosePolicy = only(resources, 'AWS::IAM::ManagedPolicy', 'FhirArchiveDeliveryPolicy')[1].Properties.PolicyDocument as { Statement: Statement[] };
    const configPolicy = only(resources, 'AWS::IAM::ManagedPolicy', 'SecurityServicesConfigDeliveryPolicy')[1].Properties.PolicyDocument as { Statement: Statement[] };
    const destination = only(resources, 'AWS::KinesisFirehose::DeliveryStream')[1].Properties.ExtendedS3DestinationConfiguration as { Prefix: string; ErrorOutputPrefix: string };
    const fixed = (prefix: string) => `arn:aws:s3:::${BUCKET}/${prefix.split('!{')[0]}*`;
    const trustSide = [
      ...[firehosePolicy.Statement.find((s) => s.Sid === 'WriteAuditPrefixes')!.Resource].flat().map((r) => arnText(r, ACCOUNT, BUCKET)).filter((r) => r.includes('/')),
      fixed(destination.Prefix),
      fixed(destination.ErrorOutputPrefix),
      arnText(configPolicy.Statement.find((s) => s.Sid === 'DeliverToArchive')!.Resource, ACCOUNT, BUCKET),
      `arn:aws:s3:::${BUCKET}/AWSLogs/${ACCOUNT}/CloudTrail/eu-west-2/2026/01/05/x.json.gz`,
    ];
    expect(trustSide).toHaveLength(6);
    // WHEN compared with a LogArchiveStack listing the account, and with one that does not
    const granted = centralGrants([ACCOUNT, '111122223333'], ACCOUNT);
    const notMember = centralGrants(['111122223333'], ACCOUNT);
    // THEN every ARN is granted to this account, and none is granted when the account is not a member
    expect(trustSide.filter((arn) => !granted.some((g) => inside(arn, g)))).toEqual([]);
    expect(notMember).toEqual([]);
    expect(trustSide.filter((arn) => centralGrants(['111122223333'], '111122223333').some((g) => inside(arn, g)))).toEqual([]);
  });

  test('adding the section adds and removes no resource and changes only the deliveries, their policies and the policies that no longer name them', () => {
    // GIVEN the same trust without the section
    const { logging, ...rest } = EXAMPLE;
    const own = synth({ ...rest, logging: { auditRetentionDays: logging.auditRetentionDays, securityRetentionDays: logging.securityRetentionDays } }).resources;
    // WHEN compared resource by resource
    const changed = Object.keys(resources).filter((id) => JSON.stringify(resources[id]) !== JSON.stringify(own[id])).map((id) => resources[id].Type).sort();
    // THEN the same logical ids, and only these change (no bucket, key, log group, store or stream is replaced: their properties are updatable)
    expect(Object.keys(resources).sort()).toEqual(Object.keys(own).sort());
    expect(changed).toEqual([
      'AWS::CloudTrail::Trail',
      'AWS::Config::DeliveryChannel',
      'AWS::IAM::ManagedPolicy',
      'AWS::IAM::ManagedPolicy',
      'AWS::KMS::Key',
      'AWS::KinesisFirehose::DeliveryStream',
      'AWS::S3::BucketPolicy',
    ]);
    // The trust's own archive stays: the FHIR export still logs its access to it.
    expect(JSON.stringify(resources)).toContain('AuditArchiveAccessLogs');
  });

  test('without the section the trail, Config and FHIR audit stay in the trust archive, in its own layout', () => {
    // GIVEN / WHEN the example without logging.centralArchive
    const { logging, ...rest } = EXAMPLE;
    const { resources: own } = synth({ ...rest, logging: { auditRetentionDays: logging.auditRetentionDays, securityRetentionDays: logging.securityRetentionDays } });
    // THEN
    expect(only(own, 'AWS::CloudTrail::Trail')[1].Properties.S3BucketName).toEqual({ Ref: expect.stringMatching(/^AuditArchiveBucket/) });
    expect(only(own, 'AWS::Config::DeliveryChannel')[1].Properties).toMatchObject({ S3BucketName: { Ref: expect.stringMatching(/^AuditArchiveBucket/) }, S3KeyPrefix: 'config' });
    expect(only(own, 'AWS::KinesisFirehose::DeliveryStream')[1].Properties.ExtendedS3DestinationConfiguration).toMatchObject({ Prefix: AUDIT_ARCHIVE_PREFIX, ErrorOutputPrefix: AUDIT_ARCHIVE_ERROR_PREFIX });
    expect(JSON.stringify(own)).not.toContain(BUCKET);
  });
});

describe('logging.centralArchive in validate: where and what is wrong', () => {
  const base = 'odsCode: RXF\nname: Example Central Archive NHS Trust\nenvironment: test\nlogging:\n  centralArchive:\n';
  const refused = (bucketName: string, keyArn: string): string => {
    try {
      parseTrustConfig(`${base}    bucketName: ${bucketName}\n    keyArn: ${keyArn}\n`, 'trusts/rxf.yaml');
    } catch (e) {
      return (e as Error).message;
    }
    return 'accepted';
  };

  test.each([
    ['an upper-case bucket name', 'Central-Logs', KEY, /logging\.centralArchive\.bucketName.*must be an S3 bucket name.*got 'Central-Logs'/s],
    ['a bucket name in IP address form', '192.168.1.1', KEY, /logging\.centralArchive\.bucketName.*no IP address form/s],
    ['a key alias', BUCKET, 'arn:aws:kms:eu-west-2:999988887777:alias/rootstock/log-archive', /logging\.centralArchive\.keyArn.*must be the central archive key's ARN.*An alias will not do/s],
    ['a key outside the UK', BUCKET, KEY.replace('eu-west-2', 'us-east-1'), /logging\.centralArchive\.keyArn.*is in us-east-1, outside the UK/s],
  ])('refuses %s at its field, with the value and the fix', (_what, bucketName, keyArn, message) => {
    expect(refused(bucketName, keyArn)).toMatch(message);
  });

  test('accepts the LogArchiveStack outputs, a multi-Region key included', () => {
    expect(refused(BUCKET, KEY)).toBe('accepted');
    expect(refused('example-ics-log-archive', 'arn:aws:kms:eu-west-2:777788889999:key/mrk-1234abcd12ab34cd56ef1234567890ab')).toBe('accepted');
    expect(centralArchiveProblems({ bucketName: BUCKET, keyArn: KEY })).toEqual([]);
  });

  test('synth refuses what validate refuses: the construct throws the same problem', () => {
    expect(() => synth({ odsCode: 'RXF', name: 'Example', environment: 'test', logging: { centralArchive: { bucketName: 'a..b', keyArn: KEY } } })).toThrow(/bucketName/);
    expect(centralArchiveProblems({ bucketName: 'a..b', keyArn: 'x' }).map((p) => p.field)).toEqual(['bucketName', 'keyArn']);
  });
});
