import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { AuditedFhirStore } from '../../../constructs/fhir';
import { applyDesignFindings, designFindingsOf } from '../../../lib/trust-stack/design-findings';
import { unacknowledgedFindings } from '../../../policies/acknowledge';

describe('AuditedFhirStore design findings', () => {
  const build = () => {
    const app = new App();
    const stack = new Stack(app, 'Trust', { env: { account: '111122223333', region: 'eu-west-2' } });
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const fhir = new AuditedFhirStore(stack, 'Fhir', {
      odsCode: 'RXX', environment: 'test', dataKey: key, logsKey: key, alarmTopic: new sns.Topic(stack, 'Alarms', { masterKey: key }), accessLogsBucket: new s3.Bucket(stack, 'AccessLogs'),
      archiveBucket: s3.Bucket.fromBucketArn(stack, 'Archive', 'arn:aws:s3:::rxx-audit-archive'),
      vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }),
      tokenIssuer: { issuer: 'https://issuer.example', audience: 'a', roleClaim: 'cis2' },
      rolePolicy: { R8000: { Patient: ['read'] } }, storeLock: 'unreleased',
    });
    return { stack, fhir };
  };
  const packs = () => [new AwsSolutionsChecks(), new HIPAASecurityChecks(), new NIST80053R5Checks()];
  const onStore = (stack: Stack) => unacknowledgedFindings(stack, packs()).filter((f) => f.constructPath.startsWith('Trust/Fhir/')).map((f) => `${f.ruleId} @ ${f.constructPath}`);

  test('applying the recorded findings leaves the store with no AwsSolutions, HIPAA or NIST finding', () => {
    // GIVEN a store in a VPC WHEN its recorded design findings are applied
    const { stack, fhir } = build();
    applyDesignFindings(fhir, { approvedBy: 'Test reviewer', expires: '2099-01-01' });
    // THEN nothing under the store is open (the test VPC and key may have findings of their own)
    expect(onStore(stack)).toEqual([]);
  });

  test('fails without them: the store alone raises the findings it records', () => {
    const { stack, fhir } = build();
    const open = onStore(stack);
    expect(open.length).toBeGreaterThan(0);
    const recorded = new Set(designFindingsOf(fhir).map((f) => f.ruleId));
    expect(open.filter((o) => !recorded.has(o.split(' @ ')[0]))).toEqual([]);
  });
});
