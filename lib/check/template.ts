import * as fs from 'fs';
import * as path from 'path';
import { parseDocument, type Tags } from 'yaml';
import { UserError } from '../errors';

/** A CloudFormation template read from disk, as plain JSON. */
export interface LoadedTemplate {
  /** Where it came from (as given, or relative to the cdk.out folder). */
  readonly file: string;
  /** The template body: JSON-shaped, short-form YAML tags expanded to `Fn::` form. */
  readonly template: Record<string, unknown>;
  /**
   * Stack-level tags to apply when checking (from a cdk.out manifest), for rules that read
   * the stack's tags (e.g. `nhs:environment`).
   *
   * @default - no stack tags
   */
  readonly stackTags?: Record<string, string>;
  /**
   * The region the stack deploys to (from a cdk.out manifest's environment), for rules that
   * read the stack's region.
   *
   * @default - environment-agnostic (region unknown)
   */
  readonly region?: string;
}

// CloudFormation's YAML short forms. !Ref and !Condition map to Ref/Condition; !GetAtt takes
// 'Res.Attr' or [Res, Attr]; every other tag is `Fn::<Name>` around whatever the node holds.
const INTRINSICS = ['Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'ToJsonString', 'Length'];

function wrap(name: string, value: unknown): Record<string, unknown> {
  if (name === 'Ref' || name === 'Condition') return { [name]: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

function cfnTags(): Tags {
  const tags: Tags = [];
  for (const name of ['Ref', 'Condition', 'GetAtt', ...INTRINSICS]) {
    const tag = `!${name}`;
    tags.push({ tag, resolve: (value: string) => wrap(name, value) });
    tags.push({ tag, collection: 'seq', resolve: (seq) => wrap(name, seq.toJSON()) });
    tags.push({ tag, collection: 'map', resolve: (map) => wrap(name, map.toJSON()) });
  }
  return tags;
}

/**
 * Parses template text (JSON, or YAML with CloudFormation short tags like `!Ref` and `!GetAtt`).
 *
 * @throws UserError (exit 2) for text that is not valid YAML or JSON, or not a template
 */
export function parseTemplateText(text: string, file: string): LoadedTemplate {
  let body: unknown;
  let parsed = false;
  if (/^\s*\{/.test(text)) {
    try {
      body = JSON.parse(text);
      parsed = true;
    } catch (e) {
      // A .json file gets JSON's error; anything else may be YAML flow style, so try YAML.
      if (/\.json$/i.test(file)) throw new UserError(`${file}: not valid JSON: ${(e as Error).message}. Fix the file, or pass a YAML or JSON CloudFormation template.`);
    }
  }
  if (!parsed) {
    const doc = parseDocument(text, { customTags: cfnTags(), uniqueKeys: true, prettyErrors: true });
    const problem = doc.errors[0];
    if (problem) {
      const at = problem.linePos?.[0];
      throw new UserError(`${file}${at ? `:${at.line}:${at.col}` : ''}: not valid YAML: ${problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}. Fix the file and run again.`);
    }
    body = doc.toJSON();
  }
  return { file, template: assertTemplate(body, file) };
}

function assertTemplate(body: unknown, file: string): Record<string, unknown> {
  const notTemplate = (why: string) =>
    new UserError(`${file}: not a CloudFormation template: ${why}. Pass a template (JSON or YAML with a Resources section) or a cdk.out folder.`);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw notTemplate('the document is not a mapping');
  const resources = (body as Record<string, unknown>).Resources;
  if (typeof resources !== 'object' || resources === null || Array.isArray(resources)) throw notTemplate('it has no Resources section');
  for (const [id, res] of Object.entries(resources)) {
    if (typeof res !== 'object' || res === null || typeof (res as Record<string, unknown>).Type !== 'string') throw notTemplate(`resource '${id}' has no Type`);
  }
  return body as Record<string, unknown>;
}

/** Reads one template file. @throws UserError (exit 2) when missing, unreadable or not a template */
export function readTemplateFile(file: string): LoadedTemplate {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${file}: no such file. Pass a CloudFormation template or a cdk.out folder.` : `${file}: cannot read: ${(e as Error).message}.`);
  }
  return parseTemplateText(text, file);
}

/** Every `*.template.json` under a cdk.out folder (nested assemblies included, asset folders skipped), sorted. */
export function listCloudAssemblyTemplates(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('asset.')) walk(full);
      } else if (entry.name.endsWith('.template.json')) {
        found.push(full);
      }
    }
  };
  walk(dir);
  return found.sort();
}

type ManifestArtifact = { type?: string; environment?: string; properties?: { templateFile?: string; tags?: Record<string, string>; directoryName?: string } };

/**
 * Stack tags and region by absolute template path, from a cdk.out manifest (empty when a folder
 * has none: a plain folder of templates).
 *
 * @throws UserError (exit 2) when a manifest.json is there but unreadable or not a manifest: ignoring
 *   it would silently drop the stack tags and regions the rules read
 */
function manifestStacks(dir: string): Map<string, { tags?: Record<string, string>; region?: string }> {
  const stacks = new Map<string, { tags?: Record<string, string>; region?: string }>();
  const visit = (d: string) => {
    const file = path.join(d, 'manifest.json');
    const fix = 'Synthesise again (npm run synth, or cdk synth) to rewrite it, or check the templates one by one (rootstock check <template> with --stack-tag and --region).';
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new UserError(`${file}: cannot read the cloud assembly manifest (${(e as Error).message}). ${fix}`);
    }
    let manifest: unknown;
    try {
      manifest = JSON.parse(text);
    } catch (e) {
      throw new UserError(`${file}: not valid JSON (${(e as Error).message}). The cloud assembly manifest gives each stack its tags and region. ${fix}`);
    }
    const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
    if (!isObject(manifest) || (manifest.artifacts !== undefined && !isObject(manifest.artifacts))) {
      throw new UserError(`${file}: not a cloud assembly manifest (expected a JSON object with an artifacts object). ${fix}`);
    }
    const artifacts = (manifest.artifacts ?? {}) as Record<string, ManifestArtifact | null>;
    for (const art of Object.values(artifacts)) {
      if (!art || typeof art !== 'object') continue;
      if (art.type === 'cdk:cloud-assembly' && art.properties?.directoryName) visit(path.join(d, art.properties.directoryName));
      if (art.type === 'aws:cloudformation:stack' && art.properties?.templateFile) {
        const region = /^aws:\/\/[^/]+\/([a-z0-9-]+)$/.exec(art.environment ?? '')?.[1];
        stacks.set(path.resolve(d, art.properties.templateFile), { tags: art.properties.tags, region: region === 'unknown-region' ? undefined : region });
      }
    }
  };
  visit(dir);
  return stacks;
}

/**
 * Reads the templates at `target`: one template file, or every template in a cdk.out folder.
 *
 * @throws UserError (exit 2) for a missing path, an empty folder or a file that is not a template
 */
export function readTemplates(target: string): LoadedTemplate[] {
  if (!fs.existsSync(target)) throw new UserError(`${target}: no such file or folder. Pass a CloudFormation template (JSON or YAML) or a cdk.out folder.`);
  if (fs.statSync(target).isDirectory()) {
    const files = listCloudAssemblyTemplates(target);
    if (files.length === 0) throw new UserError(`${target}: no *.template.json files in this folder. Pass a cdk.out folder (run cdk synth first) or a template file.`);
    const stacks = manifestStacks(target);
    return files.map((f) => ({ ...readTemplateFile(f), file: path.relative(target, f), stackTags: stacks.get(path.resolve(f))?.tags, region: stacks.get(path.resolve(f))?.region }));
  }
  return [readTemplateFile(target)];
}
