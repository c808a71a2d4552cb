import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../lib/cli/program';
import { errorAnswer, FakeSts, identityAnswer } from './fake-sts';

/**
 * `rootstock preflight` end to end in-process, configured only through the SDK's standard
 * environment variables (AWS_ENDPOINT_URL_STS points the real client at the local fake STS).
 */
describe('rootstock preflight (CLI)', () => {
  const sts = new FakeSts();
  const saved = { ...process.env };
  let trustsDir: string;
  let awsDir: string;

  beforeAll(async () => {
    const endpoint = await sts.start();
    trustsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-trusts-'));
    fs.writeFileSync(path.join(trustsDir, 'rxx.yaml'), 'odsCode: RXX\nname: Example NHS Foundation Trust\nenvironment: prod\naccount: "111122223333"\nregion: eu-west-2\n');
    awsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-aws-'));
    saved.AWS_ENDPOINT_URL_STS = endpoint;
  });
  beforeEach(() => {
    // A clean AWS environment: static keys, London, no shared files, no instance metadata.
    process.env = {
      ...saved,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_REGION: 'eu-west-2',
      AWS_CONFIG_FILE: path.join(awsDir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(awsDir, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_DEFAULT_REGION;
  });
  afterAll(async () => {
    process.env = { ...saved };
    delete process.env.AWS_ENDPOINT_URL_STS;
    await sts.stop();
  });

  async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await runCli(['preflight', '--trusts-dir', trustsDir, ...args], { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  }

  test('prints who you are and exits 0 when everything matches', async () => {
    sts.answer = identityAnswer('arn:aws:sts::111122223333:assumed-role/RootstockDeployer/alice', '111122223333');
    const { code, out, err } = await run('--trust', 'RXX');
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toContain('Preflight passed for RXX-prod.');
    expect(out).toContain('caller   arn:aws:sts::111122223333:assumed-role/RootstockDeployer/alice');
    expect(out).toContain('account  111122223333');
    expect(out).toContain('region   eu-west-2 (from AWS_REGION)');
  });

  test('prints JSON with --format json', async () => {
    sts.answer = identityAnswer('arn:aws:sts::111122223333:assumed-role/RootstockDeployer/alice', '111122223333');
    const { code, out } = await run('--trust', path.join(trustsDir, 'rxx.yaml'), '--format', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ account: '111122223333', region: 'eu-west-2', trust: 'RXX-prod' });
  });

  test('fails with exit 2 and a one-paragraph message, no stack trace, for expired credentials', async () => {
    sts.answer = errorAnswer(400, 'ExpiredToken', 'The security token included in the request is expired');
    const { code, out, err } = await run('--trust', 'RXX');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('your AWS credentials have expired');
    expect(err).not.toMatch(/\n\s+at /);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  test('fails with exit 2 and how to sign in when the SDK finds no credentials', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    const { code, err } = await run('--trust', 'RXX');
    expect(code).toBe(2);
    expect(err).toContain('no AWS credentials found');
    expect(err).toContain('aws sso login');
    expect(err).not.toMatch(/\n\s+at /);
  });

  test('fails with exit 2 when the region from the environment is not the trust region', async () => {
    sts.answer = identityAnswer('arn:aws:sts::111122223333:assumed-role/RootstockDeployer/alice', '111122223333');
    delete process.env.AWS_REGION;
    process.env.AWS_DEFAULT_REGION = 'us-east-1';
    const { code, err } = await run('--trust', 'RXX');
    expect(code).toBe(2);
    expect(err).toContain('Your region is us-east-1 (from AWS_DEFAULT_REGION), but RXX-prod deploys to eu-west-2');
  });

  test('fails with exit 2 when no region is configured anywhere', async () => {
    delete process.env.AWS_REGION;
    const { code, err } = await run('--trust', 'RXX');
    expect(code).toBe(2);
    expect(err).toContain('no AWS region is set');
  });

  test('fails with exit 2 for an unknown trust, listing the known ones', async () => {
    const { code, err } = await run('--trust', 'RZZ');
    expect(code).toBe(2);
    expect(err).toContain("No trust config in");
    expect(err).toContain('Known trusts: RXX-prod');
  });

  test('fails with exit 2 for an unknown --format, before calling STS', async () => {
    const before = sts.seen.length;
    const { code, out, err } = await run('--trust', 'RXX', '--format', 'xml');
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toBe("--format must be text or json; got 'xml'.\n");
    expect(sts.seen.length).toBe(before);
  });

  test.each([
    ['AWS_PROFILE', [] as string[], 'AWS_PROFILE'],
    ['--profile', ['--profile', 'nope'], '--profile'],
  ])('fails with exit 2 saying the profile was not found when %s names a missing profile', async (_name, args, from) => {
    // GIVEN shared files (temp files, through AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE) with one profile
    fs.writeFileSync(path.join(awsDir, 'config'), '[profile rxx-prod]\nregion = eu-west-2\n');
    if (from === 'AWS_PROFILE') process.env.AWS_PROFILE = 'nope';
    delete process.env.AWS_REGION;
    try {
      // WHEN
      const { code, out, err } = await run('--trust', 'RXX', ...args);
      // THEN not "no region" or "no credentials", but the real cause and where the SDK looked
      expect({ code, out }).toEqual({ code: 2, out: '' });
      expect(err).toContain(`AWS profile 'nope' (from ${from}) was not found. The SDK looked in ${path.join(awsDir, 'config')} (from AWS_CONFIG_FILE) and ${path.join(awsDir, 'credentials')}`);
      expect(err).toContain('which define the profiles rxx-prod.');
      expect(err).not.toMatch(/no AWS region|no AWS credentials/);
      expect(err.trim().split('\n')).toHaveLength(1);
    } finally {
      fs.rmSync(path.join(awsDir, 'config'));
    }
  });
});
