import * as fs from 'fs';
import * as path from 'path';
import { LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { ConfigError, listTrustFiles, loadTrustDir, parseYamlWithSchema, type LoadedTrust } from '../config/loader';
import { DEFAULT_REGION, UK_REGIONS } from '../config/schema';

/**
 * CodePipeline limits the wave plan must respect: 50 stages per pipeline and 50 actions per stage.
 * A trust deploys as one stack with change sets: 2 actions (prepare, execute). A wave also holds its
 * approval and the upgrade check, so at most 24 trusts fit in a wave.
 */
export const CODEPIPELINE_MAX_STAGES = 50;
export const CODEPIPELINE_MAX_ACTIONS_PER_STAGE = 50;
/** CloudFormation's limit on a template uploaded through S3 (the pipeline stack's): 1 MB. */
export const CLOUDFORMATION_MAX_TEMPLATE_BYTES = 1_000_000;
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

const TRUST_REF = z
  .string({ message: 'must be a trust reference: an ODS code or <ODS>-<environment>, like RYY-test' })
  .min(1, { message: 'must be a trust reference: an ODS code or <ODS>-<environment>, like RYY-test' });

const WaveSchema = z.strictObject({
  name: z.string({ message: 'must be a wave name: letters, digits and hyphens, starting with a letter, like Wave-1' })
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,40}$/, { message: 'must be letters, digits and hyphens (at most 41), starting with a letter, like Wave-1' }),
  trusts: z.array(TRUST_REF, { message: 'must be a list of trust references, like [RYY-test, RZZ-prod]' }).min(1, { message: 'must name at least one trust, like [RYY-test]' }),
}, { message: 'must be a wave: a mapping with name and trusts, like { name: Wave-1, trusts: [RZZ-prod] }' });

/** Why `region` cannot hold the fleet pipeline, or undefined when it can. */
export function fleetRegionProblem(region: string): string | undefined {
  if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) return `must be an AWS region name: the UK region ${UK_REGIONS.join(', ')} (London)`;
  if (!UK_REGIONS.includes(region)) {
    return `must be a UK region: ${UK_REGIONS.join(', ')} (London). The pipeline and its artifact buckets hold every trust's code and config, which stay in the UK. Use region: ${DEFAULT_REGION}`;
  }
  return undefined;
}

/** The fleet config file: where the pipeline lives, where the source comes from, and the wave plan. */
export const FleetConfigSchema = z
  .strictObject({
    pipelineAccount: ACCOUNT.meta({ description: 'The account the pipeline runs in (the tooling account).' }),
    region: z.string({ message: `must be an AWS region name: the UK region ${DEFAULT_REGION}` })
      .superRefine((region, ctx) => {
        const problem = fleetRegionProblem(region);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .default(DEFAULT_REGION)
      .meta({ description: 'The pipeline region: a UK region (eu-west-2, the default).' }),
    connectionArn: z.string({ message: 'must be a CodeConnections connection ARN, like arn:aws:codeconnections:eu-west-2:111122223333:connection/0123abcd-...' })
      .regex(/^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[A-Za-z0-9-]+$/, {
        message: 'must be a CodeConnections connection ARN, like arn:aws:codeconnections:eu-west-2:111122223333:connection/0123abcd-...',
      }),
    repo: z.string({ message: 'must be owner/repository, like nhsx/rootstock-fleet' }).regex(/^[^/\s]+\/[^/\s]+$/, { message: 'must be owner/repository, like nhsx/rootstock-fleet' }),
    branch: z.string({ message: 'must be a branch name, like main' }).min(1, { message: 'must be a branch name, like main' }).default('main'),
    trustsDir: z.string({ message: 'must be the folder of trust configs, like trusts' }).min(1, { message: 'must be the folder of trust configs, like trusts' }).default('trusts')
      .meta({ description: 'The folder of trust configs, relative to where the command runs. Default trusts.' }),
    readOnlyRoleName: z.string({ message: 'must be an IAM role name, like RootstockFleetReadOnly' })
      .regex(/^[\w+=,.@-]{1,64}$/, { message: 'must be an IAM role name (1 to 64 letters, digits and +=,.@_-), like RootstockFleetReadOnly' })
      .default('RootstockFleetReadOnly')
      .meta({ description: 'The role fleet-status assumes in each trust account (created by the pipeline in each trust stack: describe and drift-check the stack).' }),
    externalId: z.string({ message: "must be the external id fleet-status passes when it assumes the read-only role, like 'rootstock-fleet-<random>'" })
      .regex(/^[\w+=,.@:/-]{2,1224}$/, { message: "must be 2 to 1,224 letters, digits and +=,.@:/-_ (no spaces), like 'rootstock-fleet-7f3a9c'" })
      .optional()
      .meta({ description: 'The external id the read-only role requires (sts:ExternalId). Give externalId, organizationId, or both.' }),
    organizationId: z.string({ message: 'must be your AWS Organizations id, like o-a1b2c3d4e5' })
      .regex(/^o-[a-z0-9]{10,32}$/, { message: 'must be an AWS Organizations id: o- and 10 to 32 lowercase letters or digits, like o-a1b2c3d4e5' })
      .optional()
      .meta({ description: 'The organisation the central account is in (aws:PrincipalOrgID). Give externalId, organizationId, or both.' }),
    pilot: z.array(TRUST_REF, { message: 'must be a list of trust references, like [RYY-test]' }).min(1, { message: 'must name at least one trust, like [RYY-test]' }).optional()
      .meta({ description: 'Trusts deployed first, in the pilot wave (with waveSize).' }),
    waveSize: z.int({ message: `must be a whole number of trusts per wave, from 1 to ${MAX_TRUSTS_PER_WAVE}, like 20` })
      .min(1, { message: `must be from 1 to ${MAX_TRUSTS_PER_WAVE}` })
      .max(MAX_TRUSTS_PER_WAVE, { message: `must be at most ${MAX_TRUSTS_PER_WAVE} (CodePipeline allows ${CODEPIPELINE_MAX_ACTIONS_PER_STAGE} actions per stage; each trust needs ${ACTIONS_PER_TRUST})` }).optional(),
    waves: z.array(WaveSchema, { message: 'must be a list of waves, each { name, trusts }' }).min(1, { message: 'must list at least one wave, like [{ name: Pilot, trusts: [RYY-test] }]' }).optional()
      .meta({ description: 'An explicit wave plan: the first wave is the pilot.' }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.externalId === undefined && cfg.organizationId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['externalId'], message: "is required unless organizationId is given: the read-only role in each trust account trusts the pipeline account only with an external id or from your organisation. Add externalId: rootstock-fleet-<random>, or organizationId: <your o- id>" });
    }
    const planned = cfg.waves !== undefined;
    if (planned && (cfg.pilot !== undefined || cfg.waveSize !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['waves'], message: 'give either waves, or pilot with waveSize, not both: remove waves, or remove pilot and waveSize' });
    }
    if (planned) return;
    if (cfg.pilot && cfg.waveSize === undefined) ctx.addIssue({ code: 'custom', path: ['waveSize'], message: `is required with pilot: must be the number of trusts in each later wave, from 1 to ${MAX_TRUSTS_PER_WAVE}, like waveSize: 20` });
    else if (!cfg.pilot && cfg.waveSize !== undefined) ctx.addIssue({ code: 'custom', path: ['pilot'], message: 'is required with waveSize: must list the trusts deployed first, like pilot: [RYY-test]' });
    else if (!cfg.pilot) ctx.addIssue({ code: 'custom', path: ['waves'], message: 'is required: give a wave plan, waves: [{ name, trusts }], or pilot: [<ODS>-<environment>, ...] with waveSize: <n>' });
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
  const config = parseFleetConfig(text, file);
  const at = positions(text, file);
  // Relative to the working directory, like the reference app's trusts/.
  const dir = path.resolve(config.trustsDir);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    const exists = fs.existsSync(dir);
    throw new ConfigError(
      `${at(['trustsDir'])}: trustsDir: ${exists ? 'is not a folder' : 'the folder does not exist'}: ${dir} (relative paths are from the current directory, ${process.cwd()}); ` +
        `got '${config.trustsDir}'${at.has(['trustsDir']) ? '' : ' (the default)'}. Set trustsDir to the folder holding the trust configs (default trusts), or run the command from the folder that contains it.`,
    );
  }
  const trusts = loadTrustDir(dir);
  const known = trusts.map((t) => `${t.config.odsCode}-${t.config.environment}`);
  const errors: string[] = [];
  // The pilot is resolved twice (to plan the rest, then as a wave): report each bad ref once.
  const resolvedAt = new Map<string, LoadedTrust | undefined>();
  const byRef = (ref: string, where: PropertyKey[]): LoadedTrust | undefined => {
    const key = `${where.map(String).join('.')}=${ref}`;
    if (resolvedAt.has(key)) return resolvedAt.get(key);
    const found = findRef(ref, where);
    resolvedAt.set(key, found);
    return found;
  };
  const findRef = (ref: string, where: PropertyKey[]): LoadedTrust | undefined => {
    const exact = trusts.filter((t) => `${t.config.odsCode}-${t.config.environment}` === ref);
    const matches = exact.length ? exact : trusts.filter((t) => t.config.odsCode === ref);
    if (matches.length === 1) return matches[0];
    const field = where.map(String).join('.');
    errors.push(matches.length === 0
      ? `${at(where)}: ${field}: trust '${ref}' is not in ${dir}; got '${ref}'. ` +
          (known.length ? `Use one of ${known.join(', ')}, or add its config to ${dir}.` : `The folder has no trust configs (${listTrustFiles(dir).length} .yaml/.yml/.json files); check trustsDir, or add the trust's config there.`)
      : `${at(where)}: ${field}: '${ref}' matches several environments (${matches.map((t) => `${t.config.odsCode}-${t.config.environment}`).join(', ')}); name one as <ODS>-<environment>.`);
    return undefined;
  };
  // Each ref keeps the path it was written at, so errors point at its line.
  let plan: Array<{ name: string; refs: Array<{ ref: string; where: PropertyKey[] }> }>;
  if (config.waves) {
    plan = config.waves.map((w, i) => ({ name: w.name, refs: w.trusts.map((ref, j) => ({ ref, where: ['waves', i, 'trusts', j] })) }));
  } else {
    const pilot = (config.pilot ?? []).map((ref, j) => ({ ref, where: ['pilot', j] as PropertyKey[] }));
    const pilotTrusts = pilot.map(({ ref, where }) => byRef(ref, where)).filter((t): t is LoadedTrust => t !== undefined);
    const rest = trusts.filter((t) => !pilotTrusts.includes(t) && t.config.account).map((t) => ({ ref: `${t.config.odsCode}-${t.config.environment}`, where: ['waveSize'] as PropertyKey[] }));
    plan = [{ name: 'Pilot', refs: pilot }];
    for (let i = 0; i < rest.length; i += config.waveSize ?? MAX_TRUSTS_PER_WAVE) plan.push({ name: `Wave-${plan.length}`, refs: rest.slice(i, i + (config.waveSize ?? MAX_TRUSTS_PER_WAVE)) });
  }
  const placed = new Map<LoadedTrust, string>();
  const waves: FleetWave[] = plan.map(({ name, refs }) => {
    const resolved: LoadedTrust[] = [];
    for (const { ref, where } of refs) {
      const t = byRef(ref, where);
      if (!t) continue;
      resolved.push(t);
      const other = placed.get(t);
      if (other) errors.push(`${at(where)}: ${where.map(String).join('.')}: ${t.config.odsCode}-${t.config.environment} is in waves ${other} and ${name}; got '${ref}'. A trust deploys in one wave: remove it from one.`);
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
  if (dup) errors.push(`${at(['waves', names.lastIndexOf(dup), 'name'])}: wave name ${dup} is used twice; wave names must be unique. Rename one.`);
  if (waves.length > MAX_WAVES) errors.push(`${file}: ${waves.length} waves; CodePipeline allows ${CODEPIPELINE_MAX_STAGES} stages, so at most ${MAX_WAVES} waves. Use bigger waves.`);
  if (errors.length) throw new ConfigError(errors.join('\n'));
  return { file, config, waves };
}

/**
 * Parses and validates fleet config text (YAML, or strict JSON for .json). `file` is used only in messages.
 *
 * @throws ConfigError with `file:line:col: field: what is allowed; got <value>.` per problem
 */
export function parseFleetConfig(text: string, file: string): FleetConfig {
  try {
    return parseYamlWithSchema(text, file, FleetConfigSchema, 'the fleet config must be a mapping of fields (pipelineAccount, connectionArn, repo, waves, ...); see fleet/fleet.example.yaml');
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    throw new ConfigError(e.message.split('\n').map((line) => fleetLine(line, file)).join('\n'));
  }
}

/** What each required fleet field holds: the shared loader's hints are for trust fields. */
const REQUIRED_HINTS: Record<string, string> = {
  pipelineAccount: 'must be the 12-digit account the pipeline runs in, quoted, like "999988887777"',
  connectionArn: 'must be a CodeConnections connection ARN, like arn:aws:codeconnections:eu-west-2:111122223333:connection/<connection id>',
  repo: 'must be owner/repository, like nhsx/rootstock-fleet',
  'waves.*.name': 'must be a wave name: letters, digits and hyphens, starting with a letter, like Wave-1',
  'waves.*.trusts': 'must be a list of trust references, like [RYY-test, RZZ-prod]',
};

/** Rewrites the shared loader's trust-centred wording for fleet files. */
function fleetLine(line: string, file: string): string {
  const required = /^(.+?): ([\w.-]+): is required \(.*\)\.$/.exec(line);
  if (required) {
    const hint = REQUIRED_HINTS[required[2].replace(/\.\d+\./g, '.*.')];
    if (hint) return `${required[1]}: ${required[2]}: is required: it ${hint}.`;
  }
  // The loader's syntax fix names the trust validator, which does not read fleet files.
  return line.replace(`run 'rootstock validate ${file}' again`, 'run the command again (see fleet/fleet.example.yaml)');
}

/** `at(path)`: `file:line:col` of a value in the fleet file (the file alone when absent); `at.has(path)`: whether it is written. */
function positions(text: string, file: string): ((p: PropertyKey[]) => string) & { has: (p: PropertyKey[]) => boolean } {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter });
  const node = (p: PropertyKey[]): YamlNode | undefined => doc.getIn(p.map((k) => (typeof k === 'symbol' ? String(k) : k)), true) as YamlNode | undefined;
  const at = (p: PropertyKey[]): string => {
    const range = node(p)?.range;
    if (!range) return file;
    const pos = lineCounter.linePos(range[0]);
    return `${file}:${pos.line}:${pos.col}`;
  };
  return Object.assign(at, { has: (p: PropertyKey[]) => node(p) !== undefined });
}
