import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { STSClient } from '@aws-sdk/client-sts';
import { deployTrust, type StsClientFactory } from '../../../lib/preflight';
import { errorAnswer, FakeSts, identityAnswer } from './fake-sts';

/** The deploy script: preflight gates `cdk deploy`. A real child process records what would be deployed. */
describe('deployTrust (npm run deploy)', () => {
  const sts = new FakeSts();
  let endpoint: string;
  let dir: string;
  let record: string;
  const factory: StsClientFactory = ({ region }) => new STSClient({ region, endpoint, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });
  const recorder = (): string[] => ['node', '-e', `require('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(1)))`, '--'];

  beforeAll(async () => {
    endpoint = await sts.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-deploy-'));
    fs.writeFileSync(path.join(dir, 'rxx.yaml'), 'odsCode: RXX\nname: Example NHS Foundation Trust\nenvironment: prod\naccount: "111122223333"\n');
    record = path.join(dir, 'argv.json');
  });
  afterAll(() => sts.stop());
  beforeEach(() => fs.rmSync(record, { force: true }));

  test('runs cdk deploy for the trust stack only after preflight passes', async () => {
    sts.answer = identityAnswer('arn:aws:sts::111122223333:assumed-role/RootstockDeployer/alice', '111122223333');
    let out = '';
    const code = await deployTrust(['RXX', '--require-approval', 'broadening'], {
      trustsDir: dir, clientFactory: factory, region: { region: 'eu-west-2', source: 'AWS_REGION' }, cdkCommand: recorder(), out: (t) => (out += t), err: () => undefined,
    });
    expect(code).toBe(0);
    expect(out).toContain('Preflight passed for RXX-prod.');
    expect(JSON.parse(fs.readFileSync(record, 'utf8'))).toEqual(['deploy', 'Rootstock-RXX-prod', '-c', 'trust=RXX-prod', '--require-approval', 'broadening']);
  });

  test('fails with exit 2 and deploys nothing when preflight fails', async () => {
    sts.answer = errorAnswer(400, 'ExpiredToken', 'The security token included in the request is expired');
    let err = '';
    const code = await deployTrust(['RXX'], {
      trustsDir: dir, clientFactory: factory, region: { region: 'eu-west-2', source: 'AWS_REGION' }, cdkCommand: recorder(), out: () => undefined, err: (t) => (err += t),
    });
    expect(code).toBe(2);
    expect(err).toContain('your AWS credentials have expired');
    expect(fs.existsSync(record)).toBe(false);
  });

  test('fails with exit 2 and usage when no trust is named', async () => {
    let err = '';
    const code = await deployTrust([], { trustsDir: dir, out: () => undefined, err: (t) => (err += t) });
    expect(code).toBe(2);
    expect(err).toContain('Usage: npm run deploy -- <ODS code');
  });
});
