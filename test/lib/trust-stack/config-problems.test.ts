import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseTrustConfig } from '../../../lib/config/loader';
import { TrustConfigSchema } from '../../../lib/config/schema';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { TrustStack } from '../../../lib/trust-stack';
import { trustConfigProblems } from '../../../lib/trust-stack/config-problems';

/**
 * The schema and the constructs judge a config with the same problem functions, so `rootstock
 * validate` and synth can never disagree. Edge values of the schema (sizes, odd codes, long
 * names, combinations only a construct knows are wrong) are run through `validate` and through
 * the reference app: both must refuse with exit 2, the file and field, and no stack trace.
 */
const repo = path.join(__dirname, '..', '..', '..');
const base = 'odsCode: RAB\nname: Edge NHS Trust\nenvironment: test\n';
const fhir = (extra: string, roles = '    R8000: { Patient: [read] }\n') =>
  `fhir:\n  enabled: true\n  tokenIssuer: { issuer: https://issuer.example.nhs.uk, audience: app, roleClaim: cis2 }\n  rolePolicy:\n${roles}  storeLock: unreleased\n${extra}`;
const fortyRoles = Array.from({ length: 40 }, (_, i) => `    R${8000 + i}: { Patient: [read, search-type], Observation: [read, search-type] }\n`).join('');

/** Configs the building blocks reject: [case, YAML, the field reported, its line]. */
const rejected: Array<[string, string, string, number]> = [
  ['40 roles in the FHIR role policy (too large for the Lambda environment)', base + fhir('', fortyRoles), 'fhir.rolePolicy', 8],
  ['Synthea preload in a prod trust', base.replace('test', 'prod') + fhir('  preloadSynthea: true\n'), 'fhir.preloadSynthea', 10],
  ['a trust name longer than the stack description allows', base.replace('Edge NHS Trust', 'A'.repeat(1100)), 'name', 2],
  ['an ODS code of 6 characters', base.replace('RAB', 'RABCDE'), 'odsCode', 1],
  ['an ODS code in lower case', base.replace('RAB', 'rab'), 'odsCode', 1],
  ['a VPC block with host bits set', `${base}network:\n  cidr: 10.20.1.0/16\n`, 'network.cidr', 5],
  ['a public VPC block', `${base}network:\n  cidr: 8.8.0.0/16\n`, 'network.cidr', 5],
  ['a security log retention CloudWatch does not offer', `${base}logging:\n  securityRetentionDays: 200\n`, 'logging.securityRetentionDays', 5],
  ['an audit retention beyond the Object Lock limit', `${base}logging:\n  auditRetentionDays: 40000\n`, 'logging.auditRetentionDays', 5],
  ['an http token issuer', base + fhir('').replace('https://issuer', 'http://issuer'), 'fhir.tokenIssuer.issuer', 6],
  [
    'the FHIR store in a region without HealthLake (an approved residency exception does not make HealthLake exist there)',
    `${base}region: eu-central-1\ndataResidencyException: { approvedBy: J Smith SIRO, reference: DPIA-1, expires: "2099-01-01" }\n${fhir('')}`,
    'region',
    4,
  ],
];

function workDir(yaml: string): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-edge-'));
  fs.mkdirSync(path.join(dir, 'trusts'));
  const file = path.join(dir, 'trusts', 'edge.yaml');
  fs.writeFileSync(file, yaml);
  return { dir, file };
}

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const noStackTrace = (text: string) => !/\n\s+at .+\(.+:\d+:\d+\)/.test(text) && !/^\s+at /m.test(text);

describe('the schema rejects what the constructs reject', () => {
  test.each(rejected)('%s: the schema reports it at the field', (_, yaml, field) => {
    // GIVEN the config as parsed without construct checks (shape only)
    const parsed = TrustConfigSchema.safeParse(require('yaml').parse(yaml));
    // THEN the schema reports the field; where the shape passes, the problem functions report it too
    expect(parsed.success).toBe(false);
    const paths = parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
    expect(paths).toContain(field);
  });

  test.each(rejected)('%s: validate and synth both exit 2 with file:line and field, no stack trace, nothing written', (_, yaml, field, line) => {
    // GIVEN a trusts/ folder holding only this config
    const { dir, file } = workDir(yaml);
    // WHEN validated, and WHEN synthesised by the reference app
    const validate = run([path.join(repo, 'bin', 'rootstock-cli.ts'), 'validate', file], dir);
    const out = path.join(dir, 'cdk.out');
    const synth = run([path.join(repo, 'bin', 'rootstock.ts')], dir, { CDK_OUTDIR: out });
    // THEN both refuse the same way
    for (const r of [validate, synth]) {
      expect({ code: r.code, where: r.err.includes(`${file}:${line}:`), field: r.err.includes(` ${field}: `) }).toEqual({ code: 2, where: true, field: true });
      expect(noStackTrace(r.err)).toBe(true);
    }
    expect(fs.existsSync(out) ? fs.readdirSync(out).filter((f) => f.endsWith('.template.json')) : []).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('the FHIR audit log group with the longest audit retention', () => {
  test('keeps AuditEvents searchable for 10 years (never "forever", which the packs refuse) while the archive keeps them for the full retention', () => {
    // GIVEN a trust keeping audit records for 100 years, with the FHIR store
    const config = parseTrustConfig(`${base}logging:\n  auditRetentionDays: 36500\n${fhir('')}`, 'edge.yaml');
    const stack = new TrustStack(new App(), 'Edge', { trust: config });
    // THEN the audit log group expires after CloudWatch's longest finite period, and the archive locks for 100 years
    const template = Template.fromStack(stack);
    const groups = template.findResources('AWS::Logs::LogGroup');
    const audit = Object.entries(groups).find(([id]) => /^FhirAuditLog/.test(id));
    expect(audit?.[1].Properties.RetentionInDays).toBe(3653);
    template.hasResourceProperties('AWS::S3::Bucket', { ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 36500 } } } });
  });
});

describe('edge values the constructs accept', () => {
  const accepted: Array<[string, string]> = [
    ['a T-prefixed trust code (mental health trusts such as TAD)', base.replace('RAB', 'TAD')],
    ['a 5-character ODS code', base.replace('RAB', 'RAB01')],
    ['the smallest VPC block (/24) and longest retentions', `${base}network:\n  cidr: 192.168.10.0/24\nlogging:\n  auditRetentionDays: 36500\n  securityRetentionDays: 3653\n`],
    ['a name of exactly the longest length', base.replace('Edge NHS Trust', 'N'.repeat(200))],
  ];
  test.each(accepted)('%s: no construct problem', (_, yaml) => {
    const config = parseTrustConfig(yaml, 'edge.yaml');
    expect(trustConfigProblems(config)).toEqual([]);
  });

  test('one of them synthesises through the reference app (exit 0, template written)', () => {
    const { dir } = workDir(accepted[2][1]);
    const out = path.join(dir, 'cdk.out');
    const synth = run([path.join(repo, 'bin', 'rootstock.ts')], dir, { CDK_OUTDIR: out });
    expect({ code: synth.code, err: synth.err }).toEqual({ code: 0, err: '' });
    expect(fs.readdirSync(out)).toContain('Rootstock-RAB-test.template.json');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
