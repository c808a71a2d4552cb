import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BACKUP_TAG_KEY, BackupVaultLockMode, TrustBackup } from '../../../constructs/backup';

describe('TrustBackup', () => {
  let template: Template;

  beforeAll(() => {
    // GIVEN a backup key and a tagged bucket WHEN a backup is added
    const stack = new Stack(new App(), 'Test');
    const key = new kms.Key(stack, 'BackupKey', { enableKeyRotation: true });
    const data = new s3.Bucket(stack, 'Data', { versioned: true });
    TrustBackup.protect(data);
    new TrustBackup(stack, 'Backup', { encryptionKey: key });
    template = Template.fromStack(stack);
  });

  test('encrypts the vault with the key, locks it in compliance mode after 3 days, and retains it', () => {
    template.hasResource('AWS::Backup::BackupVault', {
      Properties: {
        EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupKey'), 'Arn'] },
        LockConfiguration: { MinRetentionDays: 35, ChangeableForDays: 3 },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('denies deleting recovery points by hand', () => {
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      AccessPolicy: { Statement: [Match.objectLike({ Effect: 'Deny', Action: Match.arrayWith(['backup:DeleteRecoveryPoint']) })] },
    });
  });

  test('backs up daily for 35 days and monthly for a year', () => {
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({ RuleName: 'Daily', ScheduleExpression: 'cron(0 2 * * ? *)', Lifecycle: { DeleteAfterDays: 35 } }),
          Match.objectLike({ RuleName: 'Monthly', ScheduleExpression: 'cron(0 3 1 * ? *)', Lifecycle: { DeleteAfterDays: 365 } }),
        ],
      },
    });
  });

  test('selects resources by the rootstock:backup tag', () => {
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: { ListOfTags: [{ ConditionKey: BACKUP_TAG_KEY, ConditionValue: 'true', ConditionType: 'STRINGEQUALS' }] },
    });
    template.hasResourceProperties('AWS::S3::Bucket', { Tags: Match.arrayWith([{ Key: BACKUP_TAG_KEY, Value: 'true' }]) });
  });

  test('works with no props: its own rotating, retained key', () => {
    const stack = new Stack(new App(), 'Minimal');
    new TrustBackup(stack, 'Backup');
    const t = Template.fromStack(stack);
    t.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
    t.hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: { MinRetentionDays: 35 } });
  });

  test('governance mode leaves the lock changeable', () => {
    const stack = new Stack(new App(), 'Governance');
    new TrustBackup(stack, 'Backup', { lockMode: BackupVaultLockMode.GOVERNANCE, dailyRetentionDays: 14 });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: { MinRetentionDays: 14, ChangeableForDays: Match.absent() } });
  });

  test('fails a daily retention below 7 days', () => {
    const stack = new Stack(new App(), 'Bad');
    expect(() => new TrustBackup(stack, 'Backup', { dailyRetentionDays: 3 })).toThrow("TrustBackup Bad/Backup: 'dailyRetentionDays' must be a whole number of at least 7, got 3. Leave it unset for 35.");
  });

  test('fails a monthly retention shorter than the daily one', () => {
    const stack = new Stack(new App(), 'Bad');
    expect(() => new TrustBackup(stack, 'Backup', { dailyRetentionDays: 60, monthlyRetentionDays: 30 })).toThrow(
      "TrustBackup Bad/Backup: 'monthlyRetentionDays' must be a whole number no smaller than 'dailyRetentionDays' (60), got 30.",
    );
  });
});
