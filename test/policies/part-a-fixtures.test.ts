import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { NhsTrustChecks } from '../../policies/nhs-trust-checks';
import type { NhsRule } from '../../policies/rule';
import { NHS_RULES } from '../../policies/rules';

// The rules of part A (rules-a): each has a fixture with one seeded violation and its fix.
const PART_A = [
  'S3BucketKmsEncrypted',
  'EC2VolumeKmsEncrypted',
  'RDSStorageKmsEncrypted',
  'DynamoDBTableKmsEncrypted',
  'SQSQueueKmsEncrypted',
  'SNSTopicKmsEncrypted',
  'LogsLogGroupKmsEncrypted',
  'KinesisStreamKmsEncrypted',
  'FirehoseDeliveryStreamKmsEncrypted',
  'SecretsManagerSecretKmsEncrypted',
  'EFSFileSystemKmsEncrypted',
  'BackupVaultKmsEncrypted',
  'HealthLakeDatastoreKmsEncrypted',
  'KMSKeyRetained',
  'KMSKeyDeletionWindowMaximum',
  'S3ArchiveBucketRetained',
  'HealthLakeDatastoreRetained',
  'CognitoUserPoolRetained',
  'LogsLogGroupRetained',
  'BackupVaultRetained',
  'S3BucketTLSRequestsOnly',
  'ELBListenerTLS12',
  'APIGatewayDomainNameTLS12',
  'RDSDatabaseTLSRequired',
];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-a-fixtures-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Loads `template` through CfnInclude (as `rootstock check` does) and returns the logical ids `rule` reports. */
function violatingIds(rule: NhsRule, template: unknown, name: string): string[] {
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(template));
  const stack = new Stack(new App(), 'Fixture', { env: { region: 'eu-west-2' } });
  new CfnInclude(stack, 'Template', { templateFile: file });
  const report = new NhsTrustChecks(undefined, { rules: [rule] }).validateScope(stack);
  return report.violations.flatMap((v) => v.violatingResources.map((r) => (r.constructPath ?? '').replace(/^Fixture\/Template\//, '')));
}

describe('part A fixtures: each seeded violation is found through CfnInclude, and its fix passes', () => {
  test.each(PART_A)('%s', (id) => {
    const rule = NHS_RULES.find((r) => r.id === id);
    expect(rule).toBeDefined();
    const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', `${id}.json`), 'utf8'));
    expect(violatingIds(rule!, fixture.noncompliant, `${id}-bad`)).toEqual([fixture.violatingLogicalId]);
    expect(violatingIds(rule!, fixture.compliant, `${id}-good`)).toEqual([]);
  });
});
