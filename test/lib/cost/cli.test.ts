import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../lib/cli/program';
import { SMALL_STACK_TEMPLATE } from './small-stack';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-cost-cli-'));
const root = path.join(__dirname, '..', '..', '..');

/** A cloud assembly holding the small stack, as `cdk synth` lays one out. */
function assembly(): string {
  const out = path.join(dir, 'cdk.out');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'Small.template.json'), JSON.stringify(SMALL_STACK_TEMPLATE));
  fs.writeFileSync(
    path.join(out, 'manifest.json'),
    JSON.stringify({ version: '55.0.0', artifacts: { Small: { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/eu-west-2', properties: { templateFile: 'Small.template.json' } } } }),
  );
  return out;
}

describe('rootstock cost', () => {
  test('prices a cdk.out: says it is an estimate, the table age, the blocks, the total and the three biggest drivers', async () => {
    const r = await cli('cost', assembly());
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ESTIMATE ONLY/m);
    expect(r.out).toMatch(/Price table: eu-west-2, read \d{4}-\d\d-\d\d \(\d+ days old\); \d+ of \d+ prices exact for London/);
    expect(r.out).toMatch(/^Small \(eu-west-2\)$/m);
    expect(r.out).toMatch(/^ {2}Total +\$65\.74 +\$9\.65 +\$75\.39 +\$78\.60$/m);
    expect(r.out).toContain('1. Network: NAT gateway-hour (1 resource) $36.50/month');
    expect(r.out).toMatch(/^ {2}fhir\.requestsPerMonth = 1000000 requests\/month: /m);
  });

  test('--assume and --assumptions override the stated assumptions; flags win over the file', async () => {
    const file = path.join(dir, 'assume.yaml');
    fs.writeFileSync(file, 'network:\n  natGbPerMonth: 100\nfhir.requestsPerMonth: 5000000\n');
    const r = await cli('cost', assembly(), '--format', 'json', '--assumptions', file, '--assume', 'fhir.requestsPerMonth=2_000_000');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    const value = (key: string) => doc.assumptions.find((a: { key: string }) => a.key === key);
    expect(value('network.natGbPerMonth')).toMatchObject({ value: 100, default: 20 });
    expect(value('fhir.requestsPerMonth')).toMatchObject({ value: 2_000_000, default: 1_000_000 });
    const nat = doc.stacks[0].blocks.flatMap((b: { lines: Array<{ logicalId: string; priceId: string; month12: number }> }) => b.lines).find((l: { logicalId: string; priceId: string }) => l.logicalId === 'Nat' && l.priceId === 'nat.gb');
    expect(nat.month12).toBeCloseTo(5, 6);
    expect(doc.estimate).toBe(true);
    expect(doc.stacks[0].drivers).toHaveLength(3);
  });

  test.each([
    ['--assume fhir.requestsPerMonth=lots', ['--assume', 'fhir.requestsPerMonth=lots'], /--assume fhir\.requestsPerMonth=lots: 'fhir\.requestsPerMonth' must be a number of zero or more, got "lots"\./],
    ['--assume with no =', ['--assume', 'fhir.requestsPerMonth'], /--assume must look like key=value/],
    ['--assume unknown key', ['--assume', 'fhir.requests=1'], /'fhir\.requests' is not a cost assumption \(did you mean fhir\.requestsPerMonth/],
    ['--assume negative', ['--assume', 'network.natGbPerMonth=-1'], /must be a number of zero or more, got -1/],
    ['--assume fraction above 1', ['--assume', 'logs.storedShare=1.5'], /is a fraction between 0 and 1, got 1\.5/],
    ['--format xml', ['--format', 'xml'], /--format must be text or json; got 'xml'/],
  ])('bad input (%s) is one paragraph, exit 2, no stack trace', async (_name, flags, message) => {
    const r = await cli('cost', assembly(), ...flags);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe('');
  });

  test('an assumptions file with a bad value names the file and line', async () => {
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, 'fhir:\n  requestsPerMonth: many\n');
    const r = await cli('cost', assembly(), '--assumptions', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:2: 'fhir.requestsPerMonth' must be a number of zero or more, got "many".`);
  });

  test.each([
    ['a missing cdk.out', () => path.join(dir, 'nope', 'cdk.out'), /no such file or folder, and no trust config by that name/],
    ['a folder that is not an assembly', () => fs.mkdtempSync(path.join(dir, 'plain-')), /this folder is not a cloud assembly \(it has no manifest\.json\)/],
    ['a JSON file that is not a template', () => { const f = path.join(dir, 'x.template.json'); fs.writeFileSync(f, '{"foo":1}'); return f; }, /not a CloudFormation template/],
    ['an unknown trust', () => 'RQQ', /rootstock cost RQQ: no trust config in .* has that ODS code \(known: RXX-prod/],
  ])('%s is exit 2 with one paragraph and no stack trace', async (_name, target, message) => {
    const r = await cli('cost', target(), '--trusts-dir', path.join(root, 'trusts'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.out).toBe('');
  });

  test('a trust by ODS code is synthesised in-process and priced per building block', async () => {
    const r = await cli('cost', 'RXX', '--trusts-dir', path.join(root, 'trusts'), '--format', 'json');
    expect(r.code).toBe(0);
    const stack = JSON.parse(r.out).stacks[0];
    expect(stack.stackName).toBe('Rootstock-RXX-prod');
    expect(stack.blocks.map((b: { block: string }) => b.block).sort()).toEqual(['AuditArchive', 'Backup', 'Fhir', 'Identity', 'Keys', 'Network', 'SecurityAlarms', 'SecurityServices', 'Trail']);
    expect(stack.unpriced).toEqual([]);
    expect(stack.drivers[0]).toMatchObject({ block: 'Fhir', priceId: 'healthlake.storeHour' });
  });
});
