import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AuditLogArchive, TrustTrail } from '../../../constructs/logging';

describe('TrustTrail', () => {
  let template: Template;

  beforeAll(() => {
    // GIVEN an archive and a key WHEN a trail delivers to them with 731-day log retention
    const stack = new Stack(new App(), 'Test');
    const key = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
    const archive = new AuditLogArchive(stack, 'Archive', { encryptionKey: key });
    const trail = new TrustTrail(stack, 'Trail', { bucket: archive.bucket, encryptionKey: key, logRetentionDays: 731 });
    trail.logS3DataEvents([new s3.Bucket(stack, 'PatientData')]);
    template = Template.fromStack(stack);
  });

  test('records every region with log file validation and KMS encryption to the archive', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      IsLogging: true,
      KMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogsKey'), 'Arn'] },
      S3BucketName: { Ref: Match.stringLikeRegexp('^ArchiveBucket') },
    });
  });

  test('delivers to a KMS-encrypted, retained CloudWatch log group with the retention asked for', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TrailLogGroup'), 'Arn'] },
      CloudWatchLogsRoleArn: Match.anyValue(),
    });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 731, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogsKey'), 'Arn'] } },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('delivers through a role whose permissions are a managed policy scoped to the log group', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', { CloudWatchLogsRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TrailLogsRole'), 'Arn'] } });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^TrailLogsRole') }],
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TrailLogGroup'), 'Arn'] } }] },
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('lets CloudTrail and CloudWatch Logs use the key, each scoped by encryption context', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudTrailEncrypt',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 'kms:GenerateDataKey*',
            Condition: Match.objectLike({ StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': Match.anyValue() } }),
          }),
          Match.objectLike({
            Sid: 'AllowCloudWatchLogs',
            Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  test('lets CloudTrail write to the archive bucket', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^ArchiveBucket') },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject' })]) },
    });
  });

  test('records data events for the buckets it is given', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      EventSelectors: Match.arrayWith([Match.objectLike({
        DataResources: [{ Type: 'AWS::S3::Object', Values: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^PatientData'), 'Arn'] }, '/']] }] }],
      })]),
    });
  });

  test('with a bucketKey (a central archive), encrypts log files with it and the log group with encryptionKey, granting CloudTrail nothing on the logs key', () => {
    // GIVEN a central archive bucket and key in another account, and the trust's logs key
    const stack = new Stack(new App(), 'Member', { env: { account: '555555555555', region: 'eu-west-2' } });
    const logsKey = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
    const centralKey = kms.Key.fromKeyArn(stack, 'CentralKey', 'arn:aws:kms:eu-west-2:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    const centralBucket = s3.Bucket.fromBucketName(stack, 'CentralBucket', 'central-log-archive');
    // WHEN
    new TrustTrail(stack, 'Trail', { bucket: centralBucket, encryptionKey: logsKey, bucketKey: centralKey });
    const t = Template.fromStack(stack);
    // THEN
    t.hasResourceProperties('AWS::CloudTrail::Trail', { S3BucketName: 'central-log-archive', KMSKeyId: 'arn:aws:kms:eu-west-2:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab' });
    t.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogsKey'), 'Arn'] } });
    const policy = JSON.stringify(Object.values(t.findResources('AWS::KMS::Key'))[0]);
    expect(policy).toContain('logs.eu-west-2.amazonaws.com');
    expect(policy).not.toContain('cloudtrail.amazonaws.com');
  });

  test('works with no props: its own archive, the archive key and 400-day log retention', () => {
    const stack = new Stack(new App(), 'Minimal');
    new TrustTrail(stack, 'Trail');
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::S3::Bucket', { ObjectLockEnabled: true });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 400 });
    t.hasResourceProperties('AWS::CloudTrail::Trail', { KMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TrailArchiveKey'), 'Arn'] } });
    expect(Object.values(t.toJSON().Resources).filter((r) => (r as { Type: string }).Type.startsWith('Custom::'))).toEqual([]);
  });

  test('fails a log retention below 180 days', () => {
    const stack = new Stack(new App(), 'Bad');
    expect(() => new TrustTrail(stack, 'Trail', { logRetentionDays: 90 })).toThrow(
      "TrustTrail Bad/Trail: 'logRetentionDays' must be a CloudWatch Logs retention period of at least 180 days (6 months, NCSC guidance): one of 180, 365, 400,",
    );
  });

  test('fails a log retention CloudWatch Logs does not offer', () => {
    const stack = new Stack(new App(), 'Bad');
    expect(() => new TrustTrail(stack, 'Trail', { logRetentionDays: 500 })).toThrow('got 500.');
  });
});
