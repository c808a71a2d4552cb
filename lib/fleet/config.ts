import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError, loadTrustDir, type LoadedTrust } from '../config/loader';

/**
 * CodePipeline limits the wave plan must respect: 50 stages per pipeline and 50 actions per stage.
 * A trust deploys as one stack with change sets: 2 actions (prepare, execute). A wave also holds its
 * approval and the upgrade check, so at most 24 trusts fit in a wave.
 */
export const CODEPIPELINE_MAX_STAGES = 50;
export const CODEPIPELINE_MAX_ACTIONS_PER_STAGE = 50;
/** Actions one trust adds to its wave's stage (change set prepare + execute). */
export const ACTIONS_PER_TRUST = 2;
/** Actions a wave has besides its trusts (manual approval, upgrade check). */
export const WAVE_OVERHEAD_ACTIONS = 2;
/** The most trusts one wave can hold. */
export const MAX_TRUSTS_PER_WAVE = Math.floor((CODEPIPELINE_MAX_ACTIONS_PER_STAGE - WAVE_OVERHEAD_ACTIONS) / ACTIONS_PER_TRUST);
/** Stages the pipeline needs besides waves: Source, Build, UpdatePipeline, and up to two for assets. */
export const NON_WAVE_STAGES = 5;
/** The most waves one pipeline can hold. */
export const MAX_WAVES = CODEPIPELINE_MAX_STAGES - NON_WAVE_STAGES;

const ACCOUNT = z.string({ message: 'must be a quoted string of 12 digits, like "111122223333"' }).regex(/^\d{12}$/, { message: 'must be exactly 12 digits, like "111122223333"' });

const WaveSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,40}$/, { message: 'must be letters, digits and hyphens, starting with a letter, like Wave-1' }),
  trusts: z.array(z.string().min(1)).min(1, { message: 'must name at least one trust' }),
});

/** The fleet config file: where the pipeline lives, where the source comes from, and the wave plan. */
export const FleetConfigSchema = z
  .strictObject({
    pipelineAccount: ACCOUNT.meta({ description: 'The account the pipeline runs in (the tooling account).' }),
    region: z.string().regex(/^[a-z]{2}-[a-z]+-\d$/, { message: 'must be an AWS region name like eu-west-2' }).default('eu-west-2'),
    connectionArn: z.string().regex(/^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[A-Za-z0-9-]+$/, {
      message: 'must be a CodeConnections connection ARN, like arn:aws:codeconnections:eu-west-2:111122223333:connection/0123abcd-...',
    }),
    repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/, { message: 'must be owner/repository, like nhsx/rootstock-fleet' }),
    branch: z.string().min(1).default('main'),
    trustsDir: z.string().min(1).default('trusts'),
    readOnlyRoleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, { message: 'must be an IAM role name' }).default('RootstockFleetReadOnly')
      .meta({ description: 'The role fleet-status assumes in each trust account (read-only: cloudformation:DescribeStacks).' }),
    pilot: z.array(z.string().min(1)).min(1).optional().meta({ description: 'Trusts deployed first, in the pilot wave (with waveSize).' }),
    waveSize: z.int().min(1).max(MAX_TRUSTS_PER_WAVE, { message: `must be at most ${MAX_TRUSTS_PER_WAVE} (CodePipeline allows ${CODEPIPELINE_MAX_ACTIONS_PER_STAGE} actions per stage; each trust needs ${ACTIONS_PER_TRUST})` }).optional(),
    waves: z.array(WaveSchema).min(1).optional().meta({ description: 'An explicit wave plan: the first wave is the pilot.' }),
  })
  .superRefine((cfg, ctx) => {
    const planned = cfg.waves !== undefined;
    const sized = cfg.pilot !== undefined || cfg.waveSize !== undefined;
    if (planned && sized) ctx.addIssue({ code: 'custom', path: ['waves'], message: 'give either waves, or pilot with waveSize, not both' });
    if (!planned && !(cfg.pilot && cfg.waveSize)) ctx.addIssue({ code: 'custom', path: ['waves'], message: 'give a wave plan: waves: [{ name, trusts }], or pilot: [<ODS>...] with waveSize: <n>' });
  });

/** A fleet config file as written. */
export type FleetConfig = z.output<typeof FleetConfigSchema>;

/** One wave of the plan with its trusts resolved. */
export interface FleetWave {
  readonly name: string;
  readonly trusts: readonly LoadedTrust[];
}

/** A loaded fleet: its config, where it came from, and the resolved wave plan. */
export interface Fleet {
  readonly file: string;
  readonly config: FleetConfig;
  readonly waves: readonly FleetWave[];
}

/**
 * Reads a fleet config file, loads the trusts it names, and resolves the wave plan.
 *
 * Every trust with an account must be in exactly one wave (trusts without one are environment-agnostic
 * examples the fleet cannot deploy, and are left out); every trust in a wave needs an account; waves must fit
 * CodePipeline's limits (see MAX_TRUSTS_PER_WAVE and MAX_WAVES).
 *
 * @throws ConfigError naming the file, field and fix
 */
export function loadFleet(file: string): Fleet {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file}: cannot read the fleet config: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}. Check the path (see fleet/fleet.example.yaml).`);
  }
  const doc = parseDocument(text);
  if (doc.errors.length) throw new ConfigError(`${file}: malformed YAML: ${doc.errors[0].message.split('\n')[0]}`);
  const parsed = FleetConfigSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(top level)'}: ${i.message}.`).join('\n'));
  }
  const config = parsed.data;
  // Relative to the working directory, like the reference app's trusts/.
  const dir = path.resolve(config.trustsDir);
  const trusts = loadTrustDir(dir);
  const errors: string[] = [];
  const byRef = (ref: string): LoadedTrust | undefined => {
    const exact = trusts.filter((t) => `${t.config.odsCode}-${t.config.environment}` === ref);
    const matches = exact.length ? exact : trusts.filter((t) => t.config.odsCode === ref);
    if (matches.length === 1) return matches[0];
    errors.push(matches.length === 0
      ? `${file}: trust '${ref}' is not in ${dir}. Known: ${trusts.map((t) => `${t.config.odsCode}-${t.config.environment}`).join(', ')}.`
      : `${file}: '${ref}' matches several environments; name one as <ODS>-<environment>.`);
    return undefined;
  };
  let plan: Array<{ name: string; refs: string[] }>;
  if (config.waves) {
    plan = config.waves.map((w) => ({ name: w.name, refs: w.trusts }));
  } else {
    const pilot = config.pilot ?? [];
    const pilotTrusts = pilot.map(byRef).filter((t): t is LoadedTrust => t !== undefined);
    const rest = trusts.filter((t) => !pilotTrusts.includes(t) && t.config.account).map((t) => `${t.config.odsCode}-${t.config.environment}`);
    plan = [{ name: 'Pilot', refs: pilot }];
    for (let i = 0; i < rest.length; i += config.waveSize ?? MAX_TRUSTS_PER_WAVE) plan.push({ name: `Wave-${plan.length}`, refs: rest.slice(i, i + (config.waveSize ?? MAX_TRUSTS_PER_WAVE)) });
  }
  const placed = new Map<LoadedTrust, string>();
  const waves: FleetWave[] = plan.map(({ name, refs }) => {
    const resolved = refs.map(byRef).filter((t): t is LoadedTrust => t !== undefined);
    for (const t of resolved) {
      const other = placed.get(t);
      if (other) errors.push(`${file}: ${t.config.odsCode}-${t.config.environment} is in waves ${other} and ${name}; a trust deploys in one wave.`);
      placed.set(t, name);
      if (!t.config.account) errors.push(`${t.file}: ${t.config.odsCode}-${t.config.environment} has no account; the fleet deploys each trust into its own account. Add account: "<12 digits>".`);
    }
    if (resolved.length > MAX_TRUSTS_PER_WAVE) errors.push(`${file}: wave ${name} has ${resolved.length} trusts; at most ${MAX_TRUSTS_PER_WAVE} fit in one CodePipeline stage. Split it.`);
    return { name, trusts: resolved };
  });
  if (config.waves) {
    // Trusts without an account are environment-agnostic examples: the fleet cannot deploy them.
    for (const t of trusts) if (!placed.has(t) && t.config.account) errors.push(`${file}: ${t.config.odsCode}-${t.config.environment} (${t.file}) is in no wave; add it to one, or the fleet never deploys it.`);
  }
  const names = waves.map((w) => w.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) errors.push(`${file}: wave name ${dup} is used twice; wave names must be unique.`);
  if (waves.length > MAX_WAVES) errors.push(`${file}: ${waves.length} waves; CodePipeline allows ${CODEPIPELINE_MAX_STAGES} stages, so at most ${MAX_WAVES} waves. Use bigger waves.`);
  if (errors.length) throw new ConfigError(errors.join('\n'));
  return { file, config, waves };
}
