import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { STSClient } from '@aws-sdk/client-sts';
import { CredentialsProviderError } from '@smithy/core/config';
import { resolveTrustConfig } from '../../../lib/config/loader';
import { UserError } from '../../../lib/errors';
import { runPreflight, sharedFiles, type StsClientFactory } from '../../../lib/preflight';
import { errorAnswer, FakeSts, identityAnswer } from './fake-sts';

const ACCOUNT = '111122223333';
const trust = {
  file: 'trusts/rxx.yaml',
  config: resolveTrustConfig({ odsCode: 'RXX', name: 'Example NHS Foundation Trust', environment: 'prod', account: ACCOUNT, region: 'eu-west-2' }),
};
const LONDON = { region: 'eu-west-2', source: 'AWS_REGION' };

describe('runPreflight: STS GetCallerIdentity against a local endpoint that answers like STS', () => {
  const sts = new FakeSts();
  let endpoint: string;
  // The real SDK client, pointed at loopback with static credentials.
  const factory: StsClientFactory = ({ region }) =>
    new STSClient({ region, endpoint, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, maxAttempts: 1 });

  // Shared config files of our own (never the machine's ~/.aws): profile rxx-prod in config, ci-keys in credentials.
  const savedEnv = { ...process.env };
  let awsDir: string;

  beforeAll(async () => {
    endpoint = await sts.start();
    awsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-profiles-'));
    fs.writeFileSync(path.join(awsDir, 'config'), '[profile rxx-prod]\nregion = eu-west-2\nsso_session = nhs\n\n[sso-session nhs]\nsso_region = eu-west-2\n');
    fs.writeFileSync(path.join(awsDir, 'credentials'), '[ci-keys]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = secret\n');
    process.env.AWS_CONFIG_FILE = path.join(awsDir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(awsDir, 'credentials');
    delete process.env.AWS_PROFILE;
  });
  afterEach(() => {
    delete process.env.AWS_PROFILE;
  });
  afterAll(async () => {
    process.env = { ...savedEnv };
    fs.rmSync(awsDir, { recursive: true, force: true });
    await sts.stop();
  });

  async function failure(run: Promise<unknown>): Promise<UserError> {
    const e = await run.then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).exitCode).toBe(2);
    return e as UserError;
  }

  test('passes and reports who you are when account and region match the trust', async () => {
    // GIVEN
    sts.answer = identityAnswer(`arn:aws:sts::${ACCOUNT}:assumed-role/RootstockDeployer/alice`, ACCOUNT);
    // WHEN
    const result = await runPreflight({ trust, region: LONDON, clientFactory: factory });
    // THEN
    expect(result).toMatchObject({ arn: `arn:aws:sts::${ACCOUNT}:assumed-role/RootstockDeployer/alice`, account: ACCOUNT, region: 'eu-west-2', trust: 'RXX-prod' });
    // the SDK really signed (SigV4, our key, the trust's region) and encoded a query-protocol request
    const last = sts.seen[sts.seen.length - 1];
    expect(last.body).toBe('Action=GetCallerIdentity&Version=2011-06-15');
    expect(last.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-2\/sts\/aws4_request/);
  });

  test('fails with how to get credentials when there are none', async () => {
    // GIVEN a credential chain that finds nothing, as the SDK's default chain does on a bare machine
    const noCreds: StsClientFactory = ({ region }) =>
      new STSClient({ region, endpoint, maxAttempts: 1, credentials: async () => { throw new CredentialsProviderError('Could not load credentials from any providers', { tryNextLink: false }); } });
    // WHEN / THEN
    const e = await failure(runPreflight({ trust, region: LONDON, clientFactory: noCreds }));
    expect(e.message).toContain('no AWS credentials found');
    expect(e.message).toContain('aws sso login');
    expect(e.message).toContain('AWS_PROFILE');
  });

  test('fails when an SSO sign-in has expired, saying to sign in again', async () => {
    const ssoExpired: StsClientFactory = ({ region }) =>
      new STSClient({ region, endpoint, maxAttempts: 1, credentials: async () => { throw new CredentialsProviderError('The SSO session associated with this profile has expired or is otherwise invalid.', { tryNextLink: false }); } });
    const e = await failure(runPreflight({ trust, region: LONDON, profile: 'rxx-prod', clientFactory: ssoExpired }));
    expect(e.message).toContain('sign-in has expired');
    expect(e.message).toContain('aws sso login --profile rxx-prod');
  });

  test("fails when --profile names a profile that is in neither shared file, before calling STS", async () => {
    // GIVEN
    const before = sts.seen.length;
    // WHEN
    const e = await failure(runPreflight({ trust, profile: 'nope', region: LONDON, clientFactory: factory }));
    // THEN the message names the profile, where the SDK looked, what exists there, and the fix
    expect(e.message).toContain("AWS profile 'nope' (from --profile) was not found.");
    expect(e.message).toContain(`The SDK looked in ${path.join(awsDir, 'config')} (from AWS_CONFIG_FILE) and ${path.join(awsDir, 'credentials')} (from AWS_SHARED_CREDENTIALS_FILE)`);
    expect(e.message).toContain('which define the profiles ci-keys, rxx-prod.');
    expect(e.message).toContain("'aws configure sso --profile nope'");
    expect(e.message).toContain('pass --profile <profile> with one of them');
    expect(e.message).not.toMatch(/no AWS credentials|no AWS region/);
    expect(sts.seen.length).toBe(before);
  });

  test('fails when AWS_PROFILE names a missing profile, saying how to change or unset it', async () => {
    process.env.AWS_PROFILE = 'nope';
    const e = await failure(runPreflight({ trust, region: LONDON, clientFactory: factory }));
    expect(e.message).toContain("AWS profile 'nope' (from AWS_PROFILE) was not found.");
    expect(e.message).toContain("'export AWS_PROFILE=<profile>' with one of them, or 'unset AWS_PROFILE'");
  });

  test('names the default file locations when AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE are not set', () => {
    const files = sharedFiles({});
    expect(files.description).toContain('(~/.aws/config; set AWS_CONFIG_FILE to use another file)');
    expect(files.description).toContain('(~/.aws/credentials; set AWS_SHARED_CREDENTIALS_FILE to use another file)');
  });

  test('accepts a profile defined only in the credentials file', async () => {
    sts.answer = identityAnswer(`arn:aws:sts::${ACCOUNT}:assumed-role/RootstockDeployer/ci`, ACCOUNT);
    const result = await runPreflight({ trust, profile: 'ci-keys', region: LONDON, clientFactory: factory });
    expect(result.account).toBe(ACCOUNT);
  });

  test('fills the profile name into every command of the no-credentials fix', async () => {
    const noCreds: StsClientFactory = ({ region }) =>
      new STSClient({ region, endpoint, maxAttempts: 1, credentials: async () => { throw new CredentialsProviderError('Could not load credentials from any providers', { tryNextLink: false }); } });
    const e = await failure(runPreflight({ trust, region: LONDON, profile: 'rxx-prod', clientFactory: noCreds }));
    expect(e.message).toContain("'aws sso login --profile rxx-prod' then 'export AWS_PROFILE=rxx-prod'");
    expect(e.message).not.toContain('<profile>');
  });

  test('fails when STS says the token is expired (ExpiredToken)', async () => {
    sts.answer = errorAnswer(400, 'ExpiredToken', 'The security token included in the request is expired');
    const e = await failure(runPreflight({ trust, region: LONDON, clientFactory: factory }));
    expect(e.message).toContain('your AWS credentials have expired (ExpiredToken: The security token included in the request is expired)');
    expect(e.message).toContain('AWS_SESSION_TOKEN');
  });

  test('fails when STS says the token is expired (ExpiredTokenException)', async () => {
    sts.answer = errorAnswer(400, 'ExpiredTokenException', 'The security token included in the request is expired');
    const e = await failure(runPreflight({ trust, region: LONDON, clientFactory: factory }));
    expect(e.message).toContain('your AWS credentials have expired (ExpiredTokenException');
  });

  test('fails when STS rejects the access key (InvalidClientTokenId)', async () => {
    sts.answer = errorAnswer(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    const e = await failure(runPreflight({ trust, region: LONDON, clientFactory: factory }));
    expect(e.message).toContain('AWS rejected your credentials (InvalidClientTokenId');
    expect(e.message).toContain('AWS_ACCESS_KEY_ID');
  });

  test('fails when the credentials are for another account, naming both accounts', async () => {
    sts.answer = identityAnswer('arn:aws:sts::444455556666:assumed-role/Admin/bob', '444455556666');
    const e = await failure(runPreflight({ trust, region: LONDON, clientFactory: factory }));
    expect(e.message).toContain('Your credentials are for account 444455556666, but RXX-prod deploys to account 111122223333 (trusts/rxx.yaml)');
  });

  test('fails when the trust config has no account, saying to add it', async () => {
    sts.answer = identityAnswer(`arn:aws:sts::${ACCOUNT}:assumed-role/Admin/bob`, ACCOUNT);
    const noAccount = { file: 'trusts/example.yaml', config: resolveTrustConfig({ odsCode: 'RXX', name: 'Example', environment: 'prod' }) };
    const e = await failure(runPreflight({ trust: noAccount, region: LONDON, clientFactory: factory }));
    expect(e.message).toContain('The trust config trusts/example.yaml has no account');
    expect(e.message).toContain(`account: "${ACCOUNT}"`);
  });

  test('fails when the region is not the trust region', async () => {
    sts.answer = identityAnswer(`arn:aws:sts::${ACCOUNT}:assumed-role/Admin/bob`, ACCOUNT);
    const e = await failure(runPreflight({ trust, region: { region: 'eu-west-1', source: 'AWS_DEFAULT_REGION' }, clientFactory: factory }));
    expect(e.message).toContain('Your region is eu-west-1 (from AWS_DEFAULT_REGION), but RXX-prod deploys to eu-west-2');
    expect(e.message).toContain('export AWS_REGION=eu-west-2');
  });

  test('fails when no region is set at all, before calling STS', async () => {
    const before = sts.seen.length;
    const e = await failure(runPreflight({ trust, region: { source: 'nowhere' }, clientFactory: factory }));
    expect(e.message).toContain('no AWS region is set');
    expect(e.message).toContain('export AWS_REGION=eu-west-2');
    expect(sts.seen.length).toBe(before);
  });

  test('fails when the caller is the root user', async () => {
    sts.answer = identityAnswer(`arn:aws:iam::${ACCOUNT}:root`, ACCOUNT, ACCOUNT);
    const e = await failure(runPreflight({ trust, region: LONDON, clientFactory: factory }));
    expect(e.message).toContain("That is the account's root user. Never deploy as root");
  });

  test('fails when STS cannot be reached, naming the network cause', async () => {
    const closed = new FakeSts();
    const url = await closed.start();
    await closed.stop();
    const unreachable: StsClientFactory = ({ region }) => new STSClient({ region, endpoint: url, maxAttempts: 1, credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } });
    const e = await failure(runPreflight({ trust, region: LONDON, clientFactory: unreachable }));
    expect(e.message).toContain('cannot reach AWS STS (ECONNREFUSED');
  });

  test('without a trust, checks credentials and the root user only', async () => {
    sts.answer = identityAnswer('arn:aws:sts::999988887777:assumed-role/Admin/bob', '999988887777');
    const result = await runPreflight({ region: LONDON, clientFactory: factory });
    expect(result.account).toBe('999988887777');
    expect(result.trust).toBeUndefined();
  });
});

describe('resolveAwsRegion: like the AWS CLI and CDK CLI', () => {
  const { resolveAwsRegion } = jest.requireActual('../../../lib/preflight') as typeof import('../../../lib/preflight');
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test('prefers AWS_REGION, then AWS_DEFAULT_REGION', async () => {
    expect(await resolveAwsRegion({ env: { AWS_REGION: 'eu-west-2', AWS_DEFAULT_REGION: 'eu-west-1' } })).toEqual({ region: 'eu-west-2', source: 'AWS_REGION' });
    expect(await resolveAwsRegion({ env: { AWS_DEFAULT_REGION: 'eu-west-1' } })).toEqual({ region: 'eu-west-1', source: 'AWS_DEFAULT_REGION' });
  });

  test("reads the profile's region from the shared config file", async () => {
    // GIVEN a config file with a profile, and no region variables
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-awscfg-'));
    fs.writeFileSync(path.join(dir, 'config'), '[profile rxx-prod]\nregion = eu-west-2\n');
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
    // WHEN / THEN
    expect(await resolveAwsRegion({ profile: 'rxx-prod', env: {} })).toEqual({ region: 'eu-west-2', source: 'profile rxx-prod' });
    expect(await resolveAwsRegion({ profile: 'other', env: {} })).toEqual({ source: 'nowhere' });
  });
});
