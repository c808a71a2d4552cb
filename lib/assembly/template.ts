import { parseDocument, type Tags } from 'yaml';
import { UserError } from '../errors';
import { isJsonObject, readTextFile } from './files';

/** One resource of a CloudFormation template, as far as the tools read it. */
export interface CfnTemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Condition?: string;
  readonly [key: string]: unknown;
}

/** A CloudFormation template as JSON: sections by name. */
export interface CfnTemplate {
  readonly Resources?: Record<string, CfnTemplateResource>;
  readonly Metadata?: Record<string, unknown>;
  readonly Parameters?: Record<string, unknown>;
  readonly Transform?: unknown;
  readonly [section: string]: unknown;
}

/** The top-level sections CloudFormation accepts in a template. */
export const TEMPLATE_SECTIONS: ReadonlySet<string> = new Set([
  'AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform', 'Outputs', 'Resources',
]);

/** The key prefix of a `Fn::ForEach` loop in a section (AWS::LanguageExtensions). */
export const FOR_EACH_PREFIX = 'Fn::ForEach::';

/**
 * Why `body` is not a CloudFormation template, or undefined when it is one.
 *
 * A template is a mapping of template sections. `Resources`, when present, maps logical ids to
 * objects with a string `Type` (or holds `Fn::ForEach::<name>` loops). A template with no
 * `Resources` is accepted only when every key is a template section: a CDK stack with no
 * resources synthesises just Parameters and Rules.
 */
export function templateProblem(body: unknown): string | undefined {
  if (!isJsonObject(body)) return 'the document is not a mapping';
  const keys = Object.keys(body);
  const unknown = keys.filter((k) => !TEMPLATE_SECTIONS.has(k));
  const resources = body.Resources;
  if (resources === undefined) {
    if (keys.length === 0) return 'it is empty';
    if (unknown.length > 0) return `it has no Resources section, and ${unknown.slice(0, 5).join(', ')} ${unknown.length === 1 ? 'is not a template section' : 'are not template sections'}`;
    return undefined;
  }
  if (!isJsonObject(resources)) return `Resources must be a mapping of resources, got ${JSON.stringify(resources)?.slice(0, 60)}`;
  for (const [id, res] of Object.entries(resources)) {
    if (id.startsWith(FOR_EACH_PREFIX)) continue;
    if (!isJsonObject(res) || typeof res.Type !== 'string') return `resource '${id}' has no Type`;
  }
  return undefined;
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
 * Parses template text: JSON, or YAML with CloudFormation short tags (`!Ref`, `!GetAtt`, `!Sub`, ...)
 * expanded to the long `Fn::` form.
 *
 * @param file where the text came from, for messages
 * @throws UserError (exit 2) for text that is not valid YAML or JSON, or not a template
 */
export function parseTemplateText(text: string, file: string): CfnTemplate {
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
    // A tag CloudFormation does not know (`!Rain::Module`, a templating tool's) would otherwise load as a plain string.
    const unknownTag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
    if (unknownTag) {
      const at = unknownTag.linePos?.[0];
      const tag = /Unresolved tag: (\S+)/.exec(unknownTag.message)?.[1] ?? 'an unknown tag';
      throw new UserError(`${file}${at ? `:${at.line}:${at.col}` : ''}: uses the YAML tag ${tag}, which is not CloudFormation (a source template of another tool, such as rain). Build the template it stands for first (for rain: rain pkg), and check that.`);
    }
    body = doc.toJSON();
  }
  const problem = templateProblem(body);
  if (problem) throw new UserError(`${file}: not a CloudFormation template: ${problem}. Pass a template (JSON or YAML with a Resources section), a cdk.out folder, or a folder of them.`);
  return body as CfnTemplate;
}

/** Reads one template file (JSON or YAML). @throws UserError (exit 2) when missing, unreadable or not a template */
export function readTemplateFile(file: string): CfnTemplate {
  return parseTemplateText(readTextFile(file, { fix: 'Pass a CloudFormation template (JSON or YAML), a cdk.out folder, or a folder of them.' }), file);
}
