import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildRootstockApp } from '../../lib/app';

const repo = path.join(__dirname, '..', '..');

function trustsDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-app-'));
  fs.mkdirSync(path.join(dir, 'trusts'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'trusts', name), text);
  return dir;
}

const rh8 = 'odsCode: RH8\nname: Royal Devon University Healthcare NHS Foundation Trust\nenvironment: test\n';
const rxx = 'odsCode: RXX\nname: Example NHS Foundation Trust\nenvironment: prod\n';

describe('reference app', () => {
  test('defines one TrustStack per config, named from ODS code and environment', () => {
    // GIVEN
    const dir = trustsDir({ 'rh8.yaml': rh8, 'rxx.yaml': rxx });
    // WHEN
    const stacks = buildRootstockApp(new App(), { trustsDir: path.join(dir, 'trusts'), checks: false });
    // THEN
    expect(stacks.map((s) => s.stackName)).toEqual(['Rootstock-RH8-test', 'Rootstock-RXX-prod']);
  });

  test('-c trust=RXX selects one trust', () => {
    const dir = trustsDir({ 'rh8.yaml': rh8, 'rxx.yaml': rxx });
    const app = new App({ context: { trust: 'RXX' } });
    const stacks = buildRootstockApp(app, { trustsDir: path.join(dir, 'trusts'), checks: false });
    expect(stacks.map((s) => s.stackName)).toEqual(['Rootstock-RXX-prod']);
  });

  test('fails on a selection that matches no trust, listing the known ones', () => {
    const dir = trustsDir({ 'rh8.yaml': rh8 });
    expect(() => buildRootstockApp(new App(), { trustsDir: path.join(dir, 'trusts'), trust: 'RZZ', checks: false })).toThrow(
      /-c trust=RZZ: no trust config matches 'RZZ'\. Known trusts: RH8-test/,
    );
  });

  test('fails on a list with one name that matches no trust, instead of dropping it', () => {
    const dir = trustsDir({ 'rh8.yaml': rh8, 'rxx.yaml': rxx });
    expect(() => buildRootstockApp(new App(), { trustsDir: path.join(dir, 'trusts'), trust: 'RXX,RZZ', checks: false })).toThrow(
      /-c trust=RXX,RZZ: no trust config matches 'RZZ'\. Known trusts: RH8-test, RXX-prod/,
    );
  });

  test('fails on two configs for the same trust environment', () => {
    const dir = trustsDir({ 'a.yaml': rh8, 'b.yaml': rh8 });
    expect(() => buildRootstockApp(new App(), { trustsDir: path.join(dir, 'trusts'), checks: false })).toThrow(/odsCode RH8 with environment test is also defined in/);
  });

  test('fails a synth on a bad config with the validate message, exit 2 and no stack trace', () => {
    // GIVEN a trusts/ folder with one bad config, and the CDK app run as the CLI runs it
    const dir = trustsDir({ 'bad.yaml': `${rxx}region: us-east-1\n` });
    // WHEN
    const r = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(repo, 'bin', 'rootstock.ts')], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CDK_OUTDIR: path.join(dir, 'cdk.out') },
    });
    // THEN
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/trusts\/bad\.yaml:4:9: region: is not a UK region/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const written = fs.existsSync(path.join(dir, 'cdk.out')) ? fs.readdirSync(path.join(dir, 'cdk.out')) : [];
    expect(written.filter((f) => f.endsWith('.template.json'))).toEqual([]);
  });

  test('-c trust=RXX loads and validates only that trust: a broken file of another trust does not block it', () => {
    // GIVEN a shared trusts/ folder where another trust's file has a schema error and a third has broken YAML
    const dir = trustsDir({ 'rxx.yaml': rxx, 'rh8.yaml': `${rh8}regoin: eu-west-2\n`, 'rzz.yaml': 'odsCode: RZZ\n  name: [broken\n' });
    // WHEN RXX is selected THEN only RXX is built
    const app = new App({ context: { trust: 'RXX' } });
    expect(buildRootstockApp(app, { trustsDir: path.join(dir, 'trusts'), checks: false }).map((s) => s.stackName)).toEqual(['Rootstock-RXX-prod']);
    // AND the default all-trusts synth still checks every file, reporting each problem
    expect(() => buildRootstockApp(new App(), { trustsDir: path.join(dir, 'trusts'), checks: false })).toThrow(/rh8\.yaml:4:1: regoin: unknown key[\s\S]*rzz\.yaml:\d+:\d+: malformed YAML/);
  });

  test('a selected trust with a bad file still fails with its own message; an unreadable file is named when nothing matches', () => {
    const dir = trustsDir({ 'rxx.yaml': `${rxx}region: us-east-1\n`, 'rzz.yaml': 'odsCode: [broken\n' });
    expect(() => buildRootstockApp(new App(), { trustsDir: path.join(dir, 'trusts'), trust: 'RXX', checks: false })).toThrow(/rxx\.yaml:4:9: region: is not a UK region/);
    expect(() => buildRootstockApp(new App(), { trustsDir: path.join(dir, 'trusts'), trust: 'RZ9', checks: false })).toThrow(
      /no trust config matches 'RZ9'\. Known trusts: RXX-prod\. Not readable as a trust config \(run rootstock validate on them\): rzz\.yaml\./,
    );
  });

  test('-c trustsDir= builds the trusts of another folder (the examples)', () => {
    const app = new App({ context: { trustsDir: path.join(repo, 'trusts', 'examples') } });
    const names = buildRootstockApp(app, { checks: false }).map((s) => s.stackName);
    expect(names.length).toBeGreaterThanOrEqual(4);
  });
});
