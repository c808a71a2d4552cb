import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { buildRootstockApp } from '../../../lib/app';
import { readCloudAssembly } from '../../../lib/assembly';
import { checkTemplates } from '../../../lib/check/check';
import { readCheckInputs } from '../../../lib/check/inputs';
import { runCli } from '../../../lib/cli/program';
import { acknowledge, DESIGN_REVIEW } from '../../../policies/acknowledge';
import { NhsTrustChecks } from '../../../policies/nhs-trust-checks';

const REPO = path.join(__dirname, '..', '..', '..');
const TRUST_ACK = { reason: 'Key material imported from the trust HSM, rotated there', approvedBy: 'J Smith, SIRO', expires: '2099-12-31' };

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { out, err, code };
}

describe('rootstock check over a cloud assembly: acknowledgements made in code', () => {
  let root: string;
  let small: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'check-acks-'));
    // GIVEN a synth whose only NHS findings are acknowledged: one by the trust, one by the library's design review
    small = path.join(root, 'small.out');
    const app = new App({ outdir: small, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Keys');
    acknowledge(new kms.Key(stack, 'Imported'), 'NHS-KMSKeyRotationEnabled', TRUST_ACK);
    acknowledge(new kms.Key(stack, 'Design'), 'NHS-KMSKeyRotationEnabled', { reason: 'By design: short-lived signing material', ...DESIGN_REVIEW });
    Validations.of(app).addPlugins(new NhsTrustChecks());
    app.synth();
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('shows each acknowledged finding with who, why and until when, apart by owner, and exits 0', async () => {
    // WHEN
    const { code, out } = await cli('check', small, '--format', 'json');
    // THEN nothing is open: the passing synth and check agree
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.summary).toEqual(expect.objectContaining({ errors: 0, acknowledged: 2, exitCode: 0 }));
    expect(json.findings).toEqual([
      expect.objectContaining({
        ruleId: 'NHS-KMSKeyRotationEnabled',
        status: 'acknowledged',
        logicalId: expect.stringMatching(/^Imported/),
        acknowledgement: expect.objectContaining({ id: 'NhsTrustChecks::NHS-KMSKeyRotationEnabled', reason: TRUST_ACK.reason, approvedBy: 'J Smith, SIRO', expires: '2099-12-31', acknowledgedAt: 'Keys/Imported', library: false }),
      }),
      expect.objectContaining({ status: 'acknowledged', logicalId: expect.stringMatching(/^Design/), acknowledgement: expect.objectContaining({ library: true, approvedBy: DESIGN_REVIEW.approvedBy }) }),
    ]);
    const text = await cli('check', small);
    expect(text.out).toContain(`trust: approved by J Smith, SIRO, expires 2099-12-31: ${TRUST_ACK.reason}`);
    expect(text.out).toContain(`library design review: approved by ${DESIGN_REVIEW.approvedBy}`);
    expect(text.out).not.toContain('No acknowledgements are known');
  });

  test('an acknowledgement past its expiry leaves the finding open (exit 1), and says so', () => {
    // GIVEN the same synth judged after both expiry dates
    const inputs = readCheckInputs(small);
    // WHEN
    const result = checkTemplates(inputs.templates, ['nhs'], { now: new Date('2100-01-01T00:00:00Z') });
    // THEN
    expect(result.summary).toEqual(expect.objectContaining({ errors: 2, acknowledged: 0, exitCode: 1 }));
    expect(result.findings[0].acknowledgement?.problem).toBe('expired on 2099-12-31');
  });

  test('the same template outside its cloud assembly has no acknowledgements: its findings are open', async () => {
    const template = readCloudAssembly(small).stacks[0].templateFile;
    const { code, out } = await cli('check', template);
    expect(code).toBe(1);
    expect(out).toContain('No acknowledgements are known for this template');
  });

  test('after a passing synth of the example trust, check --packs all agrees: nothing open, every suppressed finding acknowledged', async () => {
    // GIVEN the reference app's synth of the example trust with all four packs (synth fails on any open finding)
    const outdir = path.join(root, 'example.out');
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    buildRootstockApp(app, { trustsDir: path.join(REPO, 'trusts'), trust: 'RXX' });
    app.synth();
    const report = readCloudAssembly(outdir).validationReport!;
    const suppressed = report.plugins.flatMap((p) => p.suppressed).reduce((n, v) => n + v.resources.length, 0);
    expect(suppressed).toBeGreaterThan(10);
    // WHEN
    const { code, out } = await cli('check', outdir, '--packs', 'all', '--format', 'json');
    // THEN
    const json = JSON.parse(out);
    expect(json.summary).toEqual(expect.objectContaining({ errors: 0, warnings: 0, acknowledged: suppressed, exitCode: 0 }));
    expect(code).toBe(0);
  }, 120_000);
});
