import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkTemplates, parsePackList } from '../../../lib/check/check';
import { parseTemplateText, readTemplates } from '../../../lib/check/template';
import { includeTemplate } from '../../../lib/check/check';
import { runCli } from '../../../lib/cli/program';

const YAML_TEMPLATE = `
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: { Type: String }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Key:
    Type: AWS::KMS::Key
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties:
      EnableKeyRotation: false
      Description: !Sub '\${Env} data key'
      Tags:
        - Key: owner
          Value: !ImportValue SharedOwner
  GoodKey:
    Type: AWS::KMS::Key
    Condition: IsProd
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties:
      EnableKeyRotation: true
      KeyPolicy: !If [IsProd, { Version: '2012-10-17', Statement: [] }, !Ref AWS::NoValue]
  Thing:
    Type: Custom::Thing
    Properties:
      ServiceToken: !GetAtt Key.Arn
      Name: !Join ['-', [!Ref Env, !Select [0, !GetAZs '']]]
  Monitor:
    Type: Datadog::Monitors::Monitor
    Properties:
      Query: avg(last_5m):avg:aws.kms.errors > 1
`;

/** Everything else the NHS pack asks of a KMS key, so the only finding is the one a test seeds. */
const RETAIN = { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' } as const;

interface Io { out: string; err: string; code: number }
async function cli(...argv: string[]): Promise<Io> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { out, err, code };
}

describe('rootstock check', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-'));
    fs.writeFileSync(path.join(dir, 'bad.yaml'), YAML_TEMPLATE);
    fs.writeFileSync(path.join(dir, 'good.json'), JSON.stringify({ Resources: { Key: { Type: 'AWS::KMS::Key', ...RETAIN, Properties: { EnableKeyRotation: true } } } }));
    fs.writeFileSync(path.join(dir, 'bucket.json'), JSON.stringify({ Resources: { Data: { Type: 'AWS::S3::Bucket' } } }));
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'Resources:\n  Key:\n    Type: [unclosed\n');
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "Resources": { "K": ');
    fs.writeFileSync(path.join(dir, 'empty.yaml'), '');
    fs.writeFileSync(path.join(dir, 'rain.yaml'), 'Resources:\n  Vpc:\n    Type: !Rain::Module vpc.yml\n');
    fs.writeFileSync(path.join(dir, 'flow.yaml'), '{Resources: {K: {Type: AWS::KMS::Key, DeletionPolicy: Retain, UpdateReplacePolicy: Retain, Properties: {EnableKeyRotation: false}}}}\n');
    fs.writeFileSync(path.join(dir, 'notatemplate.json'), JSON.stringify({ hello: 'world' }));
    fs.writeFileSync(path.join(dir, 'dangling.json'), JSON.stringify({ Resources: { T: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { Ref: 'Missing' } } } } }));
    const cdkOut = path.join(dir, 'cdk.out');
    fs.mkdirSync(path.join(cdkOut, 'asset.abc'), { recursive: true });
    fs.writeFileSync(path.join(cdkOut, 'A.template.json'), JSON.stringify({ Resources: { KeyA: { Type: 'AWS::KMS::Key', ...RETAIN, Properties: { EnableKeyRotation: false } } } }));
    fs.writeFileSync(path.join(cdkOut, 'B.template.json'), JSON.stringify({ Resources: { KeyB: { Type: 'AWS::KMS::Key', ...RETAIN, Properties: { EnableKeyRotation: true } } } }));
    fs.writeFileSync(path.join(cdkOut, 'asset.abc', 'x.template.json'), 'not json at all');
    fs.writeFileSync(
      path.join(cdkOut, 'manifest.json'),
      JSON.stringify({ version: '55.0.0', artifacts: { A: { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/eu-west-2', properties: { templateFile: 'A.template.json', tags: { 'nhs:environment': 'prod' } } } } }),
    );
    fs.mkdirSync(path.join(dir, 'empty'));
    // cloud assemblies whose manifest is damaged: the template is fine, the tags and region are lost
    for (const [name, manifest] of [['corrupt.out', '{ "version": "55.0.0", "artifacts": { '], ['notmanifest.out', '["A.template.json"]']]) {
      fs.mkdirSync(path.join(dir, name));
      fs.copyFileSync(path.join(cdkOut, 'A.template.json'), path.join(dir, name, 'A.template.json'));
      fs.writeFileSync(path.join(dir, name, 'manifest.json'), manifest);
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('expands YAML short tags to the long form', () => {
    const template = parseTemplateText(YAML_TEMPLATE, 't.yaml') as Record<string, unknown>;
    const res = template.Resources as Record<string, { Properties: Record<string, unknown> }>;
    expect(res.Thing.Properties.ServiceToken).toEqual({ 'Fn::GetAtt': ['Key', 'Arn'] });
    expect(res.Thing.Properties.Name).toEqual({ 'Fn::Join': ['-', [{ Ref: 'Env' }, { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }]] });
    expect(res.Key.Properties.Description).toEqual({ 'Fn::Sub': '${Env} data key' });
    expect((template.Conditions as Record<string, unknown>).IsProd).toEqual({ 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] });
  });

  test('names the violating resource, its type, the rule and its controls (JSON output, exit 1)', async () => {
    const { out, code, err } = await cli('check', path.join(dir, 'bad.yaml'), '--format', 'json');
    expect(code).toBe(1);
    expect(err).toMatch(/1 open error-level finding/);
    const json = JSON.parse(out);
    expect(json.findings).toEqual([
      expect.objectContaining({
        ruleId: 'NHS-KMSKeyRotationEnabled',
        level: 'error',
        logicalId: 'Key',
        resourceType: 'AWS::KMS::Key',
        message: expect.stringMatching(/rotation/),
        status: 'open',
        controls: [
          { framework: 'DSPT', id: 'B3.c', name: 'Stored data' },
          { framework: 'NCSC', id: 'NCSC-2', name: 'Asset protection and resilience' },
        ],
      }),
    ]);
    expect(json.summary).toEqual(expect.objectContaining({ templates: 1, resources: 4, errors: 1, warnings: 0, acknowledged: 0, unchecked: 0, passed: false, exitCode: 1, packs: ['nhs'] }));
    expect(json.templates).toEqual([expect.objectContaining({ template: path.join(dir, 'bad.yaml'), exitCode: 1, acknowledgementsKnown: false })]);
  });

  test('prints findings grouped by resource in text form', async () => {
    const { out, code } = await cli('check', path.join(dir, 'bad.yaml'));
    expect(code).toBe(1);
    expect(out).toMatch(/ {2}Key \(AWS::KMS::Key\)\n {4}error {3}NHS-KMSKeyRotationEnabled: .*\n {12}controls: B3\.c Stored data; NCSC-2 Asset protection and resilience/);
    expect(out).toMatch(/1 error, 0 warnings open, 0 acknowledged in 4 resources of 1 template \(packs: nhs\)/);
    // A bare template carries no acknowledgements: say so rather than imply there are none to find.
    expect(out).toContain('No acknowledgements are known for this template: acknowledgements are made in CDK code and recorded in the cloud assembly');
  });

  test('exits 0 on a compliant template', async () => {
    const { out, code } = await cli('check', path.join(dir, 'good.json'), '--format', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(expect.objectContaining({ findings: [], unchecked: [], summary: expect.objectContaining({ errors: 0, passed: true, exitCode: 0 }) }));
  });

  test('runs the cdk-nag packs chosen with --packs', async () => {
    const { out } = await cli('check', path.join(dir, 'bad.yaml'), '--format', 'json', '--packs', 'nhs,aws-solutions,hipaa,nist-800-53-r5');
    const ids = JSON.parse(out).findings.filter((f: { logicalId: string }) => f.logicalId === 'Key').map((f: { ruleId: string }) => f.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['NHS-KMSKeyRotationEnabled', 'AwsSolutions-KMS5', 'NIST.800.53.R5-KMSBackingKeyRotationEnabled']));
    const hipaa = await cli('check', path.join(dir, 'bucket.json'), '--format', 'json', '--packs', 'hipaa');
    expect(JSON.parse(hipaa.out).findings).toContainEqual(expect.objectContaining({ ruleId: 'HIPAA.Security-S3BucketSSLRequestsOnly', logicalId: 'Data', resourceType: 'AWS::S3::Bucket', controls: [] }));
  });

  test('checks only the templates a cdk.out manifest names, and says which it left out', async () => {
    // B.template.json is on disk but not in the manifest (an earlier synth's): it is not counted.
    const { out, code } = await cli('check', path.join(dir, 'cdk.out'), '--format', 'json');
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect(json.findings.map((f: { logicalId: string; template: string }) => [f.template, f.logicalId])).toEqual([['A.template.json', 'KeyA']]);
    expect(json.summary.templates).toBe(1);
    expect(json.notes).toEqual([expect.stringContaining('1 template file(s) the manifest does not name (left by an earlier synth) were not checked: B.template.json')]);
    expect(json.templates).toEqual([expect.objectContaining({ template: 'A.template.json', acknowledgementsKnown: true })]);
  });

  test.each([
    ['a missing file', ['nope.json'], /nope\.json: no such file or folder/],
    ['bad YAML', ['broken.yaml'], /broken\.yaml:\d+:\d+: not valid YAML/],
    ['broken JSON', ['broken.json'], /broken\.json: not valid JSON/],
    ['a YAML tag CloudFormation does not know', ['rain.yaml'], /rain\.yaml:3:11: uses the YAML tag !Rain::Module, which is not CloudFormation .* \(for rain: rain pkg\)/],
    ['an empty file', ['empty.yaml'], /empty\.yaml: not a CloudFormation template: the document is not a mapping/],
    ['a file that is not a template', ['notatemplate.json'], /not a CloudFormation template: it has no Resources section/],
    ['a dangling reference', ['dangling.json'], /dangling\.json: cannot load the template: .*Missing/],
    ['a folder without templates', ['empty'], /empty: no CloudFormation templates or cdk\.out folders in this folder\. Pass a template/],
    ['a cdk.out folder with a corrupt manifest.json', ['corrupt.out'], /corrupt\.out[\\/]manifest\.json: not valid JSON \(.+\)\. Synthesise again/],
    ['a cdk.out folder whose manifest.json is not a manifest', ['notmanifest.out'], /notmanifest\.out[\\/]manifest\.json: not a cloud assembly manifest/],
    ['an unknown pack', ['good.json', '--packs', 'nhs,pci'], /unknown pack 'pci'/],
    ['a malformed region', ['good.json', '--region', 'London'], /--region must be an AWS region like eu-west-2/],
  ])('fails with exit 2 and a clear message for %s', async (_name, args, message) => {
    const [target, ...rest] = args;
    const { code, err, out } = await cli('check', path.join(dir, target), ...rest);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
    expect(out).toBe('');
  });

  test('loads resource types CDK does not know without failing', () => {
    const result = checkTemplates([{ file: 'x.json', template: { Resources: { A: { Type: 'Custom::Thing', Properties: { ServiceToken: 'arn:aws:lambda:eu-west-2:1:function:f' } }, B: { Type: 'Acme::Widget::Gadget' } } } }]);
    expect(result.summary).toEqual(expect.objectContaining({ resources: 2, errors: 0 }));
  });

  test('checks a SAM template with Rules, Mappings, Outputs and parameter types it cannot resolve', async () => {
    const { out, code } = await cli('check', path.join(__dirname, 'sam-template.yaml'), '--format', 'json');
    expect(code).toBe(1);
    const json = JSON.parse(out);
    // EnableKeyRotation is !If on a parameter: the rule cannot prove rotation, so it fails closed.
    // The security group (VpcId from an AWS::EC2::VPC::Id parameter) opens SSH to the internet.
    expect(json.findings).toEqual([
      expect.objectContaining({ ruleId: 'NHS-KMSKeyRotationEnabled', logicalId: 'Key', resourceType: 'AWS::KMS::Key' }),
      expect.objectContaining({ ruleId: 'NHS-EC2SecurityGroupNoPublicAdminIngress', logicalId: 'Sg', resourceType: 'AWS::EC2::SecurityGroup' }),
    ]);
    expect(json.summary.resources).toBe(3);
    // The SAM function is rewritten at deploy time: named as not checked, with how to get the processed template.
    expect(json.unchecked).toEqual([
      expect.objectContaining({ logicalId: 'Fn', resourceType: 'AWS::Serverless::Function', fix: expect.stringContaining('--template-stage Processed') }),
    ]);
    expect(json.summary).toEqual(expect.objectContaining({ unchecked: 1, exitCode: 1 }));
  });

  test('reads YAML flow style that looks like JSON', async () => {
    const { out } = await cli('check', path.join(dir, 'flow.yaml'), '--format', 'json');
    expect(JSON.parse(out).findings).toEqual([expect.objectContaining({ ruleId: 'NHS-KMSKeyRotationEnabled', logicalId: 'K' })]);
  });

  test('applies stack tags from a cdk.out manifest to the checked stack', () => {
    const [a, ...rest] = readTemplates(path.join(dir, 'cdk.out'));
    expect(rest).toEqual([]);
    expect(a.stackTags).toEqual({ 'nhs:environment': 'prod' });
    expect(includeTemplate(a).stack.tags.tagValues()).toEqual({ 'nhs:environment': 'prod' });
    expect(a.region).toBe('eu-west-2');
    expect(includeTemplate(a).stack.region).toBe('eu-west-2');
  });

  test('fails with exit 2 for a malformed --stack-tag', async () => {
    const { code, err } = await cli('check', path.join(dir, 'good.json'), '--stack-tag', 'prod');
    expect(code).toBe(2);
    expect(err).toMatch(/--stack-tag must look like key=value/);
  });

  test('parses pack lists', () => {
    expect(parsePackList('all')).toEqual(['nhs', 'aws-solutions', 'hipaa', 'nist-800-53-r5']);
    expect(parsePackList('hipaa, nhs')).toEqual(['hipaa', 'nhs']);
  });
});
