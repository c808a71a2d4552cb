import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../errors';

/** One stack's template read from a synth output. */
export interface SynthStackTemplate {
  /** The key stacks are matched by: the CloudFormation stack name. */
  readonly stackName: string;
  /** The template file it came from. */
  readonly file: string;
  /** The parsed template. */
  readonly template: Record<string, unknown>;
}

interface ManifestArtifact {
  readonly type?: string;
  readonly displayName?: string;
  readonly properties?: { readonly templateFile?: string; readonly stackName?: string; readonly directoryName?: string };
}

/**
 * Reads every stack template in a synth output: a `cdk.out` folder (through its manifest.json,
 * following nested assemblies of CDK Stages), a folder of `*.template.json` files, or one template file.
 *
 * @throws UserError (exit 2) when the input is missing or unreadable.
 */
export function readStackTemplates(input: string, role: string): SynthStackTemplate[] {
  if (!fs.existsSync(input)) {
    throw new UserError(`${role} ${input}: no such file or folder. Give a cdk.out folder (from 'npx cdk synth'), a folder of *.template.json files, or one template file.`);
  }
  if (fs.statSync(input).isFile()) {
    return [{ stackName: path.basename(input).replace(/\.template\.json$|\.json$/, ''), file: input, template: readTemplate(input, role) }];
  }
  const stacks = fs.existsSync(path.join(input, 'manifest.json')) ? fromManifest(input, role, new Set()) : fromTemplateFiles(input, role);
  if (stacks.length === 0) {
    throw new UserError(`${role} ${input}: no stack templates found (no manifest.json stacks and no *.template.json files). Synthesise first ('npx cdk synth -o ${input}').`);
  }
  const seen = new Map<string, string>();
  for (const s of stacks) {
    const other = seen.get(s.stackName);
    if (other) throw new UserError(`${role} ${input}: two templates declare stack ${s.stackName} (${other} and ${s.file}); stack names must be unique to compare stack by stack.`);
    seen.set(s.stackName, s.file);
  }
  return stacks.sort((a, b) => a.stackName.localeCompare(b.stackName));
}

function fromManifest(dir: string, role: string, visited: Set<string>): SynthStackTemplate[] {
  const real = fs.realpathSync(dir);
  if (visited.has(real)) return [];
  visited.add(real);
  const manifest = readJson(path.join(dir, 'manifest.json'), role) as { artifacts?: Record<string, ManifestArtifact> };
  const stacks: SynthStackTemplate[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile) {
      const file = path.join(dir, artifact.properties.templateFile);
      stacks.push({ stackName: artifact.properties.stackName ?? id, file, template: readTemplate(file, role) });
    } else if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      // A CDK Stage: its stacks live in a nested assembly.
      stacks.push(...fromManifest(path.join(dir, artifact.properties.directoryName), role, visited));
    }
  }
  return stacks;
}

function fromTemplateFiles(dir: string, role: string): SynthStackTemplate[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.template.json'))
    .map((f) => ({ stackName: f.replace(/\.template\.json$/, ''), file: path.join(dir, f), template: readTemplate(path.join(dir, f), role) }));
}

/** The top-level sections CloudFormation accepts in a template. */
const TEMPLATE_SECTIONS = new Set(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform', 'Outputs', 'Resources']);

/**
 * Reads a stack template and rejects JSON that is not one, so a stray file (a manifest, a config,
 * `{"foo":1}`) is an input error rather than an empty stack reported as deleted.
 */
function readTemplate(file: string, role: string): Record<string, unknown> {
  const template = readJson(file, role);
  const resources = template.Resources;
  const hasResources = resources !== null && typeof resources === 'object' && !Array.isArray(resources);
  const keys = Object.keys(template);
  // A CDK stack with no resources synthesises only Parameters and Rules (the bootstrap version check): still a template.
  const onlyTemplateSections = keys.length > 0 && keys.every((k) => TEMPLATE_SECTIONS.has(k));
  if (!hasResources && !(resources === undefined && onlyTemplateSections)) {
    const unknown = keys.filter((k) => !TEMPLATE_SECTIONS.has(k));
    throw new UserError(
      `${role}: ${file} is not a CloudFormation template (no Resources section` +
        (resources !== undefined ? `: Resources must be an object of resources, got ${JSON.stringify(resources)}` : '') +
        (unknown.length ? `; top-level keys ${unknown.slice(0, 5).join(', ')} are not template sections` : '') +
        `). Give a cdk.out folder (from 'npx cdk synth'), a folder of *.template.json files, or one *.template.json file.`,
    );
  }
  return template;
}

function readJson(file: string, role: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`${role}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}. Synthesise again.`);
  }
  try {
    const data = JSON.parse(text) as unknown;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new Error('not a JSON object');
    return data as Record<string, unknown>;
  } catch (e) {
    throw new UserError(`${role}: ${file} is not valid JSON (${(e as Error).message}). Synthesise again rather than editing templates by hand.`);
  }
}
