import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../../../lib/config/loader';
import { CODEPIPELINE_MAX_ACTIONS_PER_STAGE, CODEPIPELINE_MAX_STAGES, FleetPipelineStack, loadFleet, MAX_TRUSTS_PER_WAVE } from '../../../lib/fleet';

const FLEET_HEAD = [
  'pipelineAccount: "999988887777"',
  'region: eu-west-2',
  'connectionArn: arn:aws:codeconnections:eu-west-2:999988887777:connection/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
  'externalId: rootstock-fleet-test-1a2b3c',
  'repo: nhsx/rootstock',
  'branch: main',
];

function trustYaml(ods: string, env: string, account?: string): string {
  return `odsCode: ${ods}\nname: ${ods} NHS Trust\nenvironment: ${env}\n${account ? `account: "${account}"\n` : ''}`;
}

interface Action { Name: string; RunOrder?: number; ActionTypeId: { Provider: string }; RoleArn?: unknown }
interface PipelineStage { Name: string; Actions: Action[] }

describe('FleetPipeline: CDK Pipelines roll-out in waves across trust accounts', () => {
  let dir: string;
  let stages: PipelineStage[];
  let template: Template;

  function write(name: string, lines: string[]): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `${[...FLEET_HEAD, `trustsDir: ${path.join(dir, 'trusts')}`, ...lines].join('\n')}\n`);
    return file;
  }

  beforeAll(() => {
    // GIVEN three trusts in their own accounts, an example trust without one, and a fleet file
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-fleet-'));
    fs.mkdirSync(path.join(dir, 'trusts'));
    fs.writeFileSync(path.join(dir, 'trusts', 'ryy.yaml'), trustYaml('RYY', 'test', '210987654321'));
    fs.writeFileSync(path.join(dir, 'trusts', 'rzz.yaml'), trustYaml('RZZ', 'prod', '321098765432'));
    fs.writeFileSync(path.join(dir, 'trusts', 'rww.yaml'), trustYaml('RWW', 'prod', '432109876543'));
    fs.writeFileSync(path.join(dir, 'trusts', 'example.yaml'), trustYaml('RXX', 'prod'));
    const file = write('fleet.yaml', ['waves:', '  - name: Pilot', '    trusts: [RYY]', '  - name: Wave-1', '    trusts: [RZZ-prod, RWW]']);
    // WHEN
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new FleetPipelineStack(app, 'RootstockFleet', { fleet: loadFleet(file) });
    template = Template.fromStack(stack);
    const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as { Properties: { Stages: PipelineStage[] } };
    stages = pipeline.Properties.Stages;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('is a V2 pipeline in the pipeline account with cross-account artifact keys', () => {
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', { PipelineType: 'V2', Name: 'rootstock-fleet' });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('reads the source through the CodeConnections connection', () => {
    const source = stages[0];
    expect(source.Name).toBe('Source');
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: [{ Name: 'Source', Actions: [{ ActionTypeId: { Provider: 'CodeStarSourceConnection' }, Configuration: { FullRepositoryId: 'nhsx/rootstock', BranchName: 'main', ConnectionArn: 'arn:aws:codeconnections:eu-west-2:999988887777:connection/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b' } }] }, {}, {}, {}, {}],
    });
  });

  test('deploys the pilot first, after the upgrade check, then the next wave after a manual approval', () => {
    expect(stages.map((s) => s.Name)).toEqual(['Source', 'Build', 'UpdatePipeline', 'RYY-test', 'Wave-1']);
    const pilot = stages[3].Actions;
    const check = pilot.find((a) => a.Name === 'UpgradeCheck');
    expect(check?.ActionTypeId.Provider).toBe('CodeBuild');
    const pilotDeploys = pilot.filter((a) => a.ActionTypeId.Provider === 'CloudFormation');
    expect(pilotDeploys.map((a) => a.Name)).toEqual(['Rootstock-RYY-test.Prepare', 'Rootstock-RYY-test.Deploy']);
    for (const d of pilotDeploys) expect(d.RunOrder).toBeGreaterThan(check?.RunOrder ?? Infinity);
    const wave = stages[4].Actions;
    const approval = wave.find((a) => a.ActionTypeId.Provider === 'Manual');
    expect(approval?.Name).toBe('Approve-Wave-1');
    const waveDeploys = wave.filter((a) => a.ActionTypeId.Provider === 'CloudFormation');
    expect(waveDeploys).toHaveLength(4);
    for (const d of waveDeploys) expect(d.RunOrder).toBeGreaterThan(approval?.RunOrder ?? Infinity);
  });

  test('runs the upgrade check against the committed baselines on the synth output', () => {
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Description: 'Pipeline step RootstockFleet/Pipeline/RYY-test/UpgradeCheck',
      Source: { BuildSpec: Match.stringLikeRegexp('npx rootstock upgrade-check --baseline test/baselines --candidate cdk\\.out') },
    });
  });

  test("deploys each trust through its own account's CDK deploy role", () => {
    const roles = stages.slice(3).flatMap((s) => s.Actions).filter((a) => a.ActionTypeId.Provider === 'CloudFormation').map((a) => JSON.stringify(a.RoleArn));
    for (const account of ['210987654321', '321098765432', '432109876543']) {
      expect(roles.filter((r) => r.includes(`:iam::${account}:role/cdk-hnb659fds-deploy-role-${account}-eu-west-2`))).toHaveLength(2);
    }
  });

  test('synthesises the fleet file path relative to the repository', () => {
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Description: 'Pipeline step RootstockFleet/Pipeline/Build/Synth',
      Source: { BuildSpec: Match.stringLikeRegexp('npx cdk synth --quiet -c fleet=[^/]') },
    });
  });

  test('gives each trust stack the fleet read-only role (trusting the pipeline account with the external id) and the compliance record', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new FleetPipelineStack(app, 'RootstockFleet', { fleet: loadFleet(path.join(dir, 'fleet.yaml')) });
    for (const stage of Object.values(stack.fleetPipeline.stages)) {
      const t = Template.fromStack(stage.stack);
      t.hasResourceProperties('AWS::IAM::Role', {
        RoleName: 'RootstockFleetReadOnly',
        AssumeRolePolicyDocument: { Statement: [{ Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::999988887777:root']] } }, Condition: { StringEquals: { 'sts:ExternalId': 'rootstock-fleet-test-1a2b3c' } } }] },
      });
      const record = JSON.parse((Object.values(t.findOutputs('RootstockCompliance'))[0] as { Value: string }).Value);
      expect(record.packs).toEqual(['NhsTrustChecks', 'AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5']);
      expect(record.acknowledged).toBeGreaterThan(10);
    }
  });

  test('stays within CodePipeline limits', () => {
    expect(stages.length).toBeLessThanOrEqual(CODEPIPELINE_MAX_STAGES);
    for (const s of stages) expect(s.Actions.length).toBeLessThanOrEqual(CODEPIPELINE_MAX_ACTIONS_PER_STAGE);
  });

  describe('loadFleet: the wave plan', () => {
    test('sizes waves from pilot and waveSize, leaving out trusts without an account', () => {
      const fleet = loadFleet(write('sized.yaml', ['pilot: [RZZ]', 'waveSize: 1']));
      expect(fleet.waves.map((w) => [w.name, w.trusts.map((t) => t.config.odsCode)])).toEqual([['Pilot', ['RZZ']], ['Wave-1', ['RWW']], ['Wave-2', ['RYY']]]);
    });

    function fails(lines: string[]): string {
      const file = write('bad.yaml', lines);
      try {
        loadFleet(file);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error('loadFleet accepted a bad fleet');
    }

    test('fails when a trust with an account is in no wave', () => {
      expect(fails(['waves:', '  - name: Pilot', '    trusts: [RYY, RZZ]'])).toContain('RWW-prod');
    });

    test('fails when a wave names a trust without an account', () => {
      expect(fails(['waves:', '  - name: Pilot', '    trusts: [RYY, RZZ, RWW, RXX]'])).toContain('RXX-prod has no account');
    });

    test('fails when a trust is in two waves', () => {
      expect(fails(['waves:', '  - name: Pilot', '    trusts: [RYY, RZZ, RWW]', '  - name: Wave-1', '    trusts: [RZZ]'])).toContain('is in waves Pilot and Wave-1');
    });

    test('fails when a wave is bigger than a CodePipeline stage allows', () => {
      expect(fails(['pilot: [RYY]', `waveSize: ${MAX_TRUSTS_PER_WAVE + 1}`])).toContain(`waveSize: must be at most ${MAX_TRUSTS_PER_WAVE}`);
    });

    test('fails when both a wave list and pilot/waveSize are given, or neither', () => {
      expect(fails(['pilot: [RYY]', 'waveSize: 2', 'waves:', '  - name: Pilot', '    trusts: [RYY]'])).toContain('give either waves, or pilot with waveSize, not both');
      expect(fails([])).toContain('give a wave plan');
    });

    test('fails on an unknown trust, listing the known ones', () => {
      expect(fails(['pilot: [RQQ]', 'waveSize: 2'])).toContain("trust 'RQQ' is not in");
    });
  });
});

describe('fleet/fleet.example.yaml through the app entry (-c fleet=<file>)', () => {
  test('builds a stage for every trust the example fleet names, each in the account its trusts/ config gives', () => {
    // GIVEN the repository's example fleet and trusts/ (jest runs at the repository root); the
    // expected stages are read from the files themselves, so a trust added as the README's
    // "Adding a trust" steps say is expected too
    const fleetFile = parseYaml(fs.readFileSync('fleet/fleet.example.yaml', 'utf8')) as { pipelineAccount: string; waves: Array<{ name: string; trusts: string[] }> };
    const accounts = new Map<string, string>();
    for (const f of fs.readdirSync('trusts').filter((n) => n.endsWith('.yaml'))) {
      const t = parseYaml(fs.readFileSync(path.join('trusts', f), 'utf8')) as { odsCode: string; environment: string; account?: string };
      if (t.account) accounts.set(`${t.odsCode}-${t.environment}`, String(t.account));
    }
    const named = fleetFile.waves.flatMap((w) => w.trusts);
    expect(named.length).toBeGreaterThanOrEqual(3);
    const { buildFleetApp } = require('../../../lib/fleet') as typeof import('../../../lib/fleet');
    const app = new App({ builtinCloudFormationValidation: false });
    // WHEN
    const stack = buildFleetApp(app, 'fleet/fleet.example.yaml');
    // THEN one stage per named trust, deployed to that trust's own account, each account once
    const stages = stack.fleetPipeline.stages;
    expect(Object.keys(stages).sort()).toEqual([...named].sort());
    for (const trust of named) expect({ trust, account: stages[trust].account }).toEqual({ trust, account: accounts.get(trust) });
    expect(new Set(Object.values(stages).map((s) => s.account)).size).toBe(named.length);
    expect(stack.account).toBe(fleetFile.pipelineAccount);
    const pipeline = Object.values(Template.fromStack(stack).findResources('AWS::CodePipeline::Pipeline'))[0] as { Properties: { Stages: PipelineStage[] } };
    // the pilot wave of one trust is a stage named after it; later waves keep their names and order;
    // CDK Pipelines publishes file assets (trusts with Lambda functions) in an Assets stage before them
    const waveStages = fleetFile.waves.map((w) => (w.trusts.length === 1 && w === fleetFile.waves[0] ? w.trusts[0] : w.name));
    const names = pipeline.Properties.Stages.map((s) => s.Name);
    const hasAssets = Object.keys(Template.fromStack(stack).findResources('AWS::CodeBuild::Project')).some((id) => id.includes('FileAsset'));
    expect(names).toEqual(['Source', 'Build', 'UpdatePipeline', ...(hasAssets ? ['Assets'] : []), ...waveStages]);
  });
});
