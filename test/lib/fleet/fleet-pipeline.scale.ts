import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CODEPIPELINE_MAX_ACTIONS_PER_STAGE, CODEPIPELINE_MAX_STAGES, CLOUDFORMATION_MAX_TEMPLATE_BYTES, FleetPipelineStack, loadFleet, pipelineCriticalPath } from '../../../lib/fleet';
import { writeSimulatedFleet } from './simulated-fleet';

interface Action { Name: string; RunOrder?: number; ActionTypeId: { Provider: string } }
interface PipelineStage { Name: string; Actions: Action[] }

/**
 * The roll-out of a 240-trust fleet file, synthesised for real (240 TrustStacks in their stages),
 * against CodePipeline's documented quotas: 50 stages per pipeline and 50 actions per stage
 * (AWS CodePipeline user guide, "Quotas in AWS CodePipeline"), and CloudFormation's 1 MB template
 * limit for the pipeline stack (AWS CloudFormation user guide, "Quotas").
 *
 * About a minute on 2 cores (240 trust stacks), so it runs as `npm run test:fleet-scale`, not in `npm test`.
 */
describe('FleetPipeline for 240 trusts', () => {
  let dir: string;
  let stages: PipelineStage[];
  let templateBytes: number;
  let stageDeclarationBytes: number;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-fleet-pipeline-240-'));
    const fleet = loadFleet(writeSimulatedFleet(dir, 240));
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new FleetPipelineStack(app, 'RootstockFleet', { fleet });
    const template = Template.fromStack(stack).toJSON();
    templateBytes = Buffer.byteLength(JSON.stringify(template));
    const pipeline = Object.values(template.Resources as Record<string, { Type: string; Properties: { Stages: PipelineStage[] } }>).find((r) => r.Type === 'AWS::CodePipeline::Pipeline');
    stages = pipeline?.Properties.Stages ?? [];
    stageDeclarationBytes = Buffer.byteLength(JSON.stringify(stages));
  }, 240_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('deploys every trust exactly once, in 11 waves (a pilot of one, then ten of at most 24)', () => {
    const deploys = stages.flatMap((s) => s.Actions).filter((a) => a.ActionTypeId.Provider === 'CloudFormation' && a.Name.endsWith('.Deploy'));
    expect(deploys).toHaveLength(240);
    expect(new Set(deploys.map((a) => a.Name)).size).toBe(240);
    const waves = stages.filter((s) => s.Actions.some((a) => a.ActionTypeId.Provider === 'CloudFormation'));
    // CDK Pipelines names a wave of one stage after that stage: the pilot trust.
    expect(waves.map((s) => s.Name)).toEqual(['RAA-prod', ...Array.from({ length: 10 }, (_, i) => `Wave-${i + 1}`)]);
  });

  test('fits CodePipeline: at most 50 stages and 50 actions in any stage', () => {
    const widest = Math.max(...stages.map((s) => s.Actions.length));
    process.stdout.write(`240-trust pipeline: ${stages.length} stages (limit ${CODEPIPELINE_MAX_STAGES}), widest stage ${widest} actions (limit ${CODEPIPELINE_MAX_ACTIONS_PER_STAGE}), ` +
      `${stages.reduce((n, s) => n + s.Actions.length, 0)} actions, stage declarations ${(stageDeclarationBytes / 1024).toFixed(0)} KiB, pipeline stack template ${(templateBytes / 1024).toFixed(0)} KiB (limit ${CLOUDFORMATION_MAX_TEMPLATE_BYTES / 1_000_000} MB); ` +
      `critical path ${pipelineCriticalPath(stages).length} sequential steps: ${pipelineCriticalPath(stages).join(' > ')}\n`);
    expect(stages.length).toBeLessThanOrEqual(CODEPIPELINE_MAX_STAGES);
    expect(widest).toBeLessThanOrEqual(CODEPIPELINE_MAX_ACTIONS_PER_STAGE);
    expect(templateBytes).toBeLessThan(CLOUDFORMATION_MAX_TEMPLATE_BYTES);
  });

  test('critical path: every stage in order, and within a wave its gate, then prepare, then deploy', () => {
    const path240 = pipelineCriticalPath(stages);
    expect(path240).toEqual(['Source#1', 'Build#1', 'UpdatePipeline#1', ...['RAA-prod', ...Array.from({ length: 10 }, (_, i) => `Wave-${i + 1}`)].flatMap((w) => [`${w}#1`, `${w}#2`, `${w}#3`])]);
  });
});
