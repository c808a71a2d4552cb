import * as fs from 'fs';
import * as path from 'path';
import { NHS_RULES } from '../../policies/rules';

const RULES_DIR = path.join(__dirname, '..', '..', 'policies', 'rules');

/** Every rule file: `<area>/<RuleName>.ts` that declares a rule. */
function ruleFiles(): Array<{ area: string; name: string; file: string }> {
  return fs
    .readdirSync(RULES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      fs
        .readdirSync(path.join(RULES_DIR, d.name))
        .filter((f) => /^[A-Z].*\.ts$/.test(f))
        .map((f) => ({ area: d.name, name: path.basename(f, '.ts'), file: path.join(RULES_DIR, d.name, f) })),
    );
}

/** The service area (folder) each rule id starts with. */
const AREA_PREFIX: Record<string, RegExp> = {
  apigateway: /^APIGateway/, backup: /^BackupVault/, cloudtrail: /^CloudTrail/, cloudwatch: /^CloudWatch/, cognito: /^CognitoUserPool/,
  dynamodb: /^DynamoDB/, ec2: /^EC2/, ecr: /^ECR/, efs: /^EFS/, elasticache: /^ElastiCache/, elb: /^ELB/, firehose: /^Firehose/,
  guardduty: /^GuardDuty/, healthlake: /^HealthLake/, iam: /^IAM/, kinesis: /^Kinesis/, kms: /^KMS/, lambda: /^Lambda/, logs: /^Logs/,
  neptune: /^Neptune/, opensearch: /^OpenSearch/, rds: /^RDS/, residency: /^Residency/, s3: /^S3/, secretsmanager: /^SecretsManager/,
  securityhub: /^SecurityHub/, sns: /^SNS/, sqs: /^SQS/,
};

describe('the NHS rule list', () => {
  test('is exactly these 64 rules, in this order (adding or dropping one is a visible change)', () => {
    expect(NHS_RULES.map((r) => r.id)).toEqual([
      'KMSKeyRotationEnabled', 'S3BucketKmsEncrypted', 'EC2VolumeKmsEncrypted', 'RDSStorageKmsEncrypted', 'DynamoDBTableKmsEncrypted',
      'SQSQueueKmsEncrypted', 'SNSTopicKmsEncrypted', 'LogsLogGroupKmsEncrypted', 'KinesisStreamKmsEncrypted', 'FirehoseDeliveryStreamKmsEncrypted',
      'SecretsManagerSecretKmsEncrypted', 'EFSFileSystemKmsEncrypted', 'BackupVaultKmsEncrypted', 'HealthLakeDatastoreKmsEncrypted',
      'NeptuneClusterKmsEncrypted', 'ElastiCacheKmsEncrypted', 'OpenSearchDomainKmsEncrypted',
      'KMSKeyRetained', 'KMSKeyDeletionWindowMaximum', 'S3ArchiveBucketRetained', 'HealthLakeDatastoreRetained', 'CognitoUserPoolRetained',
      'LogsLogGroupRetained', 'BackupVaultRetained',
      'S3BucketTLSRequestsOnly', 'ELBListenerTLS12', 'APIGatewayDomainNameTLS12', 'RDSDatabaseTLSRequired', 'ElastiCacheTransitEncrypted', 'OpenSearchDomainTLS12',
      'S3BucketPublicAccessBlocked', 'EC2SecurityGroupNoPublicAdminIngress', 'RDSInstanceNotPubliclyAccessible', 'LambdaUrlAuthRequired',
      'LambdaPermissionSourceScoped', 'IAMResourcePolicyNoPublicPrincipal',
      'CloudTrailTrailMultiRegion', 'CloudTrailTrailLogFileValidation', 'CloudTrailTrailKmsEncrypted', 'S3ArchiveObjectLockCompliance',
      'LogsLogGroupRetentionMinimum', 'LogsLogGroupRetentionSetOrArchived', 'APIGatewayStageAccessLogging', 'EC2VPCFlowLogAllTraffic', 'S3BucketAccessLogging',
      'CloudWatchAlarmActionsEnabled', 'LogsMetricFilterAlarmed', 'GuardDutyDetectorFindingsRouted', 'SecurityHubHubFindingsRouted',
      'ECRRepositoryScanOnPush', 'LambdaFunctionRuntimeSupported',
      'CognitoUserPoolMfaRequired', 'CognitoUserPoolStrongPasswordPolicy', 'CognitoUserPoolDeletionProtection', 'IAMPolicyNoAdminAccess',
      'IAMUserNoConsolePassword', 'IAMUserNoAccessKeys',
      'DynamoDBTablePointInTimeRecovery', 'RDSBackupRetentionMinimum', 'RDSDeletionProtectionEnabled', 'BackupVaultLocked',
      'ResidencyRegionReferencesUk', 'ResidencyS3ReplicationDestinationUk',
      'HealthLakeDatastoreNoSyntheticDataInProd',
    ]);
  });

  test('each rule lives in a file named by its id, one rule per file, and every rule file is in the list', () => {
    const files = ruleFiles();
    expect(files.map((f) => f.name).sort()).toEqual(NHS_RULES.map((r) => r.id).sort());
    for (const f of files) {
      // The module's default export is the rule with the file's name.
      const mod = require(f.file) as { default: { id: string } };
      expect(mod.default.id).toBe(f.name);
    }
  });

  test("each rule's folder is its service area", () => {
    for (const f of ruleFiles()) expect({ rule: f.name, area: f.area, matches: AREA_PREFIX[f.area]?.test(f.name) }).toEqual({ rule: f.name, area: f.area, matches: true });
  });

  test('every rule declares the CloudFormation types it judges (only the residency scan reads every resource)', () => {
    const everyType = NHS_RULES.filter((r) => r.resourceTypes === '*').map((r) => r.id);
    expect(everyType).toEqual(['ResidencyRegionReferencesUk']);
  });

  test('every rule has a test file named after it, with a describe("<RuleName>: ...") holding failing, passing and not-applicable cases', () => {
    const tests = fs.readdirSync(path.join(__dirname, 'rules')).map((f) => f.replace(/\.test\.ts$/, ''));
    expect(NHS_RULES.map((r) => r.id).filter((id) => !tests.includes(id))).toEqual([]);
    for (const { id } of NHS_RULES) {
      const text = fs.readFileSync(path.join(__dirname, 'rules', `${id}.test.ts`), 'utf8');
      const shape = {
        id,
        describe: new RegExp(`describe\\(['"]${id}: `).test(text),
        fails: /test(\.each\([^)]*\))?\(['"`]fails/.test(text),
        passes: /test\(['"`](passes|exempts)/.test(text),
        notApplicable: /does not (apply|report)/.test(text),
      };
      expect(shape).toEqual({ id, describe: true, fails: true, passes: true, notApplicable: true });
    }
  });
});
