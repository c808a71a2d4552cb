import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../lib/cli/program';
import { executionPolicyDocuments, permissionsBoundaryDocument } from '../../../policies/guardrails';

describe('rootstock bootstrap: a hardened bootstrap for a trust account', () => {
  let dir: string;
  let cdkOut: string;
  const run = async (args: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const code = await runCli(['bootstrap', ...args], { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  };

  beforeAll(() => {
    // GIVEN a synth holding a stack (and a nested stage assembly) with a few resource types
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-bootstrap-'));
    cdkOut = path.join(dir, 'cdk.out');
    fs.mkdirSync(path.join(cdkOut, 'assembly-Stage'), { recursive: true });
    fs.writeFileSync(path.join(cdkOut, 'A.template.json'), JSON.stringify({ Resources: { K: { Type: 'AWS::KMS::Key' }, B: { Type: 'AWS::S3::Bucket' } } }));
    fs.writeFileSync(path.join(cdkOut, 'assembly-Stage', 'B.template.json'), JSON.stringify({ Resources: { R: { Type: 'AWS::IAM::Role' }, M: { Type: 'AWS::CDK::Metadata' } } }));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('writes the policies and prints the two commands, with the pipeline account trusted', async () => {
    const out = path.join(dir, 'out');
    const r = await run(['--account', '111122223333', '--cdk-out', cdkOut, '--pipeline-account', '999988887777', '--out', out]);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(fs.readdirSync(out).sort()).toEqual(['RootstockBootstrapPolicies.template.json', 'RootstockCfnExecution1.json', 'RootstockPermissionsBoundary.json']);
    // The files are the documents the guardrail tests evaluate.
    const types = ['AWS::CDK::Metadata', 'AWS::IAM::Role', 'AWS::KMS::Key', 'AWS::S3::Bucket'];
    expect(JSON.parse(fs.readFileSync(path.join(out, 'RootstockCfnExecution1.json'), 'utf8'))).toEqual(executionPolicyDocuments(types, { account: '111122223333', region: 'eu-west-2' })[0]);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'RootstockPermissionsBoundary.json'), 'utf8'))).toEqual(permissionsBoundaryDocument('111122223333'));
    expect(r.out).toContain(`   aws cloudformation deploy --stack-name RootstockBootstrapPolicies --template-file ${out}/RootstockBootstrapPolicies.template.json --capabilities CAPABILITY_NAMED_IAM --region eu-west-2\n`);
    expect(r.out).toContain('   npx cdk bootstrap aws://111122223333/eu-west-2 --trust 999988887777 --trust-for-lookup 999988887777 --cloudformation-execution-policies arn:aws:iam::111122223333:policy/RootstockCfnExecution1 --custom-permissions-boundary RootstockPermissionsBoundary\n');
    const template = JSON.parse(fs.readFileSync(path.join(out, 'RootstockBootstrapPolicies.template.json'), 'utf8'));
    expect(Object.values(template.Resources as Record<string, { Properties: { ManagedPolicyName: string } }>).map((x) => x.Properties.ManagedPolicyName).sort()).toEqual(['RootstockCfnExecution1', 'RootstockPermissionsBoundary']);
  });

  test('takes the account and region from a trust config and the trusted account from the fleet file, synthesising trusts/', async () => {
    const r = await run(['--trust', 'RYY', '--fleet', 'fleet/fleet.example.yaml', '--format', 'json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out);
    expect([plan.account, plan.region]).toEqual(['210987654321', 'eu-west-2']);
    expect(plan.resourceTypes).toEqual(expect.arrayContaining(['AWS::HealthLake::FHIRDatastore', 'AWS::Cognito::UserPool', 'AWS::CloudTrail::Trail']));
    expect(plan.commands[1]).toMatch(/^npx cdk bootstrap aws:\/\/210987654321\/eu-west-2 --trust 999988887777 --trust-for-lookup 999988887777 --cloudformation-execution-policies arn:aws:iam::210987654321:policy\/RootstockCfnExecution1,.* --custom-permissions-boundary RootstockPermissionsBoundary$/);
    expect(fs.existsSync('bootstrap')).toBe(false);
  }, 120_000);

  test('fails with exit 2, one paragraph and nothing written, on bad input', async () => {
    const out = path.join(dir, 'never');
    const cases: Array<[string[], RegExp]> = [
      [['--cdk-out', cdkOut], /^bootstrap: give --trust <ODS code> \(its config has the account and region\) or --account <12 digits>/],
      [['--account', '1234', '--cdk-out', cdkOut], /^--account: must be 12 digits, like 111122223333; got '1234'\./],
      [['--account', '111122223333', '--region', 'us-east-1', '--cdk-out', cdkOut], /^--region: must be a UK region: eu-west-2/],
      [['--account', '111122223333', '--cdk-out', path.join(dir, 'missing')], /^--cdk-out: .*missing is not a folder\./],
      [['--trust', 'RXX'], /^--trust RXX: the trust config has no account/],
      [['--account', '111122223333', '--cdk-out', cdkOut, '--qualifier', 'Bad_Q'], /^--qualifier: must be 1 to 10 lowercase letters or digits/],
    ];
    for (const [args, message] of cases) {
      const r = await run([...args, '--out', out]);
      expect([args.join(' '), r.code, r.out]).toEqual([args.join(' '), 2, '']);
      expect(r.err).toMatch(message);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(fs.existsSync(out)).toBe(false);
  });

  test('fails with exit 2 naming a resource type the execution policy does not cover', async () => {
    const odd = path.join(dir, 'odd');
    fs.mkdirSync(odd);
    fs.writeFileSync(path.join(odd, 'S.template.json'), JSON.stringify({ Resources: { T: { Type: 'AWS::DynamoDB::Table' }, K: { Type: 'AWS::KMS::Key' } } }));
    const r = await run(['--account', '111122223333', '--cdk-out', odd, '--out', path.join(dir, 'odd-out')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^bootstrap: the execution policy does not cover AWS::DynamoDB::Table \(in the synthesised templates\)\. Add what CloudFormation needs for each to RESOURCE_TYPE_ACTIONS/);
    expect(fs.existsSync(path.join(dir, 'odd-out'))).toBe(false);
  });
});
