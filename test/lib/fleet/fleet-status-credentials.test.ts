import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../lib/cli/program';

/**
 * The real SDK credential chain, nothing mocked: no key variables, AWS_PROFILE naming a profile
 * that is in no config file, and instance metadata off, so the chain fails with
 * CredentialsProviderError before any request. STS and CloudFormation endpoints point at a closed
 * loopback port, so even a surprise credential could never reach AWS.
 */
describe('fleet-status without any AWS credentials (real SDK credential chain)', () => {
  const saved = { ...process.env };
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-fleet-nocreds-'));
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
    Object.assign(process.env, {
      AWS_PROFILE: 'rootstock-missing-profile',
      AWS_CONFIG_FILE: path.join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:1',
      AWS_ENDPOINT_URL_CLOUDFORMATION: 'http://127.0.0.1:1',
    });
  });
  afterAll(() => {
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('fails with exit 2 and one paragraph on how to get credentials, not a report of UNREACHABLE rows', async () => {
    // GIVEN the example fleet (jest runs at the repository root)
    let out = '';
    let err = '';
    // WHEN
    const code = await runCli(['fleet-status', '--fleet', 'fleet/fleet.example.yaml'], { out: (t) => (out += t), err: (t) => (err += t) });
    // THEN
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).not.toContain('UNREACHABLE');
    expect(err).toContain('fleet-status: no AWS credentials found (AWS_PROFILE=rootstock-missing-profile;');
    expect(err).toContain('CredentialsProviderError');
    expect(err).toContain("'aws sso login --profile rootstock-missing-profile' then 'export AWS_PROFILE=rootstock-missing-profile'");
    expect(err).toContain('pipeline (central) account 999988887777');
    expect(err.trimEnd().split('\n')).toHaveLength(1);
  });

  test('is quiet: the binary prints that one paragraph and not the AWS SDK Node-version notice', () => {
    // GIVEN the warning switch unset (CI sets it; a user's shell does not), on this Node version
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    // WHEN
    const run = spawnSync(process.execPath, [path.join('bin', 'cli.js'), 'fleet-status', '--fleet', 'fleet/fleet.example.yaml'], { env, encoding: 'utf8', timeout: 60_000 });
    // THEN
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain('NodeVersionSupportWarning');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^fleet-status: no AWS credentials found/);
  });
});
