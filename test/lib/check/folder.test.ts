import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../lib/cli/program';

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { out, err, code };
}

const key = (rotation: boolean) => ({ Type: 'AWS::KMS::Key', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: { EnableKeyRotation: rotation } });

describe('rootstock check <folder>: many templates and cloud assemblies in one process, one report', () => {
  let dir: string;
  const write = (name: string, body: unknown) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
  };
  beforeAll(() => {
    // GIVEN a folder of what an assessor collects: templates of every outcome, a cdk.out, and files that are not templates
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-folder-'));
    write('good.json', { Resources: { K: key(true) } });
    write('trusts/bad.yaml', 'Resources:\n  K: { Type: AWS::KMS::Key, DeletionPolicy: Retain, UpdateReplacePolicy: Retain, Properties: { EnableKeyRotation: false } }\n');
    write('sam.yaml', 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn: { Type: AWS::Serverless::Function, Properties: { Runtime: nodejs20.x, Handler: i.h, InlineCode: x } }\n');
    write('broken.yaml', 'Resources:\n  K: [unclosed\n');
    write('parameters.json', [{ ParameterKey: 'Env', ParameterValue: 'prod' }]);
    write('node_modules/pkg/template.json', { Resources: { K: key(false) } });
    write('rxx/cdk.out/Rxx.template.json', { Resources: { K: key(false) } });
    write('rxx/cdk.out/Stale.template.json', { Resources: { K: key(false) } });
    write('rxx/cdk.out/manifest.json', { version: '55.0.0', artifacts: { Rxx: { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/eu-west-2', properties: { templateFile: 'Rxx.template.json' } } } });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('gives each template its own exit code and the run the worst (2, then 1, then 3)', async () => {
    // WHEN
    const { code, out, err } = await cli('check', dir, '--format', 'json');
    // THEN
    const json = JSON.parse(out);
    expect(json.templates.map((t: { template: string; exitCode: number }) => [t.template, t.exitCode])).toEqual([
      ['good.json', 0],
      ['rxx/cdk.out/Rxx.template.json', 1],
      ['sam.yaml', 3],
      ['trusts/bad.yaml', 1],
      ['broken.yaml', 2],
    ]);
    expect(json.templates.find((t: { template: string }) => t.template === 'broken.yaml').problem).toMatch(/broken\.yaml:\d+:\d+: not valid YAML/);
    expect(json.summary).toEqual(expect.objectContaining({ templates: 5, errors: 2, unchecked: 1, unreadable: 1, exitCode: 2 }));
    expect(json.notes).toEqual([
      expect.stringContaining('rxx/cdk.out: 1 template file(s) the manifest does not name (left by an earlier synth) were not checked: Stale.template.json'),
      '1 file(s) are not CloudFormation templates and were left out: parameters.json.',
    ]);
    expect(code).toBe(2);
    expect(err).toContain('1 template(s)');
  });

  test('prints one combined text report with a line per template', async () => {
    fs.rmSync(path.join(dir, 'broken.yaml'));
    const { code, out } = await cli('check', dir);
    expect(code).toBe(1);
    expect(out).toContain('Per template (exit code, outcome):\n  0  good.json: passed');
    expect(out).toContain('  3  sam.yaml: resources not checked (0 errors, 0 warnings, 0 acknowledged, 1 not checked, 1 resource)');
    expect(out).toContain('  1  trusts/bad.yaml: open findings (1 error');
    expect(out).toContain('No acknowledgements are known for 3 bare templates');
    expect(out).toMatch(/2 errors, 0 warnings open, 0 acknowledged in 4 resources of 4 templates; 1 not checked \(packs: nhs\)\.\n$/);
  });
});
