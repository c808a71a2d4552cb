import * as fs from 'fs';
import * as path from 'path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BACKUP_SUPPORTED_RESOURCE_TYPES, BACKUP_TAG_KEY, TrustBackup } from '../../../constructs/backup';
import { parseTrustConfig } from '../../../lib/config/loader';
import { TrustStack } from '../../../lib/trust-stack';
import { isStateful } from '../../../lib/upgrade/upgrade-check';

const repo = path.join(__dirname, '..', '..', '..');

/** The logical ids of the resources the backup plan selects (tagged rootstock:backup=true) and of every stateful resource, by type. */
function coverage(template: Template) {
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties?: { Tags?: Array<{ Key: string; Value: string }> } }>;
  const tagged = Object.entries(resources)
    .filter(([, r]) => BACKUP_SUPPORTED_RESOURCE_TYPES.includes(r.Type) && (r.Properties?.Tags ?? []).some((t) => t.Key === BACKUP_TAG_KEY && t.Value === 'true'))
    .map(([id]) => id.replace(/[0-9A-F]{8}$/, ''))
    .sort();
  const statefulTypes = [...new Set(Object.values(resources).filter((r) => isStateful(r.Type)).map((r) => r.Type))].sort();
  return { tagged, statefulTypes };
}

function trustTemplate(file: string): Template {
  const config = parseTrustConfig(fs.readFileSync(path.join(repo, file), 'utf8'), file);
  return Template.fromStack(new TrustStack(new App(), 'Trust', { trust: config }));
}

/**
 * The backup plan selects, by tag, exactly the real resources of a trust stack that AWS Backup
 * supports; every other stateful resource is one AWS Backup cannot protect, each protected another
 * way (the README's "TrustBackup" section says how).
 */
describe('backup coverage of a trust stack', () => {
  test('the example trust: the plan selects the access-log bucket; the Object-Locked archive protects itself; the rest AWS Backup does not support', () => {
    // GIVEN the example trust WHEN synthesised
    const { tagged, statefulTypes } = coverage(trustTemplate('trusts/example.yaml'));
    // THEN the plan selects exactly these resources
    expect(tagged).toEqual(['AuditArchiveAccessLogs']);
    // AND every other stateful resource type in the stack is outside what AWS Backup supports, except the locked archive bucket
    expect(statefulTypes.filter((t) => BACKUP_SUPPORTED_RESOURCE_TYPES.includes(t))).toEqual(['AWS::S3::Bucket']);
    expect(statefulTypes.filter((t) => !BACKUP_SUPPORTED_RESOURCE_TYPES.includes(t))).toEqual([
      'AWS::Backup::BackupVault',
      'AWS::Cognito::UserPool',
      'AWS::HealthLake::FHIRDatastore',
      'AWS::KMS::Key',
      'AWS::Logs::LogGroup',
      'AWS::SecretsManager::Secret',
    ]);
  });

  test('a SIEM trust: the plan also selects the SIEM backup bucket', () => {
    expect(coverage(trustTemplate('trusts/examples/splunk.yaml')).tagged).toEqual(['AuditArchiveAccessLogs', 'SiemBackupBucket']);
  });

  test("a trust's own resource added to its stack later is covered with no step to forget; an unversioned bucket is not (AWS Backup refuses it)", () => {
    // GIVEN a trust stack WHEN the trust adds a table and two buckets of its own after it is built
    const stack = new TrustStack(new App(), 'Trust', { trust: { odsCode: 'RXX', name: 'Example', environment: 'test' } });
    new dynamodb.Table(stack, 'Referrals', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN });
    new s3.Bucket(stack, 'Letters', { versioned: true });
    new s3.Bucket(stack, 'Scratch');
    // THEN the table and the versioned bucket are in the plan, the unversioned one is not
    expect(coverage(Template.fromStack(stack)).tagged).toEqual(['AuditArchiveAccessLogs', 'Letters', 'Referrals']);
  });

  test('TrustBackup.protect() puts a resource of another stack of the trust in the plan', () => {
    // GIVEN a trust's own stack beside its TrustStack, in the same account and region
    const stack = new Stack(new App(), 'TrustApp');
    const table = new dynamodb.Table(stack, 'Appointments', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    // WHEN the trust protects it
    TrustBackup.protect(table);
    // THEN it carries the tag the plan selects
    expect(coverage(Template.fromStack(stack)).tagged).toEqual(['Appointments']);
  });

  test("the plan's role can back up and restore S3 buckets (AWS Backup's S3 policies)", () => {
    const template = trustTemplate('trusts/example.yaml');
    const roles = Object.values(template.findResources('AWS::IAM::Role')).map((r) => JSON.stringify(r.Properties.ManagedPolicyArns ?? []));
    expect(roles).toContainEqual(expect.stringMatching(/AWSBackupServiceRolePolicyForBackup.*AWSBackupServiceRolePolicyForRestores.*AWSBackupServiceRolePolicyForS3Backup.*AWSBackupServiceRolePolicyForS3Restore/));
  });
});
