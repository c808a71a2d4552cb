import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CloudFormationClient, DescribeStackDriftDetectionStatusCommand, DescribeStacksCommand, DetectStackDriftCommand } from '@aws-sdk/client-cloudformation';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { runCli } from '../../../lib/cli/program';
import { behindBy, fleetStatus, loadFleet, supportOf } from '../../../lib/fleet';

/**
 * STS and CloudFormation in many trust accounts cannot run locally: both are mocked with
 * aws-sdk-client-mock (the SDK clients are real; their `send` is replaced).
 */
const sts = mockClient(STSClient);
const cfn = mockClient(CloudFormationClient);

const ACCOUNTS = { RYY: '210987654321', RZZ: '321098765432', RWW: '432109876543' };

function roleArn(account: string): string {
  return `arn:aws:iam::${account}:role/RootstockFleetReadOnly`;
}

function accessDenied(): Error {
  return Object.assign(new Error(`User: arn:aws:sts::999988887777:assumed-role/Ops/bob is not authorized to perform: sts:AssumeRole on resource: ${roleArn(ACCOUNTS.RWW)}`), { name: 'AccessDenied' });
}

describe('fleet-status: every trust account, read-only', () => {
  let dir: string;
  let fleetFile: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-fleet-status-'));
    fs.mkdirSync(path.join(dir, 'trusts'));
    fs.writeFileSync(path.join(dir, 'trusts', 'ryy.yaml'), `odsCode: RYY\nname: Pilot Trust\nenvironment: test\naccount: "${ACCOUNTS.RYY}"\n`);
    fs.writeFileSync(path.join(dir, 'trusts', 'rzz.yaml'), `odsCode: RZZ\nname: Wave Trust\nenvironment: prod\naccount: "${ACCOUNTS.RZZ}"\n`);
    fs.writeFileSync(path.join(dir, 'trusts', 'rww.yaml'), `odsCode: RWW\nname: Locked Trust\nenvironment: prod\naccount: "${ACCOUNTS.RWW}"\n`);
    fleetFile = path.join(dir, 'fleet.yaml');
    fs.writeFileSync(fleetFile, [
      'pipelineAccount: "999988887777"',
      'connectionArn: arn:aws:codeconnections:eu-west-2:999988887777:connection/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
      'externalId: rootstock-fleet-test-1a2b3c',
      'repo: nhsx/rootstock',
      `trustsDir: ${path.join(dir, 'trusts')}`,
      'waves:',
      '  - name: Pilot',
      '    trusts: [RYY]',
      '  - name: Wave-1',
      '    trusts: [RZZ, RWW]',
      '',
    ].join('\n'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  beforeEach(() => {
    // GIVEN two reachable accounts (one current, one behind) and one that refuses the role
    sts.reset();
    cfn.reset();
    sts.on(GetCallerIdentityCommand).resolves({ Account: '999988887777', Arn: 'arn:aws:sts::999988887777:assumed-role/Ops/bob', UserId: 'AROAEXAMPLE:bob' });
    for (const [ods, account] of Object.entries(ACCOUNTS)) {
      if (ods === 'RWW') sts.on(AssumeRoleCommand, { RoleArn: roleArn(account) }).rejects(accessDenied());
      else sts.on(AssumeRoleCommand, { RoleArn: roleArn(account) }).resolves({ Credentials: { AccessKeyId: `ASIA${ods}`, SecretAccessKey: 'secret', SessionToken: `token-${ods}`, Expiration: new Date(Date.now() + 900_000) } });
    }
    cfn.on(DescribeStacksCommand, { StackName: 'Rootstock-RYY-test' }).resolves({
      Stacks: [{ StackName: 'Rootstock-RYY-test', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(), Tags: [{ Key: 'rootstock:version', Value: '0.3.0' }] }],
    });
    cfn.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: 'detection-1' });
    cfn.on(DescribeStackDriftDetectionStatusCommand).resolves({ StackId: 'x', StackDriftDetectionId: 'detection-1', DetectionStatus: 'DETECTION_COMPLETE', StackDriftStatus: 'IN_SYNC', Timestamp: new Date() });
    cfn.on(DescribeStacksCommand, { StackName: 'Rootstock-RZZ-prod' }).resolves({
      Stacks: [{ StackName: 'Rootstock-RZZ-prod', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Tags: [{ Key: 'rootstock:version', Value: '0.1.2' }] }],
    });
  });

  test('reports status, deployed version and how far behind, with the unreachable account as a row', async () => {
    // WHEN
    const rows = await fleetStatus(loadFleet(fleetFile), { latestVersion: '0.3.0' });
    // THEN
    expect(rows.map((r) => [r.trust, r.wave, r.account, r.stackStatus, r.deployedVersion, r.behindBy])).toEqual([
      ['RYY-test', 'Pilot', ACCOUNTS.RYY, 'UPDATE_COMPLETE', '0.3.0', 'up to date'],
      ['RZZ-prod', 'Wave-1', ACCOUNTS.RZZ, 'CREATE_COMPLETE', '0.1.2', '2 minor'],
      ['RWW-prod', 'Wave-1', ACCOUNTS.RWW, 'UNREACHABLE', undefined, 'unknown'],
    ]);
    expect(rows[2].reason).toBe(`cannot assume ${roleArn(ACCOUNTS.RWW)}: AccessDenied: ${accessDenied().message}`);
  });

  test('asks each account with the credentials of the role assumed there, in the trust region', async () => {
    await fleetStatus(loadFleet(fleetFile), { latestVersion: '0.3.0' });
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleSessionName)).toEqual(['rootstock-fleet-status', 'rootstock-fleet-status', 'rootstock-fleet-status']);
    const calls = cfn.commandCalls(DescribeStacksCommand);
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      const client = call.thisValue as CloudFormationClient;
      const creds = await client.config.credentials();
      const ods = (call.args[0].input.StackName ?? '').split('-')[1];
      expect(creds).toMatchObject({ accessKeyId: `ASIA${ods}`, sessionToken: `token-${ods}` });
      expect(await client.config.region()).toBe('eu-west-2');
    }
  });

  test('reports a trust whose stack does not exist as NOT_DEPLOYED', async () => {
    cfn.on(DescribeStacksCommand, { StackName: 'Rootstock-RZZ-prod' }).rejects(Object.assign(new Error('Stack with id Rootstock-RZZ-prod does not exist'), { name: 'ValidationError' }));
    const rows = await fleetStatus(loadFleet(fleetFile), { latestVersion: '0.3.0' });
    expect(rows[1]).toMatchObject({ trust: 'RZZ-prod', stackStatus: 'NOT_DEPLOYED', reason: `no stack Rootstock-RZZ-prod in ${ACCOUNTS.RZZ}/eu-west-2` });
  });

  test('prints a table, JSON or Markdown; exits 1 with one line on stderr when a trust needs attention', async () => {
    let out = '';
    let err = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
    // WHEN one account refuses the role
    expect(await runCli(['fleet-status', '--fleet', fleetFile, '--latest', '0.3.0'], io)).toBe(1);
    // THEN
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^trust\s+wave\s+account\s+stack status\s+deployed\s+behind by\s+drift\s+acks\s+next expiry\s+flags$/);
    expect(out).toMatch(/RZZ-prod\s+Wave-1\s+321098765432\s+CREATE_COMPLETE\s+0\.1\.2\s+2 minor\s+IN_SYNC\s+-\s+-\s+ok/);
    expect(out).toMatch(/RWW-prod\s+Wave-1\s+432109876543\s+UNREACHABLE\s+-\s+unknown\s+NOT_CHECKED\s+-\s+-\s+unreachable/);
    expect(out).toContain(`RWW-prod: cannot assume ${roleArn(ACCOUNTS.RWW)}: AccessDenied`);
    expect(out).toContain('3 trust(s) against 0.3.0: 2 healthy, 1 unreachable (expiring: within 30 days).');
    expect(err).toBe('fleet-status: 1 of 3 trust(s) need attention (drifted, drift unknown, out of support, failed, unreachable, not deployed, or an acknowledgement expiring within 30 days; listed above).\n');
    out = '';
    expect(await runCli(['fleet-status', '--fleet', fleetFile, '--latest', '0.3.0', '--format', 'json'], io)).toBe(1);
    const json = JSON.parse(out);
    expect(json.summary).toEqual({ trusts: 3, healthy: 2, unreachable: 1 });
    expect(json.rows.map((r: { trust: string; flags: string[] }) => [r.trust, r.flags])).toEqual([['RYY-test', []], ['RZZ-prod', []], ['RWW-prod', ['unreachable']]]);
    out = '';
    expect(await runCli(['fleet-status', '--fleet', fleetFile, '--latest', '0.3.0', '--format', 'markdown', '--no-drift'], io)).toBe(1);
    expect(out).toContain('| RZZ-prod | Wave-1 | 321098765432 | CREATE_COMPLETE | 0.1.2 | 2 minor | NOT_CHECKED | - | - | ok |');
    // Drift was detected on the two reachable stacks in the text and JSON runs, not with --no-drift.
    expect(cfn.commandCalls(DetectStackDriftCommand)).toHaveLength(4);
  });

  test('exits 0 when every trust is healthy, and 1 when the support window is narrower than the lag', async () => {
    // GIVEN the refusing account lets the role be assumed
    sts.on(AssumeRoleCommand, { RoleArn: roleArn(ACCOUNTS.RWW) }).resolves({ Credentials: { AccessKeyId: 'ASIARWW', SecretAccessKey: 'secret', SessionToken: 'token-RWW', Expiration: new Date(Date.now() + 900_000) } });
    cfn.on(DescribeStacksCommand, { StackName: 'Rootstock-RWW-prod' }).resolves({ Stacks: [{ StackName: 'Rootstock-RWW-prod', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(), Tags: [{ Key: 'rootstock:version', Value: '0.3.0' }] }] });
    const io = { out: () => undefined, err: () => undefined };
    expect(await runCli(['fleet-status', '--fleet', fleetFile, '--latest', '0.3.0'], io)).toBe(0);
    expect(await runCli(['fleet-status', '--fleet', fleetFile, '--latest', '0.3.0', '--support-window', '1'], io)).toBe(1);
  });

  test('passes the fleet external id when it assumes the role', async () => {
    await fleetStatus(loadFleet(fleetFile), { latestVersion: '0.3.0', drift: false });
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.ExternalId)).toEqual(['rootstock-fleet-test-1a2b3c', 'rootstock-fleet-test-1a2b3c', 'rootstock-fleet-test-1a2b3c']);
  });

  test('fails with exit 2 on a bad number flag, before any AWS call', async () => {
    let err = '';
    const code = await runCli(['fleet-status', '--fleet', fleetFile, '--expiry-days', 'soon'], { out: () => undefined, err: (t) => (err += t) });
    expect(code).toBe(2);
    expect(err).toBe("--expiry-days: must be a whole number from 0 to 3650; got 'soon'. Give how many days ahead an acknowledgement expiry should be flagged, like 30.\n");
    expect(sts.calls()).toHaveLength(0);
  });

  test('fails with exit 2 for a missing fleet file', async () => {
    let err = '';
    const code = await runCli(['fleet-status', '--fleet', path.join(dir, 'nope.yaml')], { out: () => undefined, err: (t) => (err += t) });
    expect(code).toBe(2);
    expect(err).toContain('cannot read the fleet config');
  });

  test('fails with exit 2 and how to get credentials when the caller has none, before assuming any role', async () => {
    // GIVEN no credentials anywhere: the SDK's chain fails before STS is called
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    let out = '';
    let err = '';
    // WHEN
    const code = await runCli(['fleet-status', '--fleet', fleetFile, '--latest', '0.3.0'], { out: (t) => (out += t), err: (t) => (err += t) });
    // THEN one paragraph with the fix, no report, and no AssumeRole attempted
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('fleet-status: no AWS credentials found');
    expect(err).toContain('CredentialsProviderError: Could not load credentials from any providers');
    expect(err).toContain(`Get credentials for the pipeline (central) account 999988887777 (pipelineAccount in ${fleetFile}): 'aws sso login --profile`);
    expect(err).toContain("'export AWS_PROFILE=");
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });

  test('fails with exit 2 when the caller credentials have expired', async () => {
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken' }));
    await expect(fleetStatus(loadFleet(fleetFile), { latestVersion: '0.3.0' })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('fleet-status: your AWS credentials have expired (ExpiredToken: The security token included in the request is expired).'),
    });
  });

  test('keeps an account that refuses the role as a row, exit 0, when the caller has credentials', async () => {
    const rows = await fleetStatus(loadFleet(fleetFile), { latestVersion: '0.3.0' });
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
    expect(rows.filter((r) => r.stackStatus === 'UNREACHABLE').map((r) => r.trust)).toEqual(['RWW-prod']);
  });

  test('fails with exit 2 when --latest is not a semantic version, before any AWS call', async () => {
    let err = '';
    const code = await runCli(['fleet-status', '--fleet', fleetFile, '--latest', 'banana'], { out: () => undefined, err: (t) => (err += t) });
    expect(code).toBe(2);
    expect(err).toMatch(/^--latest: must be a semantic version x\.y\.z, like \d+\.\d+\.\d+; got 'banana'\. Give the Rootstock version the fleet should run/);
    expect(sts.calls()).toHaveLength(0);
    await expect(fleetStatus(loadFleet(fleetFile), { latestVersion: 'banana' })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining("latestVersion: must be a semantic version x.y.z") });
  });

  test('supportOf: the same major and at most the window of minor versions behind', () => {
    expect([supportOf('1.4.0', '1.4.0', 2), supportOf('1.2.9', '1.4.0', 2), supportOf('1.1.0', '1.4.0', 2), supportOf('0.9.0', '1.0.0', 2), supportOf('2.0.0', '1.9.0', 0), supportOf('main', '1.0.0', 2)]).toEqual([
      'supported', 'supported', 'out of support', 'out of support', 'supported', 'unknown',
    ]);
  });

  test('behindBy compares semantic versions', () => {
    expect([behindBy('1.0.0', '1.0.0'), behindBy('0.9.3', '1.2.0'), behindBy('1.1.0', '1.3.5'), behindBy('1.3.1', '1.3.4'), behindBy('2.0.0', '1.9.0'), behindBy('main', '1.0.0')]).toEqual([
      'up to date', '1 major', '2 minor', '3 patch', 'ahead', 'unknown',
    ]);
  });
});
