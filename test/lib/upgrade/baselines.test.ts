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

  test('test/baselines holds a readable template for every trust in trusts/', () => {
    const baseline = readStackTemplates(path.join(REPO, 'test', 'baselines'), 'baseline').map((s) => s.stackName);
    const expected = loadTrustDir(path.join(REPO, 'trusts')).map((t) => trustStackName(t.config));
    const missing = expected.filter((name) => !baseline.includes(name));
    // A trust without a baseline is not protected by CI's upgrade-check: refresh deliberately.
    expect({ missing, hint: missing.length ? 'run: npx tsx scripts/refresh-baselines.ts' : '' }).toEqual({ missing: [], hint: '' });
  });
});
