import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Validations } from 'aws-cdk-lib';
import { acknowledge, formatAcknowledgementReason, parseAcknowledgementReason, qualifiedRuleId, unacknowledgedFindings } from '../../policies/acknowledge';
import { NhsTrustChecks } from '../../policies/nhs-trust-checks';

const VALID = { reason: 'Key material is imported from the trust HSM and rotated there', approvedBy: 'J Smith, SIRO', expires: '2099-12-31' };

interface Report {
  pluginReports: Array<{ pluginName: string; violations: Array<{ ruleName: string; violatingConstructs: Array<{ constructPath: string }> }>; suppressedViolations?: Array<{ ruleName: string; acknowledgedId: string; reason: string; violatingConstructs: Array<{ constructPath: string }> }> }>;
}

/** Synthesises an app with the NHS and AwsSolutions packs; returns whether synth failed and the report. */
function synth(build: (stack: Stack) => void): { error?: Error; report: Report } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-'));
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'S');
  build(stack);
  Validations.of(app).addPlugins(new NhsTrustChecks(app), new AwsSolutionsChecks(app));
  let error: Error | undefined;
  try {
    app.synth({ validateOnSynthesis: false });
  } catch (e) {
    error = e as Error;
  }
  const reportFile = path.join(outdir, 'validation-report.json');
  const report = fs.existsSync(reportFile) ? (JSON.parse(fs.readFileSync(reportFile, 'utf8')) as Report) : { pluginReports: [] };
  fs.rmSync(outdir, { recursive: true, force: true });
  return { error, report };
}

describe('acknowledge: accepted findings with reason, approver and expiry', () => {
  let acked: ReturnType<typeof synth>;
  beforeAll(() => {
    acked = synth((s) => {
      const key = new kms.Key(s, 'Key');
      acknowledge(key, 'NHS-KMSKeyRotationEnabled', VALID);
      acknowledge(key, 'AwsSolutions-KMS5', VALID);
    });
  });

  test('silences the acknowledged findings so synth passes', () => {
    expect(acked.error).toBeUndefined();
    for (const p of acked.report.pluginReports) expect(p.violations).toEqual([]);
  });

  test('records the acknowledgement in validation-report.json with reason, approver and expiry', () => {
    const nhs = acked.report.pluginReports.find((p) => p.pluginName === 'NhsTrustChecks');
    expect(nhs?.suppressedViolations).toEqual([
      expect.objectContaining({
        ruleName: 'NHS-KMSKeyRotationEnabled',
        acknowledgedId: 'NhsTrustChecks::NHS-KMSKeyRotationEnabled',
        reason: `${VALID.reason} [approved by: J Smith, SIRO; expires: 2099-12-31]`,
        violatingConstructs: [expect.objectContaining({ constructPath: 'S/Key/Resource' })],
      }),
    ]);
    const aws = acked.report.pluginReports.find((p) => p.pluginName === 'AwsSolutions');
    expect(aws?.suppressedViolations?.[0]).toEqual(expect.objectContaining({ acknowledgedId: 'AwsSolutions::AwsSolutions-KMS5' }));
  });

  test('acknowledges only the named rule and only under the scope', () => {
    const { error, report } = synth((s) => {
      const key = new kms.Key(s, 'Acked');
      acknowledge(key, 'NHS-KMSKeyRotationEnabled', VALID);
      new kms.Key(s, 'Open');
    });
    expect(error?.message).toMatch(/S\/Open\/Resource/);
    const nhs = report.pluginReports.find((p) => p.pluginName === 'NhsTrustChecks');
    expect(nhs?.violations.flatMap((v) => v.violatingConstructs.map((c) => c.constructPath))).toEqual(['S/Open/Resource']);
    const aws = report.pluginReports.find((p) => p.pluginName === 'AwsSolutions');
    expect(aws?.violations.flatMap((v) => v.violatingConstructs.map((c) => c.constructPath))).toEqual(['S/Acked/Resource', 'S/Open/Resource']);
  });

  test('fails synth once expired, naming the rule, the path and the expiry', () => {
    const { error } = synth((s) => acknowledge(new kms.Key(s, 'Key', { enableKeyRotation: true }), 'NHS-KMSKeyRotationEnabled', { ...VALID, expires: '2020-01-31' }));
    expect(error?.message).toMatch(/acknowledgement of NHS-KMSKeyRotationEnabled on S\/Key expired on 2020-01-31/);
  });

  test('holds through its expiry day', () => {
    const today = new Date().toISOString().slice(0, 10);
    const { error } = synth((s) => acknowledge(new kms.Key(s, 'Key'), 'NHS-KMSKeyRotationEnabled', { ...VALID, expires: today }));
    expect(error?.message ?? '').not.toMatch(/expired/);
  });

  test.each([
    ['an empty reason', { ...VALID, reason: '  ' }, /'reason' must say why/],
    ['an empty approver', { ...VALID, approvedBy: '' }, /'approvedBy' must name who accepted the risk/],
    ['a non-ISO expiry', { ...VALID, expires: '31/12/2099' }, /'expires' must be an ISO date YYYY-MM-DD.*got "31\/12\/2099"/],
    ['an impossible date', { ...VALID, expires: '2099-02-30' }, /'expires' must be an ISO date/],
  ])('fails with %s', (_name, options, message) => {
    const stack = new Stack(new App(), 'S');
    expect(() => acknowledge(stack, 'NHS-KMSKeyRotationEnabled', options)).toThrow(message);
  });

  test('fails for a rule id whose pack cannot be told', () => {
    expect(() => acknowledge(new Stack(new App(), 'S'), 'KMSKeyRotationEnabled', VALID)).toThrow(/cannot tell which pack reports 'KMSKeyRotationEnabled'/);
  });

  test('maps rule ids to the namespaced ids CDK records', () => {
    expect(qualifiedRuleId('NHS-X')).toBe('NhsTrustChecks::NHS-X');
    expect(qualifiedRuleId('HIPAA.Security-IAMNoInlinePolicy')).toBe('HIPAA.Security::HIPAA.Security-IAMNoInlinePolicy');
    expect(qualifiedRuleId('NIST.800.53.R5-IAMNoInlinePolicy')).toBe('NIST.800.53.R5::NIST.800.53.R5-IAMNoInlinePolicy');
    expect(qualifiedRuleId('AwsSolutions-IAM5[Action::s3:*]')).toBe('AwsSolutions::AwsSolutions-IAM5[Action::s3:*]');
    expect(qualifiedRuleId('cdk-validator-cfnguard::s3_bucket_logging_enabled_check')).toBe('cdk-validator-cfnguard::s3_bucket_logging_enabled_check');
  });

  test('unacknowledgedFindings applies acknowledgements in-process as synth does', () => {
    const stack = new Stack(new App(), 'S');
    acknowledge(new kms.Key(stack, 'Acked'), 'NHS-KMSKeyRotationEnabled', VALID);
    new kms.Key(stack, 'Open');
    const open = unacknowledgedFindings(stack, [new NhsTrustChecks(), new AwsSolutionsChecks()]);
    expect(open.map((f) => `${f.ruleId} ${f.constructPath}`)).toEqual(['NHS-KMSKeyRotationEnabled S/Open/Resource', 'AwsSolutions-KMS5 S/Acked/Resource', 'AwsSolutions-KMS5 S/Open/Resource']);
  });

  test('round-trips reason, approver and expiry through the recorded text', () => {
    expect(parseAcknowledgementReason(formatAcknowledgementReason(VALID))).toEqual(VALID);
    expect(parseAcknowledgementReason('a plain reason')).toEqual({ reason: 'a plain reason' });
  });
});
