import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../errors';
import { isJsonObject, readJsonObject } from './files';
import { StackMetadata } from './metadata';
import { packRunsForTemplate, readPackRunsIn, type PackRunFile, type StackPackRun, type StalePackRun } from './pack-runs';
import { STACK_TAG_KEYS } from './tags';
import { templateProblem, type CfnTemplate } from './template';
import { readValidationReport, VALIDATION_REPORT_FILE, type ValidationReport } from './validation-report';

/** The manifest file that makes a folder a cloud assembly. */
export const MANIFEST_FILE = 'manifest.json';

/** What the Rootstock stamp on a stack says (tags, else the template's `Metadata.Rootstock`). */
export interface RootstockStamp {
  readonly version?: string;
  readonly odsCode?: string;
  readonly environment?: string;
}

/** One stack the manifest names, with its template, tags, region, metadata and recorded pack runs. */
export interface AssemblyStack {
  /** The artifact id in its manifest. */
  readonly artifactId: string;
  /** The CloudFormation stack name (what deploys). */
  readonly stackName: string;
  /** The construct path of the stack: `Rootstock-RXX-prod`, or `Stage/Stack` inside a CDK Stage. */
  readonly displayName: string;
  /** The template file, absolute. */
  readonly templateFile: string;
  /** The template file relative to the cloud assembly root, posix. */
  readonly templatePath: string;
  /** The region of the stack's environment; undefined when environment-agnostic. */
  readonly region?: string;
  /** The account of the stack's environment; undefined when environment-agnostic. */
  readonly account?: string;
  /** Stack-level tags from the manifest. */
  readonly tags: Readonly<Record<string, string>>;
  readonly template: CfnTemplate;
  readonly metadata: StackMetadata;
  /** The Rootstock version, ODS code and environment stamped on the stack, where stamped. */
  readonly rootstock: RootstockStamp;
  /** The validation plugins whose run over this template is recorded (rootstock-pack-runs/). */
  readonly packRuns: readonly StackPackRun[];
  /** Records that name this template but predate it (a later synth ran without that plugin). */
  readonly stalePackRuns: readonly StalePackRun[];
}

/** A cloud assembly (`cdk.out`) as the tools read it: only what its manifest names. */
export interface CloudAssembly {
  /** The folder as given. */
  readonly dir: string;
  /** The cloud assembly schema version. */
  readonly version?: string;
  /** Every stack the manifest (and nested Stage manifests) names, in manifest order. */
  readonly stacks: readonly AssemblyStack[];
  /**
   * `*.template.json` files in the assembly's folders that no manifest names (posix, relative to
   * `dir`): left by an earlier synth, e.g. of trusts a later `-c trust=...` did not select. Never read.
   */
  readonly unlistedTemplates: readonly string[];
  /** validation-report.json, when the synth wrote one. */
  readonly validationReport?: ValidationReport;
  /** Every pack-run record in the assembly's folders. */
  readonly packRunFiles: readonly PackRunFile[];
}

/** Whether `dir` is a folder with a cloud assembly manifest. */
export function isCloudAssembly(dir: string): boolean {
  return fs.existsSync(path.join(dir, MANIFEST_FILE)) && fs.statSync(dir).isDirectory();
}

const REGION = /^aws:\/\/([^/]+)\/([a-z0-9-]+)$/;

interface Listed {
  artifactId: string;
  art: Record<string, unknown>;
  dir: string;
}

/** Reads manifests from `dir` down through nested Stage assemblies: the stacks and the folders. */
function listStacks(dir: string, role: string | undefined, walk: { dirs: string[]; visited: Set<string>; version?: string }): Listed[] {
  const real = fs.realpathSync(dir);
  if (walk.visited.has(real)) return [];
  walk.visited.add(real);
  walk.dirs.push(dir);
  const file = path.join(dir, MANIFEST_FILE);
  const fix = 'Synthesise again (npm run synth, or cdk synth) to rewrite it.';
  const manifest = readJsonObject(file, 'a cloud assembly manifest', { fix, role });
  if (manifest.artifacts !== undefined && !isJsonObject(manifest.artifacts)) {
    throw new UserError(`${role ? `${role} ` : ''}${file}: not a cloud assembly manifest (its artifacts is not an object). ${fix}`);
  }
  if (walk.dirs.length === 1 && typeof manifest.version === 'string') walk.version = manifest.version;
  const out: Listed[] = [];
  for (const [artifactId, art] of Object.entries((manifest.artifacts ?? {}) as Record<string, unknown>)) {
    if (!isJsonObject(art)) continue;
    const props = isJsonObject(art.properties) ? art.properties : {};
    if (art.type === 'cdk:cloud-assembly' && typeof props.directoryName === 'string') out.push(...listStacks(path.join(dir, props.directoryName), role, walk));
    if (art.type === 'aws:cloudformation:stack') out.push({ artifactId, art, dir });
  }
  return out;
}

function stringMap(v: unknown): Record<string, string> {
  return isJsonObject(v) ? (Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string')) as Record<string, string>) : {};
}

function readStack(l: Listed, root: string, role: string | undefined, packRunFiles: readonly PackRunFile[]): AssemblyStack {
  const props = isJsonObject(l.art.properties) ? l.art.properties : {};
  const templateFile = path.resolve(l.dir, typeof props.templateFile === 'string' ? props.templateFile : `${l.artifactId}.template.json`);
  const fix = 'The cloud assembly is incomplete or damaged: synthesise again (npm run synth).';
  const template = readJsonObject(templateFile, 'a CloudFormation template', { fix, role });
  const problem = templateProblem(template);
  if (problem) throw new UserError(`${role ? `${role} ` : ''}${templateFile}: not a CloudFormation template: ${problem}. ${fix}`);
  const metadata: Record<string, unknown> = { ...(isJsonObject(l.art.metadata) ? l.art.metadata : {}) };
  if (typeof l.art.additionalMetadataFile === 'string') Object.assign(metadata, readJsonObject(path.join(l.dir, l.art.additionalMetadataFile), 'a stack metadata file', { fix, role }));
  const env = REGION.exec(typeof l.art.environment === 'string' ? l.art.environment : '');
  const tags = stringMap(props.tags);
  const stamp = isJsonObject(template.Metadata) && isJsonObject(template.Metadata.Rootstock) ? stringMap(template.Metadata.Rootstock) : {};
  const { runs, stale } = packRunsForTemplate(packRunFiles, templateFile);
  return {
    artifactId: l.artifactId,
    stackName: typeof props.stackName === 'string' ? props.stackName : l.artifactId,
    displayName: typeof l.art.displayName === 'string' ? l.art.displayName : l.artifactId,
    templateFile,
    templatePath: path.relative(root, templateFile).split(path.sep).join('/'),
    region: env && env[2] !== 'unknown-region' ? env[2] : undefined,
    account: env && env[1] !== 'unknown-account' ? env[1] : undefined,
    tags,
    template: template as CfnTemplate,
    metadata: new StackMetadata(metadata),
    rootstock: {
      version: tags[STACK_TAG_KEYS.version] ?? stamp.version,
      odsCode: tags[STACK_TAG_KEYS.odsCode] ?? stamp.odsCode,
      environment: tags[STACK_TAG_KEYS.environment] ?? stamp.environment,
    },
    packRuns: runs,
    stalePackRuns: stale,
  };
}

/**
 * Reads a cloud assembly: the stacks its manifest names (following nested Stage assemblies), each
 * with its template, tags, region, construct metadata and recorded pack runs; the validation
 * report; and which template files on disk no manifest names. Nothing the manifest does not name
 * is read, so templates left by an earlier, wider synth never count.
 *
 * @param options.role words that start every error message ('baseline', 'candidate')
 * @throws UserError (exit 2) when the manifest, a named template, a metadata file, the validation
 *   report or a pack-run record is missing or invalid
 */
export function readCloudAssembly(dir: string, options: { readonly role?: string } = {}): CloudAssembly {
  const role = options.role;
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new UserError(`${role ? `${role} ` : ''}${dir}: no such folder. Pass the cdk.out folder that cdk synth (npm run synth) wrote.`);
  }
  if (!fs.existsSync(path.join(dir, MANIFEST_FILE))) {
    throw new UserError(`${role ? `${role} ` : ''}${path.join(dir, MANIFEST_FILE)}: no such file, so ${dir} is not a cloud assembly. Pass the cdk.out folder that cdk synth (npm run synth) wrote.`);
  }
  const walk: { dirs: string[]; visited: Set<string>; version?: string } = { dirs: [], visited: new Set() };
  const listed = listStacks(dir, role, walk);
  const dirs = walk.dirs;
  const packRunFiles = dirs.flatMap((d) => readPackRunsIn(d));
  const stacks = listed.map((l) => readStack(l, dir, role, packRunFiles));
  const named = new Set(stacks.map((s) => s.templateFile));
  const unlistedTemplates = dirs
    .flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.template.json')).map((f) => path.resolve(d, f)))
    .filter((f) => !named.has(f))
    .map((f) => path.relative(dir, f).split(path.sep).join('/'))
    .sort();
  const reportFile = path.join(dir, VALIDATION_REPORT_FILE);
  return {
    dir,
    version: walk.version,
    stacks,
    unlistedTemplates,
    validationReport: fs.existsSync(reportFile) ? readValidationReport(reportFile) : undefined,
    packRunFiles,
  };
}

/** The stack a construct path belongs to (by its recorded metadata, else by its path prefix). */
export function stackOfConstructPath(assembly: Pick<CloudAssembly, 'stacks'>, constructPath: string): AssemblyStack | undefined {
  const p = constructPath.replace(/^\/+/, '');
  return assembly.stacks.find((s) => s.metadata.has(p)) ?? assembly.stacks.find((s) => p === s.displayName || p.startsWith(`${s.displayName}/`));
}
