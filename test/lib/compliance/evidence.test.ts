import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack, Tags } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { addCompliancePacks } from '../../../lib/app';
import { runCli } from '../../../lib/cli/program';
import { buildEvidence, type Evidence, type StackEvidence } from '../../../lib/compliance/evidence';
import { escapeHtml } from '../../../lib/compliance/render';
import { acknowledge } from '../../../policies/acknowledge';
import { controlsCatalogue } from '../../../policies/controls';

const ACK = { reason: 'Key material imported from the trust <HSM> & rotated there', approvedBy: 'J Smith, SIRO', expires: '2099-12-31' };

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { out, err, code };
}

describe('rootstock evidence', () => {
  let dir: string;
  let cdkOut: string;
  let evidence: Evidence;
  const stack = (id: string): StackEvidence => evidence.stacks.find((s) => s.stack === id)!;
  const control = (s: string, id: string) => stack(s).controls.find((c) => c.id === id)!;

  beforeAll(() => {
    // GIVEN a real synth with all four packs: one stack with an open finding, one with only an
    // acknowledged finding, one clean (a single KMS key, so no log or CloudTrail resource in
    // scope), and one whose only NHS finding carries a suffix (NHS-ResidencyRegionReferencesUk[us-east-1]).
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-'));
    cdkOut = path.join(dir, 'cdk.out');
    const app = new App({ outdir: cdkOut, builtinCloudFormationValidation: false });
    const open = new Stack(app, 'Open');
    Tags.of(open).add('rootstock:version', '1.2.3');
    new kms.Key(open, 'Key');
    new s3.Bucket(open, 'Data');
    const acked = new Stack(app, 'Acked');
    acknowledge(new kms.Key(acked, 'Key'), 'NHS-KMSKeyRotationEnabled', ACK);
    const clean = new Stack(app, 'Clean');
    new kms.Key(clean, 'Key', { enableKeyRotation: true });
    const abroad = new Stack(app, 'Abroad');
    new CfnResource(abroad, 'Subscription', {
      type: 'AWS::SNS::Subscription',
      properties: { Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:123456789012:queue', TopicArn: 'arn:aws:sns:eu-west-2:123456789012:topic' },
    });
    addCompliancePacks(app);
    expect(() => app.synth({ validateOnSynthesis: false })).toThrow(/Open\/Key\/Resource/);
    evidence = buildEvidence(cdkOut, { now: new Date('2026-01-01T00:00:00Z') });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('gives each control of each stack its status from the NHS findings', () => {
    expect(control('Open', 'B3.c').status).toBe('not met');
    expect(control('Acked', 'B3.c').status).toBe('acknowledged');
    expect(control('Clean', 'B3.c').status).toBe('met');
    expect(control('Open', 'NCSC-2').status).toBe('not met');
    // A1.a (board direction) is evidenced by no rule of the pack.
    expect(controlsCatalogue().controls.find((c) => c.id === 'A1.a')!.ruleIds).toEqual([]);
    expect(control('Clean', 'A1.a')).toEqual(expect.objectContaining({ status: 'not assessed', rules: [] }));
    expect(control('Open', 'B3.c').rules).toContainEqual({ ruleId: 'NHS-KMSKeyRotationEnabled', status: 'failed', openFindings: 1, acknowledgedFindings: 0, resourcesChecked: 1 });
    // The failed rules of a control are exactly the NHS rules with open findings that cite it.
    const openNhs = new Set(stack('Open').findings.filter((f) => f.pack === 'NhsTrustChecks' && f.status === 'open' && f.controls.includes('B3.c')).map((f) => f.ruleId));
    expect(new Set(control('Open', 'B3.c').rules.filter((r) => r.status === 'failed').map((r) => r.ruleId))).toEqual(openNhs);
  });

  test('reports controls whose rules had no resource in scope as not applicable, not met', () => {
    // Clean holds one KMS key: no trail, log group, bucket or stage for the logging rules to judge.
    for (const id of ['C1.a', 'C1.b', 'NCSC-13']) {
      const c = control('Clean', id);
      expect(c.rules.length).toBeGreaterThan(0);
      expect(c).toEqual(expect.objectContaining({ status: 'not applicable', resourcesChecked: 0, acknowledgements: [] }));
      expect(c.rules.every((r) => r.status === 'not applicable' && r.resourcesChecked === 0)).toBe(true);
    }
    expect(control('Clean', 'C1.a').rules).toContainEqual({ ruleId: 'NHS-CloudTrailTrailMultiRegion', status: 'not applicable', openFindings: 0, acknowledgedFindings: 0, resourcesChecked: 0 });
    expect(stack('Clean').summary.notApplicable).toBe(stack('Clean').controls.filter((c) => c.status === 'not applicable').length);
    expect(stack('Clean').summary.notApplicable).toBeGreaterThanOrEqual(3);
  });

  test('reports a control met only with a passing applicable rule, and how many resources it checked', () => {
    // The key is rotated, so the rotation rule applied to it and passed; the bucket rules did not apply.
    const c = control('Clean', 'B3.c');
    expect(c).toEqual(expect.objectContaining({ status: 'met', resourcesChecked: 1 }));
    expect(c.rules).toContainEqual({ ruleId: 'NHS-KMSKeyRotationEnabled', status: 'passed', openFindings: 0, acknowledgedFindings: 0, resourcesChecked: 1 });
    expect(c.rules.find((r) => r.ruleId === 'NHS-S3BucketKmsEncrypted')).toEqual(expect.objectContaining({ status: 'not applicable', resourcesChecked: 0 }));
    expect(c.rules.every((r) => r.status === 'passed' || r.status === 'not applicable')).toBe(true);
    // Open has a key and a bucket (plus the bucket's auto-generated policy): B3.c's rules saw both.
    expect(control('Open', 'B3.c').resourcesChecked).toBeGreaterThanOrEqual(2);
  });

  test('counts findings whose rule id carries a suffix against their rule and its controls', () => {
    const finding = stack('Abroad').findings.find((f) => f.pack === 'NhsTrustChecks')!;
    expect(finding).toEqual(expect.objectContaining({ ruleId: 'NHS-ResidencyRegionReferencesUk[us-east-1]', status: 'open', controls: expect.arrayContaining(['B3.c', 'NCSC-2']) }));
    expect(control('Abroad', 'B3.c').status).toBe('not met');
    expect(control('Abroad', 'B3.c').rules).toContainEqual({ ruleId: 'NHS-ResidencyRegionReferencesUk', status: 'failed', openFindings: 1, acknowledgedFindings: 0, resourcesChecked: 1 });
  });

  test('records the acknowledgement with reason, approver and expiry', () => {
    expect(control('Acked', 'B3.c').acknowledgements).toEqual([
      expect.objectContaining({ ruleId: 'NHS-KMSKeyRotationEnabled', reason: ACK.reason, approvedBy: 'J Smith, SIRO', expires: '2099-12-31', constructPath: 'Acked/Key/Resource', id: 'NhsTrustChecks::NHS-KMSKeyRotationEnabled' }),
    ]);
  });

  test('lists findings from every pack, NHS ones mapped to controls, with logical ids and types', () => {
    const findings = stack('Open').findings;
    expect(findings).toContainEqual(
      expect.objectContaining({ pack: 'NhsTrustChecks', ruleId: 'NHS-KMSKeyRotationEnabled', status: 'open', logicalId: expect.stringMatching(/^Key/), resourceType: 'AWS::KMS::Key', controls: ['B3.c', 'NCSC-2'] }),
    );
    expect(findings).toContainEqual(expect.objectContaining({ pack: 'AwsSolutions', ruleId: 'AwsSolutions-KMS5', status: 'open', controls: [] }));
    expect(findings).toContainEqual(expect.objectContaining({ pack: 'NIST.800.53.R5', status: 'open' }));
    expect(findings).toContainEqual(expect.objectContaining({ pack: 'HIPAA.Security', status: 'open', resourceType: 'AWS::S3::Bucket' }));
    // addCompliancePacks registered all four packs on the App.
    expect([...evidence.packsReporting].sort()).toEqual(['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'NhsTrustChecks']);
    expect(stack('Acked').findings).toContainEqual(expect.objectContaining({ pack: 'NhsTrustChecks', status: 'acknowledged', acknowledgement: expect.objectContaining({ approvedBy: 'J Smith, SIRO' }) }));
    expect(stack('Clean').findings.filter((f) => f.pack === 'NhsTrustChecks')).toEqual([]);
  });

  test('marks acknowledgements past their expiry on the evidence date', () => {
    const later = buildEvidence(cdkOut, { now: new Date('2100-01-01T00:00:00Z') });
    const ack = later.stacks.find((s) => s.stack === 'Acked')!.controls.find((c) => c.id === 'B3.c')!.acknowledgements[0];
    expect(ack.expired).toBe(true);
    expect(control('Acked', 'B3.c').acknowledgements[0].expired).toBe(false);
  });

  test('stamps the library version per stack and the catalogue version', () => {
    expect(stack('Open').rootstockVersion).toBe('1.2.3');
    expect(stack('Clean').rootstockVersion).toBeUndefined();
    expect(evidence.cafVersion).toMatch(/CAF v4\.0/);
  });

  test('writes evidence.json, evidence.md and a self-contained, escaped evidence.html', async () => {
    const out = path.join(dir, 'evidence');
    const { code, out: stdout } = await cli('evidence', cdkOut, '--out', out);
    expect(code).toBe(0);
    // Expected counts, from the catalogue and the findings: a control is not met when an open NHS
    // finding cites it, not assessed when no rule cites it (no acknowledgements in Open).
    const catalogue = controlsCatalogue().controls;
    const openFindings = stack('Open').findings.filter((f) => f.status === 'open');
    const failing = new Set(openFindings.filter((f) => f.pack === 'NhsTrustChecks').map((f) => f.ruleId));
    const notAssessed = catalogue.filter((c) => c.ruleIds.length === 0).length;
    const notMet = catalogue.filter((c) => c.ruleIds.some((r) => failing.has(r))).length;
    const count = (s: string, st: string) => stack(s).controls.filter((c) => c.status === st).length;
    expect(notMet).toBeGreaterThanOrEqual(2);
    expect(count('Open', 'met') + notMet + count('Open', 'not applicable') + notAssessed).toBe(catalogue.length);
    expect(stdout).toContain(`Open: Rootstock 1.2.3; controls ${count('Open', 'met')} met, ${notMet} not met, 0 acknowledged, ${count('Open', 'not applicable')} not applicable, ${notAssessed} not assessed; findings ${openFindings.length} open, 0 acknowledged\n`);
    expect(stdout).toContain(`Clean: Rootstock (not stamped); controls ${count('Clean', 'met')} met, 0 not met, 0 acknowledged, ${count('Clean', 'not applicable')} not applicable, ${notAssessed} not assessed; findings 0 open, 0 acknowledged\n`);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'evidence.json'), 'utf8')) as Evidence;
    expect(json.stacks.map((s) => s.stack).sort()).toEqual(['Abroad', 'Acked', 'Clean', 'Open']);
    const cleanJson = json.stacks.find((s) => s.stack === 'Clean')!;
    expect(cleanJson.controls.find((c) => c.id === 'C1.b')).toEqual(expect.objectContaining({ status: 'not applicable', resourcesChecked: 0 }));
    expect(cleanJson.summary.notApplicable).toBe(count('Clean', 'not applicable'));
    const md = fs.readFileSync(path.join(out, 'evidence.md'), 'utf8');
    expect(md).toMatch(/\| DSPT B3\.c \| Stored data \| acknowledged \| 1 \|.*approved by J Smith, SIRO; expires 2099-12-31/);
    expect(md).toMatch(/\| DSPT B3\.c \| Stored data \| met \| 1 \| NHS-KMSKeyRotationEnabled \(passed, 1 resource checked\)<br>NHS-S3BucketKmsEncrypted \(n\/a: no resource in scope\)/);
    expect(md).toMatch(/\| DSPT C1\.a \| [^|]+ \| not applicable \| - \| NHS-CloudTrailTrailMultiRegion \(n\/a: no resource in scope\)/);
    expect(md).toContain(`${count('Clean', 'not applicable')} not applicable (no resource in scope)`);
    const html = fs.readFileSync(path.join(out, 'evidence.html'), 'utf8');
    expect(html).toMatch(/<td class="status notmet">not met<\/td>/);
    expect(html).toMatch(/<td class="status ack">acknowledged<\/td>/);
    expect(html).toMatch(/<td class="status met">met<\/td><td>1<\/td><td>NHS-KMSKeyRotationEnabled <span class="met">passed, 1 resource checked<\/span>/);
    expect(html).toMatch(/<td class="status notapp">not applicable<\/td><td>-<\/td><td>NHS-CloudTrailTrailMultiRegion <span class="notapp">n\/a: no resource in scope<\/span>/);
    expect(html).toMatch(/\.notapp \{ background: #e8edee;/);
    expect(html).toContain('Key material imported from the trust &lt;HSM&gt; &amp; rotated there');
    expect(html).not.toContain('<HSM>');
    expect(html).toContain('J Smith, SIRO');
    expect(html).toContain('2099-12-31');
    expect(html).not.toMatch(/<script|<link|src=|href=/);
  });

  test.each([
    ['a missing folder', () => path.join(dir, 'nope'), /no such folder/],
    ['a file instead of a folder', () => path.join(cdkOut, 'manifest.json'), /manifest\.json: is a file, not a folder\. .*pass the cdk\.out folder/],
    ['a folder that is not a cloud assembly', () => fs.mkdtempSync(path.join(dir, 'plain-')), /manifest\.json: missing\. Not a cdk\.out folder/],
    [
      'a cloud assembly without a validation report',
      () => {
        const d = fs.mkdtempSync(path.join(dir, 'noreport-'));
        fs.copyFileSync(path.join(cdkOut, 'manifest.json'), path.join(d, 'manifest.json'));
        for (const f of fs.readdirSync(cdkOut).filter((n) => n.endsWith('.json') && n !== 'validation-report.json')) fs.copyFileSync(path.join(cdkOut, f), path.join(d, f));
        return d;
      },
      /validation-report\.json: missing\. Synthesise with the compliance packs registered/,
    ],
    [
      'an invalid validation report',
      () => {
        const d = fs.mkdtempSync(path.join(dir, 'badreport-'));
        for (const f of fs.readdirSync(cdkOut).filter((n) => n.endsWith('.json'))) fs.copyFileSync(path.join(cdkOut, f), path.join(d, f));
        fs.writeFileSync(path.join(d, 'validation-report.json'), '{ not json');
        return d;
      },
      /validation-report\.json: not valid JSON/,
    ],
  ])('fails with exit 2 for %s and writes nothing', async (_name, make, message) => {
    const input = make();
    const out = path.join(dir, `out-${Math.random().toString(36).slice(2)}`);
    const { code, err } = await cli('evidence', input, '--out', out);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('escapes every HTML special character', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
