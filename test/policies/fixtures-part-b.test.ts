import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { NhsTrustChecks } from '../../policies/nhs-trust-checks';
import { NHS_RULES } from '../../policies/rules';

/** The part B rules (rules-b): each has a fixture in test/policies/fixtures/<RuleName>.json. */
const PART_B = [
  'S3BucketPublicAccessBlocked',
  'EC2SecurityGroupNoPublicAdminIngress',
  'RDSInstanceNotPubliclyAccessible',
  'LambdaUrlAuthRequired',
  'CloudTrailTrailMultiRegion',
  'CloudTrailTrailLogFileValidation',
  'CloudTrailTrailKmsEncrypted',
  'S3ArchiveObjectLockCompliance',
  'LogsLogGroupRetentionMinimum',
  'LogsLogGroupRetentionSetOrArchived',
  'APIGatewayStageAccessLogging',
  'EC2VPCFlowLogAllTraffic',
  'S3BucketAccessLogging',
  'CognitoUserPoolMfaRequired',
  'CognitoUserPoolStrongPasswordPolicy',
  'CognitoUserPoolDeletionProtection',
  'IAMPolicyNoAdminAccess',
  'IAMUserNoConsolePassword',
  'IAMUserNoAccessKeys',
  'DynamoDBTablePointInTimeRecovery',
  'RDSBackupRetentionMinimum',
  'RDSDeletionProtectionEnabled',
  'BackupVaultLocked',
  'ResidencyRegionReferencesUk',
  'ResidencyS3ReplicationDestinationUk',
  'HealthLakeDatastoreNoSyntheticDataInProd',
];

interface Fixture {
  noncompliant: Record<string, unknown>;
  compliant: Record<string, unknown>;
  violatingLogicalId: string;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhs-fixtures-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Loads a template through CfnInclude (as `rootstock check` does) and returns `<rule id> <logical id>` per finding. */
function check(ruleId: string, template: Record<string, unknown>, name: string): string[] {
  const rule = NHS_RULES.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`${ruleId} is not registered in NHS_RULES`);
  const file = path.join(dir, `${ruleId}-${name}.json`);
  fs.writeFileSync(file, JSON.stringify(template));
  const stack = new Stack(new App(), 'Fixture');
  new CfnInclude(stack, 'Template', { templateFile: file });
  const report = new NhsTrustChecks(undefined, { rules: [rule] }).validateScope(stack);
  return report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${(r.constructPath ?? '').replace(/^Fixture\/Template\//, '')}`));
}

describe('part B rule fixtures: valid CloudFormation with one seeded violation, and the fixed template', () => {
  test.each(PART_B)('%s: the noncompliant template names the violating resource; the compliant one passes', (ruleId) => {
    const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', `${ruleId}.json`), 'utf8')) as Fixture;
    const found = check(ruleId, fixture.noncompliant, 'noncompliant');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^NHS-${ruleId}(\\[[^\\]]+\\])? ${fixture.violatingLogicalId}$`));
    expect(check(ruleId, fixture.compliant, 'compliant')).toEqual([]);
  });
});
