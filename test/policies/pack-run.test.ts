import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NHS_RULES } from '../../policies/rules';
import { commonRoot, PACK_RUNS_DIR, packRunProblems, readPackRuns, writePackRun, type PackRunRecord } from '../../policies/pack-run';
import { createPacks } from '../../policies/packs';
import { ruleListVersion } from '../../policies/nhs-trust-checks';

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-run-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Synthesises a small app with `packs` registered; returns the cloud assembly folder (synth may fail on findings). */
function synth(packs: string[], build: (app: App) => void): string {
  const outdir = tmp();
  const app = new App({ outdir });
  build(app);
  Validations.of(app).addPlugins(...createPacks(packs));
  try {
    app.synth();
  } catch (e) {
    if (!fs.existsSync(path.join(outdir, 'validation-report.json'))) throw e;
  }
  return outdir;
}

/** A stack every NHS rule passes: one rotated, retained customer key. */
function cleanStack(app: App, id = 'Clean'): void {
  new kms.Key(new Stack(app, id, { env: { region: 'eu-west-2' } }), 'Key', { enableKeyRotation: true });
}

describe('PackRun: each pack records that it ran, into the cloud assembly', () => {
  test('GIVEN a stack the NHS pack passes WHEN synthesised THEN validation-report.json omits the pack but its run record proves it ran, with per-rule counts', () => {
    const out = synth(['nhs'], (app) => cleanStack(app));
    const report = fs.existsSync(path.join(out, 'validation-report.json')) ? fs.readFileSync(path.join(out, 'validation-report.json'), 'utf8') : '';
    expect(report).not.toContain('NhsTrustChecks');
    const run = readPackRuns(out).get('NhsTrustChecks');
    expect(run).toEqual(
      expect.objectContaining({
        recordVersion: 1,
        plugin: 'NhsTrustChecks',
        pluginVersion: (require('../../package.json') as { version: string }).version,
        ruleListVersion: ruleListVersion(NHS_RULES.map((r) => `NHS-${r.id}`)),
        ruleCount: NHS_RULES.length,
        templates: [{ path: 'Clean.template.json', resourcesChecked: 1 }],
        violations: 0,
        success: true,
      }),
    );
    expect(run!.rules!.find((r) => r.id === 'NHS-KMSKeyRotationEnabled')!.perTemplate).toEqual({ 'Clean.template.json': { compliant: 1, nonCompliant: 0, notApplicable: 0, errors: 0 } });
    // A rule with no resource of its types records no template at all.
    expect(run!.rules!.find((r) => r.id === 'NHS-S3BucketKmsEncrypted')!.perTemplate).toEqual({});
  });

  test('GIVEN two stacks and the NHS and AwsSolutions packs WHEN a bucket fails THEN each pack records every template, its violations and verdict; only NHS records rules', () => {
    const out = synth(['nhs', 'aws-solutions'], (app) => {
      cleanStack(app);
      new s3.Bucket(new Stack(app, 'Data', { env: { region: 'eu-west-2' } }), 'Bucket');
    });
    const runs = readPackRuns(out);
    expect([...runs.keys()].sort()).toEqual(['AwsSolutions', 'NhsTrustChecks']);
    const nhs = runs.get('NhsTrustChecks')!;
    expect(nhs.templates.map((t) => t.path).sort()).toEqual(['Clean.template.json', 'Data.template.json']);
    expect(nhs.success).toBe(false);
    expect(nhs.violations).toBeGreaterThan(0);
    expect(nhs.rules!.find((r) => r.id === 'NHS-S3BucketKmsEncrypted')!.perTemplate['Data.template.json']).toEqual({ compliant: 0, nonCompliant: 1, notApplicable: 0, errors: 0 });
    const aws = runs.get('AwsSolutions')!;
    expect(aws.rules).toBeUndefined();
    expect(aws.pluginVersion).toBe((require('cdk-nag/package.json') as { version: string }).version);
    expect(aws.templates).toEqual(expect.arrayContaining([{ path: 'Data.template.json', resourcesChecked: expect.any(Number) }]));
    expect(aws.templates.find((t) => t.path === 'Data.template.json')!.resourcesChecked).toBeGreaterThan(0);
    expect(aws.success).toBe(false);
  });

  test('GIVEN an app synthesised without the NHS pack THEN there is no NHS run record (evidence must say "not assessed")', () => {
    const out = synth(['aws-solutions'], (app) => cleanStack(app));
    expect(readPackRuns(out).has('NhsTrustChecks')).toBe(false);
    expect(readPackRuns(out).has('AwsSolutions')).toBe(true);
  });

  test('GIVEN the Control Tower guard validator (real cfn-guard) WHEN a bucket is synthesised THEN its run is recorded with the template, its resources and its own verdict', () => {
    const out = synth(['control-tower'], (app) => {
      new s3.Bucket(new Stack(app, 'Data', { env: { region: 'eu-west-2' } }), 'Bucket');
    });
    const guard = readPackRuns(out).get('cdk-validator-cfnguard');
    expect(guard).toEqual(
      expect.objectContaining({
        plugin: 'cdk-validator-cfnguard',
        pluginVersion: (require('@cdklabs/cdk-validator-cfnguard/package.json') as { version: string }).version,
        templates: [{ path: 'Data.template.json', resourcesChecked: 1 }],
      }),
    );
    expect(guard!.rules).toBeUndefined();
    // A bare bucket breaks Control Tower controls (logging, versioning, ...): the record says so.
    expect(guard!.violations).toBeGreaterThan(0);
    expect(guard!.success).toBe(false);
  }, 60_000);

  test('the root is the deepest folder holding every template', () => {
    expect(commonRoot(['/a/cdk.out/X.template.json', '/a/cdk.out/assembly-Prod/Y.template.json'])).toBe(path.resolve('/a/cdk.out'));
    expect(commonRoot(['/a/cdk.out/X.template.json'])).toBe(path.resolve('/a/cdk.out'));
  });

  test('the reader refuses a record that is not JSON or not a record, naming the file and what is wrong', () => {
    const root = tmp();
    fs.mkdirSync(path.join(root, PACK_RUNS_DIR));
    fs.writeFileSync(path.join(root, PACK_RUNS_DIR, 'NhsTrustChecks.json'), '{ "recordVersion": 1, ');
    expect(() => readPackRuns(root)).toThrow(/NhsTrustChecks\.json: not valid JSON/);
    fs.writeFileSync(path.join(root, PACK_RUNS_DIR, 'NhsTrustChecks.json'), JSON.stringify({ recordVersion: 2, plugin: 'NhsTrustChecks' }));
    expect(() => readPackRuns(root)).toThrow(/not a pack-run record: recordVersion must be 1, got 2; pluginVersion must be a string/);
    expect(readPackRuns(tmp()).size).toBe(0);
  });

  test('a written record reads back unchanged and passes the shape check', () => {
    const root = tmp();
    const record: PackRunRecord = { recordVersion: 1, plugin: 'AwsSolutions', pluginVersion: '3.0.2', templates: [{ path: 'A.template.json', resourcesChecked: 3 }], violations: 2, success: false };
    writePackRun(root, record);
    expect(packRunProblems(record)).toEqual([]);
    expect(readPackRuns(root).get('AwsSolutions')).toEqual(record);
    expect(fs.readdirSync(path.join(root, PACK_RUNS_DIR))).toEqual(['AwsSolutions.json']);
  });
});
