import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { expandForEach } from '../../../lib/check/for-each';
import { runCli } from '../../../lib/cli/program';

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { out, err, code };
}

const RETAINED_KEY = { Type: 'AWS::KMS::Key', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' };

describe('rootstock check: templates CloudFormation changes at deploy time', () => {
  let dir: string;
  const write = (name: string, body: unknown) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
    return file;
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-deploy-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('Fn::ForEach (AWS::LanguageExtensions)', () => {
    test('expands a loop into one resource per value, replacing the identifier in keys, Ref and Fn::Sub', () => {
      // GIVEN a loop over two names, with a nested loop over two suffixes
      const { template, unexpanded } = expandForEach({
        Transform: 'AWS::LanguageExtensions',
        Resources: {
          'Fn::ForEach::Keys': [
            'Name',
            ['audit', 'data-lake'],
            {
              'Key&{Name}': { ...RETAINED_KEY, Properties: { Description: { 'Fn::Sub': '${Name} key in ${AWS::Region}' }, Alias: { Ref: 'Name' } } },
              'Fn::ForEach::Aliases': ['Suffix', ['a', 'b'], { 'Alias${Suffix}${Name}': { Type: 'AWS::KMS::Alias', Properties: { AliasName: { 'Fn::Sub': 'alias/${Name}-${Suffix}' } } } }],
            },
          ],
        },
      });
      // THEN
      expect(unexpanded).toEqual([]);
      const resources = template.Resources as Record<string, { Properties: Record<string, unknown> }>;
      expect(Object.keys(resources).sort()).toEqual(['Aliasaaudit', 'Aliasadata-lake', 'Aliasbaudit', 'Aliasbdata-lake', 'Keyaudit', 'Keydatalake']);
      expect(resources.Keydatalake.Properties).toEqual({ Description: { 'Fn::Sub': 'data-lake key in ${AWS::Region}' }, Alias: 'data-lake' });
      expect(resources['Aliasbdata-lake'].Properties).toEqual({ AliasName: { 'Fn::Sub': 'alias/data-lake-b' } });
    });

    test('finds the rule breaches in every expanded resource, and exits 3 for a loop it cannot expand', async () => {
      // GIVEN a loop over literal values (rotation off in each) and one over a parameter with no default
      const file = write('loops.json', {
        Transform: 'AWS::LanguageExtensions',
        Parameters: { Names: { Type: 'CommaDelimitedList' }, Defaulted: { Type: 'CommaDelimitedList', Default: 'x,y' } },
        Resources: {
          'Fn::ForEach::Keys': ['Name', ['One', 'Two'], { 'Key${Name}': { ...RETAINED_KEY, Properties: { EnableKeyRotation: false } } }],
          'Fn::ForEach::FromDefault': ['N', { Ref: 'Defaulted' }, { 'Good${N}': { ...RETAINED_KEY, Properties: { EnableKeyRotation: true } } }],
          'Fn::ForEach::Unknown': ['N', { Ref: 'Names' }, { 'Topic${N}': { Type: 'AWS::SNS::Topic' } }],
        },
      });
      // WHEN
      const { code, out } = await cli('check', file, '--format', 'json');
      // THEN each expanded key is judged; the unexpandable loop is named, never silently passed
      const json = JSON.parse(out);
      expect(json.findings.filter((f: { ruleId: string }) => f.ruleId === 'NHS-KMSKeyRotationEnabled').map((f: { logicalId: string }) => f.logicalId).sort()).toEqual(['KeyOne', 'KeyTwo']);
      expect(json.summary.resources).toBe(4);
      expect(json.unchecked).toEqual([expect.objectContaining({ logicalId: 'Resources/Fn::ForEach::Unknown', why: expect.stringContaining('parameter Names, which has no Default') })]);
      expect(code).toBe(1);
      // WHEN the breaching loop is fixed, the loop that cannot be expanded still keeps it from passing
      const fixed = write('loops-fixed.json', { ...JSON.parse(fs.readFileSync(file, 'utf8')), Resources: { 'Fn::ForEach::Unknown': ['N', { Ref: 'Names' }, { 'Topic${N}': { Type: 'AWS::SNS::Topic' } }] } });
      const second = await cli('check', fixed);
      expect(second.code).toBe(3);
      expect(second.out).toContain('NOT CHECKED Resources/Fn::ForEach::Unknown (Fn::ForEach): the loop was not expanded');
      expect(second.err).toMatch(/no open error-level finding, but 1 resource\(s\) .* were not checked/);
    });
  });

  describe('nested stacks', () => {
    test('checks a nested stack whose TemplateURL is a local file, under its parent', async () => {
      // GIVEN a parent whose nested stack template (as `aws cloudformation package` leaves it) breaks a rule
      write('nested/child.yaml', 'Resources:\n  ChildKey:\n    Type: AWS::KMS::Key\n    DeletionPolicy: Retain\n    UpdateReplacePolicy: Retain\n    Properties: { EnableKeyRotation: false }\n');
      const parent = write('nested/parent.json', { Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: './child.yaml' } } } });
      // WHEN
      const { code, out } = await cli('check', parent, '--format', 'json');
      // THEN the child's finding is reported against the child, named through its parent
      const json = JSON.parse(out);
      expect(code).toBe(1);
      expect(json.findings).toEqual([expect.objectContaining({ ruleId: 'NHS-KMSKeyRotationEnabled', logicalId: 'ChildKey', template: `${parent} > Child (child.yaml)` })]);
      expect(json.templates.map((t: { template: string; exitCode: number }) => [t.template, t.exitCode])).toEqual([[parent, 0], [`${parent} > Child (child.yaml)`, 1]]);
    });

    test('does not pass a nested stack whose template was not read', async () => {
      // GIVEN nested stacks whose templates are uploaded, missing, or computed
      const parent = write('remote.json', {
        Parameters: { Bucket: { Type: 'String' } },
        Resources: {
          Uploaded: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://s3.eu-west-2.amazonaws.com/bucket/child.json' } },
          Missing: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'no-such-child.yaml' } },
          Computed: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: { 'Fn::Sub': 'https://${Bucket}.s3.amazonaws.com/c.json' } } },
        },
      });
      // WHEN
      const { code, out } = await cli('check', parent, '--format', 'json');
      // THEN exit 3, each named with why
      expect(code).toBe(3);
      const unchecked = JSON.parse(out).unchecked as Array<{ logicalId: string; why: string }>;
      expect(unchecked.map((u) => u.logicalId)).toEqual(['Uploaded', 'Missing', 'Computed']);
      expect(unchecked[1].why).toContain('is not a file next to the template');
    });
  });

  describe('SAM and other deploy-time transforms', () => {
    test('a SAM function URL open to anyone is never an all-clear: exit 3 naming each SAM resource and how to get the processed template', async () => {
      // GIVEN the SAM form of resources that, written plainly, break the rules
      const file = write(
        'sam.yaml',
        [
          'Transform: AWS::Serverless-2016-10-31',
          'Resources:',
          '  Fn:',
          '    Type: AWS::Serverless::Function',
          '    Properties: { Runtime: nodejs20.x, Handler: index.handler, InlineCode: "exports.handler=async()=>1", FunctionUrlConfig: { AuthType: NONE } }',
          '  Table:',
          '    Type: AWS::Serverless::SimpleTable',
        ].join('\n'),
      );
      // WHEN
      const { code, out, err } = await cli('check', file);
      // THEN
      expect(code).toBe(3);
      expect(out).toContain('NOT CHECKED Fn (AWS::Serverless::Function): the AWS::Serverless-2016-10-31 transform turns it into other resources at deploy time');
      expect(out).toContain('NOT CHECKED Table (AWS::Serverless::SimpleTable)');
      expect(out).toContain('aws cloudformation get-template --stack-name <stack> --template-stage Processed');
      expect(out).toMatch(/2 not checked/);
      expect(err).toContain('2 resource(s)');
    });

    test('an unknown macro or an inline Fn::Transform keeps the template from passing', async () => {
      const file = write('macro.json', {
        Transform: ['AWS::LanguageExtensions', 'Acme::Macro'],
        Resources: { Board: { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: '{}', 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } } } },
      });
      const { code, out } = await cli('check', file, '--format', 'json');
      expect(code).toBe(3);
      expect(JSON.parse(out).unchecked.map((u: { logicalId: string; resourceType: string }) => [u.logicalId, u.resourceType])).toEqual([['Board', 'AWS::CloudWatch::Dashboard'], ['Transform', 'Acme::Macro']]);
    });

    test('a template that refers to what its macro creates is not checked as a whole (exit 3), not unreadable', async () => {
      const file = write('made-by-macro.json', { Transform: 'Acme::Macro', Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { Ref: 'KeyTheMacroAdds' } } } } });
      const { code, out } = await cli('check', file, '--format', 'json');
      expect(code).toBe(3);
      expect(JSON.parse(out).unchecked).toEqual([
        expect.objectContaining({ logicalId: '(whole template)', resourceType: 'Acme::Macro', why: expect.stringContaining('KeyTheMacroAdds'), fix: expect.stringContaining('--template-stage Processed') }),
      ]);
    });

    test('--help documents the exit codes, 3 included', async () => {
      const { out } = await cli('check', '--help');
      expect(out).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*\n {2}3 {2}no open error-level finding, but resources that were not checked: SAM/);
    });
  });
});
