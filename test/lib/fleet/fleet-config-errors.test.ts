import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../lib/cli/program';
import { ConfigError } from '../../../lib/config/loader';
import { loadFleet } from '../../../lib/fleet';

const HEAD = [
  'pipelineAccount: "999988887777"',
  'region: eu-west-2',
  'connectionArn: arn:aws:codeconnections:eu-west-2:999988887777:connection/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
  'externalId: rootstock-fleet-test-1a2b3c',
  'repo: nhsx/rootstock',
];

describe('fleet file errors: one positioned paragraph each, with the value and the fix', () => {
  let dir: string;
  let trustsDir: string;

  beforeAll(() => {
    // GIVEN a trusts folder with one trust
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-fleet-errors-'));
    trustsDir = path.join(dir, 'trusts');
    fs.mkdirSync(trustsDir);
    fs.writeFileSync(path.join(trustsDir, 'ryy.yaml'), 'odsCode: RYY\nname: Pilot Trust\nenvironment: test\naccount: "210987654321"\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function write(name: string, text: string): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  }

  function fails(file: string): string {
    try {
      loadFleet(file);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).exitCode).toBe(2);
      return (e as Error).message;
    }
    throw new Error('loadFleet accepted a bad fleet file');
  }

  test('fails on a misspelt wave key with its line, did-you-mean and the allowed keys', () => {
    const file = write('typo.yaml', [...HEAD, `trustsDir: ${trustsDir}`, 'waves:', '  - name: Pilot', '    trusts: [RYY]', '  - nme: Wave-1', '    trusts: [RYY]', ''].join('\n'));
    const message = fails(file);
    expect(message).toContain(`${file}:10:5: waves.1.nme: unknown key. Did you mean 'name'? Allowed here: name, trusts.`);
    expect(message).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: waves\\.1\\.name: is required: it must be a wave name: letters, digits and hyphens, starting with a letter, like Wave-1\\.`));
    expect(message).not.toMatch(/Invalid input|Unrecognized key/);
  });

  test('fails on a top-level unknown key with did-you-mean', () => {
    const file = write('top.yaml', [...HEAD, `trustsDir: ${trustsDir}`, 'pilot: [RYY]', 'wavesize: 2', ''].join('\n'));
    const message = fails(file);
    expect(message).toContain(`${file}:8:1: wavesize: unknown key. Did you mean 'waveSize'?`);
  });

  test('fails on a wrong value with line, value and what is allowed', () => {
    const file = write('value.yaml', [...HEAD, `trustsDir: ${trustsDir}`, 'waves:', '  - name: 1st wave', '    trusts: [RYY]', ''].join('\n'));
    expect(fails(file)).toBe(`${file}:8:11: waves.0.name: must be letters, digits and hyphens (at most 41), starting with a letter, like Wave-1; got '1st wave'.`);
  });

  test('fails without externalId or organizationId: the read-only role must not trust an account alone', () => {
    const file = write('open-role.yaml', [`trustsDir: ${trustsDir}`, ...HEAD.filter((l) => !l.startsWith('externalId')), 'pilot: [RYY]', 'waveSize: 2', ''].join('\n'));
    expect(fails(file)).toBe(
      `${file}:1:1: externalId: is required unless organizationId is given: the read-only role in each trust account trusts the pipeline account only with an external id or from your organisation. Add externalId: rootstock-fleet-<random>, or organizationId: <your o- id>; got nothing.`,
    );
    const withOrg = write('org-role.yaml', [`trustsDir: ${trustsDir}`, ...HEAD.filter((l) => !l.startsWith('externalId')), 'organizationId: o-a1b2c3d4e5', 'pilot: [RYY]', 'waveSize: 2', ''].join('\n'));
    expect(loadFleet(withOrg).config.organizationId).toBe('o-a1b2c3d4e5');
  });

  test('fails on YAML syntax with the position and a fix, and no dangling colon', () => {
    const file = write('syntax.yaml', [...HEAD, 'waves:', '  - name: Pilot', '   trusts: [RYY', ''].join('\n'));
    const message = fails(file);
    expect(message).toMatch(/syntax\.yaml:\d+:\d+: malformed YAML: /);
    expect(message).toContain('Fix the syntax (indentation, quotes, colons) and run the command again');
    expect(message).not.toMatch(/:\n|:$/);
    expect(message).not.toContain('rootstock validate');
  });

  test('fails on JSON that is not strict JSON', () => {
    const file = write('fleet.json', '{ "pipelineAccount": "999988887777", }\n');
    expect(fails(file)).toMatch(/fleet\.json:1:\d+: malformed JSON: .*Remove trailing commas/);
  });

  test('fails on a region that is not an AWS region name, or not the UK region', () => {
    const misspelt = write('region.yaml', [`trustsDir: ${trustsDir}`, 'region: eu-wst-2', ...HEAD.filter((l) => !l.startsWith('region')), 'pilot: [RYY]', 'waveSize: 2', ''].join('\n'));
    expect(fails(misspelt)).toBe(
      `${misspelt}:2:9: region: must be a UK region: eu-west-2 (London). The pipeline and its artifact buckets hold every trust's code and config, which stay in the UK. Use region: eu-west-2; got 'eu-wst-2'.`,
    );
    const garbage = write('region2.yaml', [`trustsDir: ${trustsDir}`, 'region: London', ...HEAD.filter((l) => !l.startsWith('region')), 'pilot: [RYY]', 'waveSize: 2', ''].join('\n'));
    expect(fails(garbage)).toBe(`${garbage}:2:9: region: must be an AWS region name: the UK region eu-west-2 (London); got 'London'.`);
  });

  test('fails once, at trustsDir, when its folder does not exist', () => {
    const file = write('nowhere.yaml', [...HEAD, 'trustsDir: nowhere-rootstock-test', 'waves:', '  - name: Pilot', '    trusts: [RYY-test]', '  - name: Wave-1', '    trusts: [RZZ-prod, RWW-prod]', ''].join('\n'));
    const message = fails(file);
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain(`${file}:6:12: trustsDir: the folder does not exist: ${path.resolve('nowhere-rootstock-test')}`);
    expect(message).toContain("got 'nowhere-rootstock-test'. Set trustsDir to the folder holding the trust configs");
    expect(message).not.toContain('Known:');
  });

  test('fails through the CLI with exit 2 and the message only (no stack trace)', async () => {
    const file = write('cli.yaml', [...HEAD.map((l) => l.replace('eu-west-2\n', '')), `trustsDir: ${trustsDir}`, 'waves:', '  - nme: Pilot', '    trusts: [RYY]', ''].join('\n'));
    let err = '';
    const code = await runCli(['fleet-status', '--fleet', file, '--latest', '0.1.0'], { out: () => undefined, err: (t) => (err += t) });
    expect(code).toBe(2);
    expect(err).toContain("waves.0.nme: unknown key. Did you mean 'name'?");
    expect(err).not.toMatch(/\n\s+at /);
  });
});
