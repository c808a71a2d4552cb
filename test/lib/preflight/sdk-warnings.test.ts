import { spawnSync } from 'child_process';
import * as path from 'path';

const repo = path.join(__dirname, '..', '..', '..');

/** Makes preflight's STS client in a fresh process (as `rootstock preflight` does) and returns what it printed on stderr. */
function stderrOfClient(env: NodeJS.ProcessEnv): string {
  const script = "require('./lib/preflight/preflight').defaultStsClientFactory({ region: 'eu-west-2' }).config.region().then(() => undefined)";
  const r = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], { cwd: repo, encoding: 'utf8', env });
  expect(r.status).toBe(0);
  return r.stderr;
}

describe("the AWS SDK's Node version notice", () => {
  const env = { ...process.env };
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;

  test('is not printed by the clients preflight makes', () => {
    expect(stderrOfClient(env)).not.toMatch(/NodeVersionSupportWarning/);
  });

  test('is printed again when the user asks for it (so the test above can fail)', () => {
    const major = Number(process.versions.node.split('.')[0]);
    const out = stderrOfClient({ ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' });
    if (major < 22) expect(out).toMatch(/NodeVersionSupportWarning/);
    else expect(out).not.toMatch(/NodeVersionSupportWarning/);
  });
});
