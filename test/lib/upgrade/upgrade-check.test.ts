import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, RemovalPolicy, Stack, Stage } from 'aws-cdk-lib';
import * as healthlake from 'aws-cdk-lib/aws-healthlake';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { runCli } from '../../../lib/cli/program';
import { upgradeCheck, type UpgradeCheckResult } from '../../../lib/upgrade';

/** The knobs a "new version" of a small trust-like stack can turn. */
interface Variant {
  archiveId?: string;
  bucketName?: string;
  keySpec?: kms.KeySpec;
  datastoreName?: string;
  extraTopic?: boolean;
  dropLogGroup?: boolean;
  dropScratch?: boolean;
  keyRemoval?: RemovalPolicy;
  withoutStack?: boolean;
  inStage?: boolean;
}

async function cliRun(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(['upgrade-check', ...args], { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** Synthesises the stack into `<root>/<name>` the way `cdk synth` does (App with outdir). */
function synth(root: string, name: string, v: Variant = {}): string {
  const outdir = path.join(root, name);
  // Path metadata on, as the CDK CLI sets it, so problems name construct paths.
  // CloudFormation schema validation is not under test here and costs seconds per synth.
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true }, builtinCloudFormationValidation: false });
  const scope = v.inStage ? new Stage(app, 'Pilot') : app;
  if (!v.withoutStack) {
    const stack = new Stack(scope, 'Store', { stackName: 'Rootstock-RXX-prod' });
    new kms.Key(stack, 'DataKey', { enableKeyRotation: v.keySpec === undefined || v.keySpec === kms.KeySpec.SYMMETRIC_DEFAULT, keySpec: v.keySpec, removalPolicy: v.keyRemoval ?? RemovalPolicy.RETAIN });
    new s3.Bucket(stack, v.archiveId ?? 'Archive', { bucketName: v.bucketName ?? 'rxx-prod-archive', removalPolicy: RemovalPolicy.RETAIN });
    if (!v.dropLogGroup) new logs.LogGroup(stack, 'AuditLogs', { retention: logs.RetentionDays.EIGHT_YEARS, removalPolicy: RemovalPolicy.RETAIN });
    if (!v.dropScratch) new logs.LogGroup(stack, 'Scratch', { retention: logs.RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY });
    new healthlake.CfnFHIRDatastore(stack, 'Fhir', { datastoreName: v.datastoreName ?? 'rxx-prod-fhir', datastoreTypeVersion: 'R4' });
    if (v.extraTopic) new sns.Topic(stack, 'Alerts');
  }
  new Stack(scope, 'Other', { stackName: 'Rootstock-RYY-prod' }).node.addMetadata('purpose', 'second stack');
  app.synth();
  return outdir;
}

describe('upgradeCheck: stateful resources across two synths', () => {
  let root: string;
  const dirs: Record<string, string> = {};

  beforeAll(() => {
    // GIVEN a baseline synth and one candidate per kind of change (synthesised once for all tests)
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-upgrade-'));
    dirs.baseline = synth(root, 'baseline');
    dirs.same = synth(root, 'same');
    dirs.renamed = synth(root, 'renamed', { archiveId: 'AuditArchive' });
    dirs.bucketName = synth(root, 'bucket-name', { bucketName: 'rxx-prod-archive-v2' });
    dirs.keySpec = synth(root, 'key-spec', { keySpec: kms.KeySpec.RSA_2048 });
    dirs.datastore = synth(root, 'datastore', { datastoreName: 'rxx-prod-fhir-2' });
    dirs.additive = synth(root, 'additive', { extraTopic: true });
    dirs.droppedRetained = synth(root, 'dropped-retained', { dropLogGroup: true });
    dirs.droppedDeleted = synth(root, 'dropped-deleted', { dropScratch: true });
    dirs.weakened = synth(root, 'weakened', { keyRemoval: RemovalPolicy.DESTROY });
    dirs.noStack = synth(root, 'no-stack', { withoutStack: true });
    dirs.stageBaseline = synth(root, 'stage-baseline', { inStage: true });
    dirs.stageRenamed = synth(root, 'stage-renamed', { inStage: true, archiveId: 'AuditArchive' });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  function problemsOf(result: UpgradeCheckResult) {
    return result.stacks.flatMap((s) => s.problems);
  }

  test('passes when nothing changed', () => {
    const result = upgradeCheck(dirs.baseline, dirs.same);
    expect(result.ok).toBe(true);
    expect(result.stacks.map((s) => [s.stackName, s.status])).toEqual([['Rootstock-RXX-prod', 'unchanged'], ['Rootstock-RYY-prod', 'unchanged']]);
  });

  test('passes on an additive change and counts it', () => {
    const result = upgradeCheck(dirs.baseline, dirs.additive);
    expect(result.ok).toBe(true);
    expect(result.stacks[0]).toMatchObject({ stackName: 'Rootstock-RXX-prod', status: 'changed', added: 1, modified: 0, removed: 0, problems: [] });
  });

  test('fails when a stateful construct id is renamed, calling it a logical id change', () => {
    const result = upgradeCheck(dirs.baseline, dirs.renamed);
    expect(result.ok).toBe(false);
    const [problem] = problemsOf(result);
    expect(problem).toMatchObject({ type: 'AWS::S3::Bucket', impact: 'orphaned', constructPath: 'Store/Archive/Resource' });
    expect(problem.logicalId).toMatch(/^Archive[0-9A-F]{8}$/);
    expect(problem.reason).toContain('logical id changed (construct id renamed?)');
    expect(problem.reason).toContain('orphaned, not deleted');
  });

  test('fails when a bucket name changes, naming BucketName', () => {
    const [problem, ...rest] = problemsOf(upgradeCheck(dirs.baseline, dirs.bucketName));
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ type: 'AWS::S3::Bucket', impact: 'replaced', properties: [{ name: 'BucketName', replaces: 'yes', oldValue: 'rxx-prod-archive', newValue: 'rxx-prod-archive-v2' }] });
  });

  test('fails when a KMS key spec changes, naming KeySpec (CloudFormation refuses the update)', () => {
    const problems = problemsOf(upgradeCheck(dirs.baseline, dirs.keySpec));
    expect(problems).toMatchObject([{ type: 'AWS::KMS::Key', impact: 'update-refused', properties: [{ name: 'KeySpec', replaces: 'refused', oldValue: undefined, newValue: 'RSA_2048' }] }]);
    expect(problems[0].reason).toContain('CloudFormation cannot change KeySpec on an existing AWS::KMS::Key');
  });

  test('fails when a HealthLake datastore name changes, naming DatastoreName', () => {
    const problems = problemsOf(upgradeCheck(dirs.baseline, dirs.datastore));
    expect(problems).toMatchObject([{ type: 'AWS::HealthLake::FHIRDatastore', logicalId: 'Fhir', impact: 'replaced', properties: [{ name: 'DatastoreName', replaces: 'yes' }] }]);
  });

  test('fails when a retained log group is removed, saying it is orphaned', () => {
    const problems = problemsOf(upgradeCheck(dirs.baseline, dirs.droppedRetained));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ type: 'AWS::Logs::LogGroup', impact: 'orphaned' });
    expect(problems[0].reason).toContain('DeletionPolicy is Retain, so it is orphaned, not deleted');
  });

  test('fails when a log group without retention is removed, saying it is deleted', () => {
    const problems = problemsOf(upgradeCheck(dirs.baseline, dirs.droppedDeleted));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ type: 'AWS::Logs::LogGroup', impact: 'removed' });
    expect(problems[0].reason).toContain('CloudFormation deletes it and its data');
  });

  test('fails when a stateful resource stops being retained', () => {
    const problems = problemsOf(upgradeCheck(dirs.baseline, dirs.weakened));
    expect(problems).toMatchObject([{ type: 'AWS::KMS::Key', impact: 'retention-weakened' }]);
  });

  test('fails when a whole stack disappears', () => {
    const result = upgradeCheck(dirs.baseline, dirs.noStack);
    expect(result.ok).toBe(false);
    const gone = result.stacks.find((s) => s.stackName === 'Rootstock-RXX-prod');
    expect(gone).toMatchObject({ status: 'removed', problems: [{ impact: 'stack-removed' }] });
    expect(gone?.problems[0].reason).toMatch(/its 5 stateful resource\(s\)/);
  });

  describe('partial synths (cdk synth -c trust=...)', () => {
    let partial: string;
    beforeAll(() => {
      // GIVEN a cdk.out that once held both stacks, then was synthesised again with only the RYY
      // stack selected: the manifest names RYY only, Store.template.json lingers from before
      partial = path.join(root, 'partial');
      fs.cpSync(dirs.baseline, partial, { recursive: true });
      const manifestFile = path.join(partial, 'manifest.json');
      const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
      delete manifest.artifacts.Store;
      fs.writeFileSync(manifestFile, JSON.stringify(manifest));
      expect(fs.existsSync(path.join(partial, 'Store.template.json'))).toBe(true);
    });

    test('reports a stack the candidate did not select as not compared, never as deleted', async () => {
      // WHEN
      const result = upgradeCheck(dirs.baseline, partial);
      // THEN the stale template is not read as the candidate, and its absence is not a removal
      expect(result.ok).toBe(true);
      expect(result.stacks.map((s) => [s.stackName, s.status])).toEqual([['Rootstock-RXX-prod', 'not-synthesised'], ['Rootstock-RYY-prod', 'unchanged']]);
      const { code, out } = await cliRun('--baseline', dirs.baseline, '--candidate', partial, '--trusts-dir', path.join(root, 'no-trusts'));
      expect({ code, out }).toEqual({ code: 0, out: expect.any(String) });
      expect(out).toContain('Rootstock-RXX-prod: not compared: not in the candidate synth: the candidate synth did not select it. The candidate folder still holds its template from an earlier synth');
      expect(out).toContain('OK: no stateful resource would be replaced or removed in the 1 stack(s) compared (1 not in the candidate synth, not compared).');
      expect(out).not.toMatch(/delete|DESIGN\.md/);
    });

    test('with trust configs, a trust that still has a config was not selected, a trust without one was removed', async () => {
      // GIVEN a trusts folder holding RXX's config only
      const trusts = path.join(root, 'trusts-rxx');
      fs.mkdirSync(trusts, { recursive: true });
      fs.writeFileSync(path.join(trusts, 'rxx.yaml'), 'odsCode: RXX\nname: Example NHS Trust\nenvironment: prod\n');
      // WHEN RXX is missing from the candidate
      const kept = upgradeCheck(dirs.baseline, partial, { trustsDir: trusts });
      // THEN it is not compared, and the note names the trust configs
      expect(kept.stacks.find((s) => s.stackName === 'Rootstock-RXX-prod')).toMatchObject({ status: 'not-synthesised', note: expect.stringContaining(`its trust config is still in ${trusts}`) });
      expect(kept.ok).toBe(true);
      // WHEN RYY (no config) is missing from a candidate that holds its stale template
      const withoutRyy = path.join(root, 'partial-ryy');
      fs.cpSync(dirs.baseline, withoutRyy, { recursive: true });
      const manifest = JSON.parse(fs.readFileSync(path.join(withoutRyy, 'manifest.json'), 'utf8'));
      delete manifest.artifacts.Other;
      fs.writeFileSync(path.join(withoutRyy, 'manifest.json'), JSON.stringify(manifest));
      const removed = upgradeCheck(dirs.baseline, withoutRyy, { trustsDir: trusts });
      // THEN the configs decide: its stack was removed, whatever lingers in the folder
      expect(removed.ok).toBe(false);
      expect(removed.stacks.find((s) => s.stackName === 'Rootstock-RYY-prod')).toMatchObject({ status: 'removed' });
    });
  });

  test('reads stacks inside CDK Stages (nested assemblies)', () => {
    const result = upgradeCheck(dirs.stageBaseline, dirs.stageRenamed);
    expect(result.stacks.map((s) => s.stackName)).toEqual(['Rootstock-RXX-prod', 'Rootstock-RYY-prod']);
    expect(problemsOf(result)).toMatchObject([{ type: 'AWS::S3::Bucket', impact: 'orphaned' }]);
  });

  describe('rootstock upgrade-check (CLI)', () => {
    async function run(...args: string[]) {
      let out = '';
      let err = '';
      const code = await runCli(['upgrade-check', ...args], { out: (t) => (out += t), err: (t) => (err += t) });
      return { code, out, err };
    }

    test('exits 0 on an additive change with a summary', async () => {
      const { code, out } = await run('--baseline', dirs.baseline, '--candidate', dirs.additive);
      expect(code).toBe(0);
      expect(out).toContain('Rootstock-RXX-prod: ok (1 added, 0 modified, 0 removed)');
      expect(out).toContain('Rootstock-RYY-prod: ok (no changes)');
    });

    test('fails with exit 1 listing logical id, type and the property forcing replacement', async () => {
      const { code, out, err } = await run('--baseline', dirs.baseline, '--candidate', dirs.bucketName);
      expect(code).toBe(1);
      expect(out).toMatch(/x Archive[0-9A-F]{8} AWS::S3::Bucket \(Store\/Archive\/Resource\): replaced: changing BucketName forces replacement/);
      expect(out).toContain('BucketName: rxx-prod-archive -> rxx-prod-archive-v2 (forces replacement)');
      expect(err).toContain('upgrade-check failed: 1 stateful resource change(s)');
    });

    test('fails with exit 1 on a renamed construct id', async () => {
      const { code, out } = await run('--baseline', dirs.baseline, '--candidate', dirs.renamed);
      expect(code).toBe(1);
      expect(out).toContain('logical id changed (construct id renamed?)');
      expect(out).toContain('other changes: 1 added, 0 modified, 1 removed');
    });

    test('prints JSON with --format json', async () => {
      const { code, out } = await run('--baseline', dirs.baseline, '--candidate', dirs.datastore, '--format', 'json');
      expect(code).toBe(1);
      const json = JSON.parse(out);
      expect(json.ok).toBe(false);
      expect(json.stacks[0].problems[0]).toMatchObject({ logicalId: 'Fhir', properties: [{ name: 'DatastoreName', oldValue: 'rxx-prod-fhir', newValue: 'rxx-prod-fhir-2' }] });
    });

    test('fails with exit 2 for a missing input', async () => {
      const { code, err } = await run('--baseline', path.join(root, 'nope'), '--candidate', dirs.same);
      expect(code).toBe(2);
      expect(err).toContain('no such file or folder');
    });

    test('fails with exit 2 when baseline and candidate are the same folder, however spelled', async () => {
      // GIVEN one cdk.out named two ways (relative with a trailing slash, and absolute)
      const relative = `${path.relative(process.cwd(), dirs.baseline)}${path.sep}`;
      // WHEN
      const { code, out, err } = await run('--baseline', relative, '--candidate', dirs.baseline);
      // THEN nothing is reported as ok: the user is told what is wrong, the value and the fix
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toContain('--baseline and --candidate are the same folder');
      expect(err).toContain(relative);
      expect(err).toContain(fs.realpathSync(dirs.baseline));
      expect(err).toContain('Pass the synth of the released version as --baseline');
    });

    test('fails with exit 2 when baseline and candidate are the same template file', async () => {
      // GIVEN one template named by absolute and by relative path
      const file = path.join(dirs.baseline, 'Store.template.json');
      // WHEN
      const { code, err } = await run('--baseline', file, '--candidate', path.relative(process.cwd(), file));
      // THEN
      expect(code).toBe(2);
      expect(err).toContain('--baseline and --candidate are the same file');
    });

    test('fails with exit 2 when a JSON file given as candidate or baseline is not a CloudFormation template', async () => {
      // GIVEN a JSON object with no Resources section, as a file and inside a folder of templates
      const notTemplate = path.join(root, 'not-a-template.json');
      fs.writeFileSync(notTemplate, '{"foo":1}');
      const folder = path.join(root, 'not-a-template-folder');
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, 'Rootstock-RXX-prod.template.json'), '{"foo":1}');
      const template = path.join(dirs.baseline, 'Store.template.json');
      for (const [baseline, candidate, named] of [
        [template, notTemplate, notTemplate],
        [notTemplate, template, notTemplate],
        [dirs.baseline, folder, path.join(folder, 'Rootstock-RXX-prod.template.json')],
      ]) {
        // WHEN
        const { code, out, err } = await run('--baseline', baseline, '--candidate', candidate);
        // THEN an input error naming the file, not a deleted stack
        expect({ code, out }).toEqual({ code: 2, out: '' });
        expect(err).toContain(`${named} is not a CloudFormation template (it has no Resources section, and foo is not a template section)`);
        expect(err).not.toContain('deleted');
      }
    });

    test('compares two single template files with each other whatever their names', async () => {
      // GIVEN the same template saved under an unrelated name, and a changed one under the stack's name
      const renamedCopy = path.join(root, 'rzz-old.json');
      fs.copyFileSync(path.join(dirs.baseline, 'Store.template.json'), renamedCopy);
      const candidateFile = path.join(root, 'Rootstock-RZZ-prod.template.json');
      fs.copyFileSync(path.join(dirs.baseline, 'Store.template.json'), candidateFile);
      // WHEN identical content
      const same = await run('--baseline', renamedCopy, '--candidate', candidateFile);
      // THEN it passes, reported under the candidate's name
      expect(same.code).toBe(0);
      expect(same.out).toContain('Rootstock-RZZ-prod: ok (no changes)');
      expect(same.out).not.toContain('rzz-old:');
      expect(same.out.split('\n').filter((l) => /^\S+: (ok|FAIL)/.test(l))).toEqual(['Rootstock-RZZ-prod: ok (no changes)']);
      // WHEN the candidate file changes a bucket name
      const changed = path.join(root, 'other-name.template.json');
      fs.copyFileSync(path.join(dirs.bucketName, 'Store.template.json'), changed);
      const { code, out } = await run('--baseline', renamedCopy, '--candidate', changed);
      // THEN the real change is found, not a whole-stack deletion
      expect(code).toBe(1);
      expect(out).toContain('other-name: FAIL');
      expect(out).toContain('BucketName: rxx-prod-archive -> rxx-prod-archive-v2 (forces replacement)');
      expect(out).not.toContain('whole stack');
    });

    test('fails with exit 2 for a corrupt template', async () => {
      const bad = path.join(root, 'bad');
      fs.mkdirSync(bad, { recursive: true });
      fs.writeFileSync(path.join(bad, 'Rootstock-RXX-prod.template.json'), '{ "Resources": ');
      const { code, err } = await run('--baseline', dirs.baseline, '--candidate', bad);
      expect(code).toBe(2);
      expect(err).toContain(`candidate ${path.join(bad, 'Rootstock-RXX-prod.template.json')}: not valid JSON (`);
      expect(err).not.toMatch(/\n\s+at /);
    });
  });
});
