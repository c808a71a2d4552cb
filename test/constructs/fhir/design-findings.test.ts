import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { AuditedFhirStore, fhirDesignFindings } from '../../../constructs/fhir';

describe('fhirDesignFindings', () => {
  test('acknowledging the listed findings leaves the store with no AwsSolutions, HIPAA or NIST finding', () => {
    // GIVEN a store in a VPC, with the AWS packs registered
    const app = new App();
    const stack = new Stack(app, 'Trust', { env: { account: '111122223333', region: 'eu-west-2' } });
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const fhir = new AuditedFhirStore(stack, 'Fhir', {
      odsCode: 'RXX', environment: 'test', dataKey: key, logsKey: key,
      archiveBucket: s3.Bucket.fromBucketArn(stack, 'Archive', 'arn:aws:s3:::rxx-audit-archive'),
      vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }),
      tokenIssuer: { issuer: 'https://issuer.example', audience: 'a', roleClaim: 'cis2' },
      rolePolicy: { R8000: { Patient: ['read'] } }, storeLock: 'unreleased',
    });
    // WHEN every listed finding is acknowledged
    for (const f of fhirDesignFindings(fhir)) Validations.of(f.scope).acknowledge({ id: `${f.ruleId.split('-')[0]}::${f.ruleId}`, reason: f.reason });
    const packs = [new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new NIST80053R5Checks(app)];
    Validations.of(app).addPlugins(...packs);
    // THEN synth reports nothing under the store (the test VPC and key may have findings of their own)
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    const report = require('fs').readFileSync(require('path').join(app.outdir, 'validation-report.json'), 'utf8') as string;
    const openOnStore = (JSON.parse(report).pluginReports as Array<{ violations: Array<{ ruleName: string; violatingConstructs: Array<{ constructPath?: string }> }> }>)
      .flatMap((r) => r.violations.flatMap((v) => v.violatingConstructs.filter((res) => res.constructPath?.startsWith('Trust/Fhir/')).map((res) => `${v.ruleName} @ ${res.constructPath}`)));
    require('fs').rmSync(app.outdir, { recursive: true, force: true });
    expect({ openOnStore, message: openOnStore.length ? message : '' }).toEqual({ openOnStore: [], message: '' });
  });
});
