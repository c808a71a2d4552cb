import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ConstructPropsError } from '../../../constructs/core/errors';
import { TrustIdentity } from '../../../constructs/identity';
import { runCli } from '../../../lib/cli/program';
import { parseTrustConfig } from '../../../lib/config/loader';
import YAML from 'yaml';
import { identityConfigProblems, identitySettings, type IdentityTrustConfig } from '../../../lib/trust-stack/identity';
import { TrustStack } from '../../../lib/trust-stack';

const repo = path.join(__dirname, '..', '..', '..');
const base = 'odsCode: RXX\nname: Example NHS Foundation Trust\nenvironment: prod\n';
const identity = (body: string) => `${base}identity:\n${body}`;
const cis2 = '  cis2: { environment: int, clientId: abc }\n';
const urls = '  callbackUrls: [https://app.example.nhs.uk/cb]\n';

describe('identitySettings', () => {
  test('turns a trust config into TrustIdentity props: default domain prefix, security log retention, provider and token settings', () => {
    // GIVEN
    const config = parseTrustConfig(
      identity(`${urls}  cis2: { environment: production, clientId: abc, requiredAal: AAL2_ANY }\n  tokenValidityMinutes: 30\n  refreshTokenValidityMinutes: 720\n  reservedConcurrentExecutions: 20\n  assuranceRejectionAlarmThreshold: 40\n`),
      'trusts/rxx.yaml',
    ) as IdentityTrustConfig;
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'S', { env: { region: 'eu-west-2', account: '111122223333' } });
    // WHEN
    const settings = identitySettings(config).settings;
    new TrustIdentity(stack, 'Identity', { ...settings, logsKey: new kms.Key(stack, 'LogsKey', { enableKeyRotation: true }) });
    // THEN
    expect(settings).toMatchObject({ domainPrefix: 'rxx-prod-identity', logRetentionDays: 400, cis2: { environment: 'production', clientId: 'abc', requiredAal: 'AAL2_ANY' }, signingKeyVersions: ['1'], reservedConcurrentExecutions: 20 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'rxx-prod-identity' });
    template.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', { ProviderName: 'NHSCIS2', ProviderDetails: Match.objectLike({ client_id: 'abc' }) });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { AccessTokenValidity: 30, IdTokenValidity: 30, RefreshTokenValidity: 720 });
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 20 });
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 4 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 40, AlarmDescription: Match.stringLikeRegexp('refused for assurance') });
  });

  test('TrustStack hands the identity the logs key, the alarm topic, the data key for client secrets and the VPC', () => {
    // GIVEN a trust with an identity section WHEN its stack is built
    const stack = new TrustStack(new App({ builtinCloudFormationValidation: false }), 'T', { trust: { odsCode: 'RXX', name: 'Example', environment: 'test', identity: { callbackUrls: ['https://a.nhs.uk/cb'], cis2: { environment: 'int', clientId: 'abc' } } } });
    // THEN every handed-down foundation is used
    const t = Template.fromStack(stack);
    const id = (c: { node: { defaultChild?: unknown } }) => stack.resolve((c.node.defaultChild as { logicalId: string }).logicalId) as string;
    t.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [id(stack.keys.logsKey), 'Arn'] } });
    t.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: { 'Fn::GetAtt': [id(stack.keys.dataKey), 'Arn'] } });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: id(stack.alarms.topic) }], OKActions: [{ Ref: id(stack.alarms.topic) }], AlarmDescription: Match.stringLikeRegexp('^Sign-in is failing') });
    expect(stack.resolve(stack.identity!.securityGroup!.connections.securityGroups[0].securityGroupId)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^IdentityFunctionSecurityGroup/), 'GroupId'] });
  });
});

/** Runs the CLI in-process and captures what it prints. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/**
 * Configs TrustIdentity refuses: [case, YAML, the field reported, its line, what the construct says].
 * The first is refused by no single field: the default domain prefix, made from the ODS code,
 * contains `aws`, which Cognito refuses; only the construct's own check, run over the mapped
 * settings, can see it.
 */
const refused: Array<[string, string, string, number, string]> = [
  ['a default domain prefix spelling aws (ODS code RAWS1)', identity(urls + cis2).replace('RXX', 'RAWS1'), 'identity.domainPrefix', 5, "must not contain aws, amazon, cognito (Cognito refuses them; this one contains 'aws'): choose another prefix; got 'raws1-prod-identity'"],
  ['a domain prefix containing amazon', identity(`  domainPrefix: rxx-amazon-login\n${urls}${cis2}`), 'identity.domainPrefix', 5, "this one contains 'amazon'"],
  ['four signing key generations', identity(`${urls}${cis2}  signingKeyVersions: ['1', '2', '3', '4']\n`), 'identity.signingKeyVersions', 7, 'must name at most 3 generations'],
  ['a reserved concurrency of 0', identity(`${urls}${cis2}  reservedConcurrentExecutions: 0\n`), 'identity.reservedConcurrentExecutions', 7, 'must be a whole number from 1 to 1000; got 0'],
  ['an NHS login client id with a space', identity(`${urls}  nhsLogin: { environment: sandpit, clientId: nhs app }\n`), 'identity.nhsLogin.clientId', 6, "got 'nhs app'"],
  ['an http logout URL', identity(`${urls}${cis2}  logoutUrls: [http://app.example.nhs.uk/out]\n`), 'identity.logoutUrls.0', 7, 'must be an https URL (where users go after sign-out)'],
];

/** A config whose identity section is taken as written (no validation), the rest validated: what the construct would be given. */
function unvalidated(yaml: string): IdentityTrustConfig {
  const raw = YAML.parse(yaml) as { odsCode: string; name: string; environment: string; identity: IdentityTrustConfig['identity'] };
  const rest = parseTrustConfig(YAML.stringify({ odsCode: raw.odsCode, name: raw.name, environment: raw.environment }), 'x.yaml');
  return { ...rest, identity: raw.identity };
}

describe('rootstock validate refuses what TrustIdentity refuses, at the file, line and field', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-identity-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each(refused)('fails on %s', async (name, yaml, field, line, message) => {
    // GIVEN the config in a file, and the same settings given to the construct
    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
    fs.writeFileSync(file, yaml);
    const settings = identitySettings(unvalidated(yaml)).settings;
    // WHEN validated, and WHEN the construct is built from the settings
    const r = await cli('validate', file);
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'S');
    let constructError: unknown;
    try {
      new TrustIdentity(stack, 'Identity', { ...settings, logsKey: new kms.Key(stack, 'LogsKey') });
    } catch (e) {
      constructError = e;
    }
    // THEN the construct refuses it, and validate refuses it at the file, line and field with the construct's words, exit 2, no stack trace
    expect(constructError).toBeInstanceOf(ConstructPropsError);
    expect((constructError as Error).message).toContain(message);
    expect({ code: r.code, out: r.out }).toEqual({ code: 2, out: '' });
    expect(r.err).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}:\\d+: ${field.replace(/\./g, '\\.')}: `, 'm'));
    expect(r.err).toContain(message);
    expect(r.err).not.toMatch(/^\s+at /m);
  });

  test('the default domain prefix problem says where to fix it', () => {
    // GIVEN the RAWS1 trust WHEN its identity settings are checked
    const config = unvalidated(refused[0][1]);
    // THEN the problem is at identity.domainPrefix and names the fix
    expect(identityConfigProblems(config)).toEqual([
      { path: ['identity', 'domainPrefix'], message: expect.stringMatching(/got 'raws1-prod-identity'\. That is the default from odsCode and environment: set identity\.domainPrefix to a prefix of your own$/) },
    ]);
  });

  test('a config without an identity section has no identity problems', () => {
    expect(identityConfigProblems(parseTrustConfig(base, 'x.yaml'))).toEqual([]);
  });

  test('the reference app refuses it too: exit 2, file:line and field, no stack trace, no template written', () => {
    // GIVEN a trusts/ folder holding only the RAWS1 trust
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-identity-synth-'));
    fs.mkdirSync(path.join(work, 'trusts'));
    const file = path.join(work, 'trusts', 'raws1.yaml');
    fs.writeFileSync(file, refused[0][1]);
    const out = path.join(work, 'cdk.out');
    // WHEN synthesised by the reference app
    const r = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(repo, 'bin', 'rootstock.ts')], { cwd: work, encoding: 'utf8', env: { ...process.env, CDK_OUTDIR: out } });
    // THEN
    expect({ code: r.status, where: r.stderr.includes(`${file}:5:`), field: r.stderr.includes(' identity.domainPrefix: ') }).toEqual({ code: 2, where: true, field: true });
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(fs.existsSync(out) ? fs.readdirSync(out).filter((f) => f.endsWith('.template.json')) : []).toEqual([]);
    fs.rmSync(work, { recursive: true, force: true });
  });
});
