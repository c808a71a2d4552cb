import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { buildRootstockApp } from '../../../lib/app';
import { runCli } from '../../../lib/cli/program';
import type { Evidence } from '../../../lib/compliance/evidence';
import { escapeHtml } from '../../../lib/compliance/render';
import { acknowledge, DESIGN_REVIEW } from '../../../policies/acknowledge';
import { createPacks } from '../../../policies/packs';
import { NHS_RULES } from '../../../policies/rules';

const REPO = path.join(__dirname, '..', '..', '..');
/** A date `n` days from today (acknowledgements that have expired fail synth). */
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const SOON = inDays(30);
const LATER = inDays(90);

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { out, err, code };
}

const packs = () => createPacks();

describe('rootstock evidence: the files an assessor reads', () => {
  let dir: string;
  let example: string;
  let written: { out: string; code: number };
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-report-'));
    // GIVEN the example trust synthesised by the reference app with every pack recording its run,
    // plus one acknowledgement of the trust's own
    example = path.join(dir, 'cdk.out');
    const app = new App({ outdir: example, builtinCloudFormationValidation: false });
    const [stack] = buildRootstockApp(app, { trustsDir: path.join(REPO, 'trusts'), trust: 'RXX', checks: false });
    acknowledge(new kms.Key(stack, 'LegacyImportedKey'), 'NHS-KMSKeyRotationEnabled', { reason: 'Imported <HSM> key & rotated there', approvedBy: 'J Smith, SIRO', expires: LATER });
    acknowledge(stack.node.findChild('LegacyImportedKey'), 'AwsSolutions-KMS5', { reason: 'Imported key', approvedBy: 'J Smith, SIRO', expires: SOON });
    acknowledge(stack.node.findChild('LegacyImportedKey'), 'NIST.800.53.R5-KMSBackingKeyRotationEnabled', { reason: 'Imported key', approvedBy: 'J Smith, SIRO', expires: SOON });
    Validations.of(app).addPlugins(...packs());
    app.synth();
    written = await cli('evidence', example, '--out', path.join(dir, 'evidence'));
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("the example's report names each pack that ran, with its rule count, and what did not run", () => {
    expect(written.code).toBe(0);
    expect(written.out).toContain(`Rootstock-RXX-prod: Rootstock 0.1.0; packs ran: NhsTrustChecks (${NHS_RULES.length} rules), AwsSolutions, HIPAA.Security, NIST.800.53.R5; controls `);
    expect(written.out).toContain('  not assessed: the AWS Control Tower proactive controls (cfn-guard) did not run on Rootstock-RXX-prod');
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'evidence', 'evidence.json'), 'utf8')) as Evidence;
    const s = json.stacks[0];
    expect(s.summary.met).toBeGreaterThan(5);
    expect(s.summary.openFindings).toBe(0);
    expect(s.summary.trustAcknowledgements).toBe(3);
    expect(s.summary.libraryAcknowledgements).toBeGreaterThan(10);
    // The counts in the summary are the counts of the lists: nothing contradicts.
    expect(s.summary.met + s.summary.partiallyEvidenced + s.summary.notMet + s.summary.acknowledged + s.summary.notApplicable + s.summary.notAssessed).toBe(s.controls.length);
    expect(s.summary.acknowledgedFindings).toBe(s.acknowledgements.length);
    expect(s.acknowledgements.map((a) => a.expires)).toEqual([...s.acknowledgements.map((a) => a.expires)].sort());
  });

  test('evidence.html: contents with working anchors, a glance table per stack, the trust apart from the library, escaped, self-contained', () => {
    const html = fs.readFileSync(path.join(dir, 'evidence', 'evidence.html'), 'utf8');
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const links = [...html.matchAll(/ href="#([^"]+)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(6);
    expect(links.filter((l) => !ids.has(l))).toEqual([]);
    expect(html).toMatch(/<section id="at-a-glance">[\s\S]*<a href="#stack-Rootstock-RXX-prod">Rootstock-RXX-prod \(RXX, prod\)<\/a>/);
    const trust = html.slice(html.indexOf('id="stack-Rootstock-RXX-prod-trust-acks"'), html.indexOf('id="stack-Rootstock-RXX-prod-library-acks"'));
    expect(trust).toContain("The trust&#39;s own acknowledgements (3)");
    expect(trust).toContain('Imported &lt;HSM&gt; key &amp; rotated there');
    expect(trust).not.toContain(DESIGN_REVIEW.approvedBy);
    // Soonest expiry first.
    expect(trust.indexOf(SOON)).toBeGreaterThan(0);
    expect(trust.indexOf(SOON)).toBeLessThan(trust.indexOf(LATER));
    const library = html.slice(html.indexOf('id="stack-Rootstock-RXX-prod-library-acks"'), html.indexOf('id="stack-Rootstock-RXX-prod-findings"'));
    expect(library).toContain(escapeHtml(DESIGN_REVIEW.approvedBy));
    expect(library).not.toContain('J Smith, SIRO');
    expect(html).not.toContain('<HSM>');
    expect(html).toMatch(/table-layout: fixed/);
    expect(html).not.toMatch(/<link|src=|href="http|@import|url\(/);
  });

  test('evidence.md carries the same sections', () => {
    const md = fs.readFileSync(path.join(dir, 'evidence', 'evidence.md'), 'utf8');
    for (const heading of ['## At a glance', '## What the statuses mean', '### Packs', '### Controls', "### The trust's own acknowledgements (3)", "### The library's reviewed acknowledgements", '### Open findings (0)']) expect(md).toContain(heading);
    expect(md).toMatch(/\| NHS pack \(NhsTrustChecks\) \| yes \| /);
  });

  test.each([
    ['a missing folder', () => path.join(dir, 'nope'), /nope: no such folder/],
    ['a file instead of a folder', () => path.join(example, 'manifest.json'), /manifest\.json: is a file, not a folder\. .*pass the cdk\.out folder/],
    ['a folder that is not a cloud assembly', () => fs.mkdtempSync(path.join(dir, 'plain-')), /manifest\.json: no such file, so .* is not a cloud assembly/],
    [
      'a cloud assembly without a validation report',
      () => {
        const d = fs.mkdtempSync(path.join(dir, 'noreport-'));
        fs.cpSync(example, d, { recursive: true });
        fs.rmSync(path.join(d, 'validation-report.json'));
        return d;
      },
      /validation-report\.json: no such file\. Synthesise with the compliance packs registered/,
    ],
    [
      'an invalid validation report',
      () => {
        const d = fs.mkdtempSync(path.join(dir, 'badreport-'));
        fs.cpSync(example, d, { recursive: true });
        fs.writeFileSync(path.join(d, 'validation-report.json'), '{ not json');
        return d;
      },
      /validation-report\.json: not valid JSON/,
    ],
    [
      'a damaged pack-run record',
      () => {
        const d = fs.mkdtempSync(path.join(dir, 'badrecord-'));
        fs.cpSync(example, d, { recursive: true });
        fs.writeFileSync(path.join(d, 'rootstock-pack-runs', 'NhsTrustChecks.json'), JSON.stringify({ recordVersion: 2, plugin: 'NhsTrustChecks' }));
        return d;
      },
      /NhsTrustChecks\.json: not a pack-run record: recordVersion must be 1, got 2; pluginVersion must be a string/,
    ],
  ])('fails with exit 2 for %s, one paragraph, and writes nothing', async (_name, make, message) => {
    const input = make();
    const out = path.join(dir, `out-${Math.random().toString(36).slice(2)}`);
    const { code, err } = await cli('evidence', input, '--out', out);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('escapes every HTML special character', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('evidence of a stack with no key', () => {
  test('an empty stack still gets a section', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-empty-'));
    const app = new App({ outdir: path.join(dir, 'cdk.out'), builtinCloudFormationValidation: false });
    new Stack(app, 'Empty');
    Validations.of(app).addPlugins(...packs());
    app.synth();
    const { code, out } = await cli('evidence', path.join(dir, 'cdk.out'), '--out', path.join(dir, 'ev'));
    expect(code).toBe(0);
    expect(out).toMatch(/^Empty: Rootstock \(not stamped\); packs ran: NhsTrustChecks/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
