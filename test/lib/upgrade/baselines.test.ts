import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { loadTrustDir } from '../../../lib/config/loader';
import { trustStackName } from '../../../lib/trust-stack';
import { readStackTemplates, upgradeCheck, writeBaseline } from '../../../lib/upgrade';

const REPO = path.join(__dirname, '..', '..', '..');

describe('baselines: the committed synth that CI upgrade-checks against', () => {
  test('writeBaseline keeps only the manifest and the templates, and checks clean against its source', () => {
    // GIVEN a synth with assets, tree and reports beside the templates
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-baseline-'));
    const outdir = path.join(root, 'cdk.out');
    // CloudFormation schema validation is not under test here and costs seconds.
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    new s3.Bucket(new Stack(app, 'Store', { stackName: 'Rootstock-RXX-prod' }), 'Archive', { removalPolicy: RemovalPolicy.RETAIN });
    app.synth();
    // WHEN
    const stacks = writeBaseline(outdir, path.join(root, 'baseline'));
    // THEN
    expect(stacks).toEqual(['Rootstock-RXX-prod']);
    expect(fs.readdirSync(path.join(root, 'baseline')).sort()).toEqual(['Rootstock-RXX-prod.template.json', 'manifest.json']);
    expect(upgradeCheck(path.join(root, 'baseline'), outdir).ok).toBe(true);
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('every baseline stack still has its trust config, so a released trust cannot silently drop out of the check', () => {
    const baseline = readStackTemplates(path.join(REPO, 'test', 'baselines'), 'baseline').map((s) => s.stackName);
    const trusts = loadTrustDir(path.join(REPO, 'trusts')).map((t) => trustStackName(t.config));
    // Removing a released trust is upgrade-check's job to refuse (its stateful resources would be orphaned).
    expect(baseline.filter((name) => !trusts.includes(name))).toEqual([]);
    expect(baseline.length).toBeGreaterThan(0);
  });

  test('a trust with no baseline yet is new: upgrade-check compares nothing for it and passes', () => {
    // GIVEN a baseline of one trust and a candidate synth that adds a second, new trust
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-new-trust-'));
    const synth = (dir: string, names: string[]) => {
      const app = new App({ outdir: dir, builtinCloudFormationValidation: false });
      for (const n of names) new s3.Bucket(new Stack(app, n, { stackName: n }), 'Archive', { removalPolicy: RemovalPolicy.RETAIN });
      app.synth();
    };
    synth(path.join(root, 'released'), ['Rootstock-RXX-prod']);
    writeBaseline(path.join(root, 'released'), path.join(root, 'baseline'));
    synth(path.join(root, 'candidate'), ['Rootstock-RXX-prod', 'Rootstock-RNW-prod']);
    // WHEN checked
    const result = upgradeCheck(path.join(root, 'baseline'), path.join(root, 'candidate'));
    // THEN it passes, and says the new trust had nothing to compare
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result)).toContain('Rootstock-RNW-prod');
    fs.rmSync(root, { recursive: true, force: true });
  });
});
