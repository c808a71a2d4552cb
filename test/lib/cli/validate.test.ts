import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../lib/cli/program';

/** Runs the CLI in-process and captures what it prints. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-validate-'));
function file(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

const valid = 'odsCode: RXX\nname: Example NHS Foundation Trust\nenvironment: prod\n';

describe('rootstock validate', () => {
  test('prints a one-line summary per valid file and exits 0', async () => {
    // GIVEN
    const a = file('a.yaml', valid);
    const b = file('b.json', JSON.stringify({ odsCode: 'RH8', name: 'Royal Devon', environment: 'test', account: '111122223333' }));
    // WHEN
    const r = await cli('validate', a, b);
    // THEN
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toEqual([
      `ok ${a}: RXX Example NHS Foundation Trust (prod, eu-west-2)`,
      `ok ${b}: RH8 Royal Devon (test, eu-west-2, account 111122223333)`,
    ]);
  });

  test('validates the shipped example trust', async () => {
    const r = await cli('validate', path.join(__dirname, '../../../trusts/example.yaml'));
    expect(r.code).toBe(0);
  });

  // Each bad config: file, line, field and value named; what is allowed said; exit 2; no stack trace.
  const bad: Array<[string, string, RegExp]> = [
    ['non-UK region', `${valid}region: us-east-1\n`, /:4:9: region: is not a UK region.*Use region: eu-west-2.*dataResidencyException.*got 'us-east-1'/],
    ['bad ODS code', valid.replace('RXX', 'rx-1'), /:1:10: odsCode: must be the trust's ODS code: 3 to 5 uppercase .* got 'rx-1'/],
    ['short audit retention', `${valid}logging:\n  auditRetentionDays: 365\n`, /:5:23: logging\.auditRetentionDays: must be a whole number of days, at least 2922 .* got 365\.$/m],
    ['short security retention', `${valid}logging:\n  securityRetentionDays: 90\n`, /:5:26: logging\.securityRetentionDays: must be a CloudWatch Logs retention period of at least 180 .* got 90\.$/m],
    ['malformed account', `${valid}account: "12345"\n`, /:4:10: account: must be exactly 12 digits, like "111122223333"; got '12345'/],
    ['unquoted account', `${valid}account: 111122223333\n`, /:4:10: account: must be a quoted string of exactly 12 digits/],
    ['unknown key', `${valid}regoin: eu-west-2\n`, /:4:1: regoin: unknown key\. Did you mean 'region'\? Allowed here: odsCode, name, environment/],
    ['bad CIDR', `${valid}network:\n  cidr: 10.20.0.0/8\n`, /:5:9: network\.cidr: has prefix \/8; use a prefix from \/16 to \/24; got '10\.20\.0\.0\/8'/],
    ['public CIDR', `${valid}network:\n  cidr: 8.8.0.0/16\n`, /:5:9: network\.cidr: is not in a private range/],
    ['malformed YAML', 'odsCode: RXX\nname: [Example\nenvironment: prod\n', /:3:1: malformed YAML: .*\nFix the syntax/],
    ['missing required field', 'name: Example\nenvironment: prod\n', /:1:1: odsCode: is required \(the trust ODS code, like RH8\)/],
    ['bad environment', valid.replace('prod', 'live'), /:3:14: environment: must be one of dev, test, prod; got 'live'/],
    ['bad alarm email', `${valid}alarms:\n  email: security-at-nhs\n`, /:5:10: alarms\.email: must be a valid email address/],
    ['a list instead of a mapping', '- odsCode: RXX\n', /:1:1: the trust config must be a mapping/],
    [
      'Synthea preload in prod',
      `${valid}fhir:\n  enabled: true\n  preloadSynthea: true\n  tokenIssuer:\n    issuer: https://issuer.example.nhs.uk\n    audience: client\n    roleClaim: cis2\n  rolePolicy:\n    R8000:\n      Patient: [read]\n  storeLock: unreleased\n`,
      /:6:19: fhir\.preloadSynthea: must be false in a prod environment.*use environment: dev or test; got boolean true/,
    ],
  ];

  test.each(bad)('fails on %s with file, line, field and fix, exit 2', async (_name, text, expected) => {
    // GIVEN
    const f = file(`bad-${_name.replace(/\W+/g, '-')}.yaml`, text);
    // WHEN
    const r = await cli('validate', f);
    // THEN
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(f);
    expect(r.err).toMatch(expected);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('fails on a missing file with a clear message', async () => {
    const r = await cli('validate', path.join(dir, 'nope.yaml'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nope\.yaml: cannot read the trust config: no such file\. Check the path/);
  });

  test('fails on two files for the same trust environment, as synth does', async () => {
    const a = file('dup-a.yaml', valid);
    const b = file('dup-b.yaml', valid);
    const r = await cli('validate', a, b);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${b}: odsCode RXX with environment prod is also defined in ${a}`);
  });

  test('fails on JSON that only YAML would accept (trailing comma), with line and column', async () => {
    const f = file('trailing.json', '{\n  "odsCode": "RXX",\n  "name": "X",\n  "environment": "prod",\n}\n');
    const r = await cli('validate', f);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:1: malformed JSON: .*Remove trailing commas`));
  });

  test('reports every bad file in one run', async () => {
    const a = file('multi-a.yaml', valid.replace('RXX', 'bad'));
    const b = file('multi-b.yaml', `${valid}region: us-west-2\n`);
    const r = await cli('validate', a, b);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${a}:1:10: odsCode`);
    expect(r.err).toContain(`${b}:4:9: region`);
  });
});
