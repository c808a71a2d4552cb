import { FOR_EACH_PREFIX } from '../assembly';

/** A `Fn::ForEach` loop that could not be expanded here, and why. */
export interface UnexpandedLoop {
  /** Where the loop stands: `Resources/Fn::ForEach::Topics`. */
  readonly at: string;
  readonly why: string;
}

/** A template with its `Fn::ForEach` loops expanded, and the loops that could not be. */
export interface ExpandedTemplate {
  readonly template: Record<string, unknown>;
  readonly unexpanded: readonly UnexpandedLoop[];
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Replaces the loop identifier in a key: `${Id}` with the value, `&{Id}` with its alphanumerics. */
function substituteKey(key: string, id: string, value: string): string {
  return key.split(`\${${id}}`).join(value).split(`&{${id}}`).join(value.replace(/[^A-Za-z0-9]/g, ''));
}

/** Replaces the identifier in a fragment: `{Ref: Id}`, `${Id}` inside Fn::Sub strings, and keys. */
function substitute(node: Json, id: string, value: string): Json {
  if (Array.isArray(node)) return node.map((n) => substitute(n, id, value));
  if (!isObject(node)) return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && keys[0] === 'Ref' && node.Ref === id) return value;
  if (keys.length === 1 && keys[0] === 'Fn::Sub') {
    const sub = node['Fn::Sub'];
    const text = (s: Json) => (typeof s === 'string' ? s.split(`\${${id}}`).join(value) : substitute(s, id, value));
    return { 'Fn::Sub': Array.isArray(sub) ? [text(sub[0]), substitute(sub[1], id, value)] : text(sub) };
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [substituteKey(k, id, value), substitute(v, id, value)]));
}

/** The values a loop iterates over: a literal list, or a list parameter's default (deterministic). */
function collectionOf(collection: Json, parameters: Record<string, Json>): string[] | string {
  if (Array.isArray(collection)) {
    return collection.every((v) => typeof v === 'string' || typeof v === 'number') ? collection.map(String) : 'its collection holds values that are not plain strings';
  }
  if (isObject(collection) && typeof collection.Ref === 'string') {
    const p = parameters[collection.Ref];
    if (!isObject(p)) return `its collection is Ref ${collection.Ref}, which is not a parameter of the template`;
    if (typeof p.Default !== 'string' && !Array.isArray(p.Default)) return `its collection is parameter ${collection.Ref}, which has no Default: the values are given at deploy time`;
    return Array.isArray(p.Default) ? p.Default.map(String) : p.Default.split(',').map((s) => s.trim());
  }
  return `its collection (${JSON.stringify(collection).slice(0, 60)}) is not a literal list or a list parameter`;
}

function expandNode(node: Json, at: string, parameters: Record<string, Json>, unexpanded: UnexpandedLoop[]): Json {
  if (Array.isArray(node)) return node.map((n, i) => expandNode(n, `${at}/${i}`, parameters, unexpanded));
  if (!isObject(node)) return node;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!key.startsWith(FOR_EACH_PREFIX)) {
      out[key] = expandNode(value, `${at}/${key}`, parameters, unexpanded);
      continue;
    }
    const where = `${at}/${key}`;
    if (!Array.isArray(value) || value.length !== 3 || typeof value[0] !== 'string' || !isObject(value[2])) {
      unexpanded.push({ at: where, why: 'it is not [Identifier, Collection, {OutputKey: OutputValue}]' });
      continue;
    }
    const [id, collection, fragment] = value as [string, Json, Record<string, Json>];
    const values = collectionOf(collection, parameters);
    if (typeof values === 'string') {
      unexpanded.push({ at: where, why: values });
      continue;
    }
    for (const v of values) {
      // Expand loops nested in the fragment first (their identifiers differ), then this one.
      const inner = expandNode(substitute(fragment, id, v), where, parameters, unexpanded) as Record<string, Json>;
      for (const [k, x] of Object.entries(inner)) out[k] = x;
    }
  }
  return out;
}

/**
 * Expands every `Fn::ForEach::<name>` loop of an `AWS::LanguageExtensions` template, as
 * CloudFormation would: each value of the collection gives a copy of the fragment with the
 * identifier replaced in keys (`${Id}`, `&{Id}`), in `{Ref: Id}` and in `Fn::Sub` strings.
 * Collections must be literal lists, or list parameters with a Default (expanded with it); other
 * loops are left out and returned as unexpanded, so their resources are reported as not checked.
 */
export function expandForEach(template: Record<string, unknown>): ExpandedTemplate {
  const unexpanded: UnexpandedLoop[] = [];
  const parameters = isObject(template.Parameters) ? template.Parameters : {};
  const expanded = expandNode(template, '', parameters, unexpanded) as Record<string, unknown>;
  return { template: expanded, unexpanded: unexpanded.map((u) => ({ ...u, at: u.at.replace(/^\//, '') })) };
}
