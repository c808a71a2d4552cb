import * as path from 'path';
import { Stack, Stage, type StackProps, type StageProps } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import type { TrustConfig } from '../config/schema';
import { TrustStack, trustStackName } from '../trust-stack';
import type { Fleet } from './config';
import { addFleetAccess, fleetCheckedPacks, type FleetAccess } from './fleet-access';

/** Props of {@link TrustStage}. */
export interface TrustStageProps extends Omit<StageProps, 'env'> {
  /** The trust's validated config; its account and region are the stage's environment. */
  readonly config: TrustConfig;
  /** How the central account reaches the trust for fleet-status (the read-only role and compliance record). */
  readonly fleetAccess: FleetAccess;
  /** The packs the pipeline's Synth step checks the trusts with. @default - the reference app's packs */
  readonly checkedPacks?: readonly string[];
}

/**
 * One trust as a pipeline stage: its TrustStack, deployed into the trust's own account and region,
 * with the fleet read-only role and the compliance record (see addFleetAccess).
 */
export class TrustStage extends Stage {
  /** The trust's stack. */
  public readonly stack: TrustStack;

  constructor(scope: Construct, id: string, props: TrustStageProps) {
    const { config, fleetAccess, checkedPacks, ...rest } = props;
    super(scope, id, { ...rest, env: { account: config.account, region: config.region } });
    this.stack = new TrustStack(this, trustStackName(config), { trust: config, stackName: trustStackName(config) });
    addFleetAccess(this.stack, fleetAccess, checkedPacks);
  }
}

/** Props of {@link FleetPipeline}. */
export interface FleetPipelineProps {
  /** The loaded fleet: source, wave plan and trusts (see loadFleet). */
  readonly fleet: Fleet;
  /**
   * Commands the Synth step runs in the source checkout; they must leave the fleet synth in `cdk.out`.
   * @default - install, synthesise every trust with the compliance packs (fails on findings), then the fleet
   */
  readonly synthCommands?: readonly string[];
  /**
   * The command that checks the synth against the committed baseline before any deploy.
   * @default 'npx rootstock upgrade-check --baseline test/baselines --candidate cdk.out'
   */
  readonly upgradeCheckCommand?: string;
}

/**
 * The fleet roll-out on CDK Pipelines (CodePipeline): a pilot wave first, then the other waves,
 * each behind a manual approval; the upgrade check runs before the first deploy.
 *
 * Each trust deploys as a {@link TrustStage} into its own account through the CDK bootstrap roles
 * there, so every trust account must be bootstrapped trusting the pipeline account
 * (`cdk bootstrap --trust <pipelineAccount> --cloudformation-execution-policies <policy> aws://<account>/<region>`).
 * Cross-account artifact encryption (crossAccountKeys) is on.
 */
export class FleetPipeline extends Construct {
  /** The CDK pipeline. */
  public readonly pipeline: pipelines.CodePipeline;
  /** The stages added, by `<ODS>-<environment>`. */
  public readonly stages: Readonly<Record<string, TrustStage>>;

  constructor(scope: Construct, id: string, props: FleetPipelineProps) {
    super(scope, id);
    const { fleet } = props;
    const source = pipelines.CodePipelineSource.connection(fleet.config.repo, fleet.config.branch, { connectionArn: fleet.config.connectionArn });
    // The Synth step runs at the repository root: name the fleet file from there.
    const fleetFile = (path.isAbsolute(fleet.file) ? path.relative(process.cwd(), fleet.file) : fleet.file).split(path.sep).join('/');
    const synth = new pipelines.ShellStep('Synth', {
      input: source,
      commands: [
        ...(props.synthCommands ?? ['npm ci', 'npx cdk synth --quiet -o cdk.out.checks', `npx cdk synth --quiet -c fleet=${fleetFile}`]),
      ],
      primaryOutputDirectory: 'cdk.out',
    });
    this.pipeline = new pipelines.CodePipeline(this, 'Pipeline', {
      pipelineName: 'rootstock-fleet',
      pipelineType: codepipeline.PipelineType.V2,
      synth,
      crossAccountKeys: true,
      enableKeyRotation: true,
    });
    const upgradeCheck = new pipelines.ShellStep('UpgradeCheck', {
      input: source,
      additionalInputs: { 'cdk.out': synth },
      commands: ['npm ci', props.upgradeCheckCommand ?? 'npx rootstock upgrade-check --baseline test/baselines --candidate cdk.out'],
    });
    const stages: Record<string, TrustStage> = {};
    const fleetAccess: FleetAccess = { fleetAccount: fleet.config.pipelineAccount, externalId: fleet.config.externalId, organizationId: fleet.config.organizationId, roleName: fleet.config.readOnlyRoleName };
    const checkedPacks = fleetCheckedPacks();
    fleet.waves.forEach((plan, index) => {
      const pre: pipelines.Step[] = index === 0 ? [upgradeCheck] : [new pipelines.ManualApprovalStep(`Approve-${plan.name}`, { comment: `Deploy wave ${plan.name} (${plan.trusts.length} trusts) after checking the previous wave.` })];
      const wave = this.pipeline.addWave(plan.name, { pre });
      for (const trust of plan.trusts) {
        const key = `${trust.config.odsCode}-${trust.config.environment}`;
        stages[key] = new TrustStage(this, key, { config: trust.config, fleetAccess, checkedPacks });
        wave.addStage(stages[key]);
      }
    });
    this.stages = stages;
  }
}

/** Props of {@link FleetPipelineStack}. */
export interface FleetPipelineStackProps extends Omit<StackProps, 'env'>, FleetPipelineProps {}

/** The stack holding the fleet pipeline, in the pipeline account and region of the fleet config. */
export class FleetPipelineStack extends Stack {
  /** The pipeline construct. */
  public readonly fleetPipeline: FleetPipeline;

  constructor(scope: Construct, id: string, props: FleetPipelineStackProps) {
    const { fleet, synthCommands, upgradeCheckCommand, ...rest } = props;
    super(scope, id, { ...rest, env: { account: fleet.config.pipelineAccount, region: fleet.config.region } });
    this.fleetPipeline = new FleetPipeline(this, 'Fleet', { fleet, synthCommands, upgradeCheckCommand });
  }
}

/** A stage of a synthesised CodePipeline, as in the template. */
export interface PipelineStageDeclaration {
  readonly Name: string;
  readonly Actions: ReadonlyArray<{ readonly Name: string; readonly RunOrder?: number }>;
}

/**
 * The sequential steps of a pipeline: stages run one after another, and within a stage the actions
 * of each run order run together, one run order after the other. `<stage>#<runOrder>` per step.
 */
export function pipelineCriticalPath(stages: readonly PipelineStageDeclaration[]): string[] {
  return stages.flatMap((s) => [...new Set(s.Actions.map((a) => a.RunOrder ?? 1))].sort((a, b) => a - b).map((o) => `${s.Name}#${o}`));
}
