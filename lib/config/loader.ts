import * as fs from 'fs';
import * as path from 'path';
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode, type Document } from 'yaml';
import type { z } from 'zod';
import { describeSecret, secretKind } from '../../constructs/logging/siem/secret-values';
import { UserError } from '../errors';
import { TrustConfigSchema, type TrustConfig } from './schema';

/** A trust configuration read from a file and validated. */
export interface LoadedTrust {
  /** The file the config came from. */
  readonly file: string;
  /** The validated config, defaults applied. */
  readonly config: TrustConfig;
}

/** A config file that failed to parse or validate. The message names file, line, field, value and fix. */
export class ConfigError extends UserError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UserError';
  }
}

/** File extensions read as trust configs. */
export const CONFIG_EXTENSIONS = ['.yaml', '.yml', '.json'];

/**
 * Reads and validates one trust config file (YAML or JSON).
 *
 * @throws ConfigError naming the file, line, field, value received and what is allowed.
 */
export function loadTrustFile(file: string): LoadedTrust {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder, not a file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new ConfigError(`${file}: cannot read the trust config: ${why}. Check the path (trust configs live in trusts/, e.g. trusts/example.yaml).`);
  }
  return { file, config: parseTrustConfig(text, file) };
}

/**
 * Parses and validates trust config text. `file` is used only in messages.
 *
 * @throws ConfigError
 */
export function parseTrustConfig(text: string, file: string): TrustConfig {
  return parseYamlWithSchema(text, file, TrustConfigSchema, 'the trust config must be a mapping of fields (odsCode, name, environment, ...)');
}

/**
 * Parses YAML (or JSON) text and validates it against a zod object schema, with the same
 * positioned messages as trust configs: `file:line:col: field: what is allowed; got <value>.`,
 * unknown keys with "did you mean" and the allowed keys. `file` is used only in messages.
 *
 * @throws ConfigError
 */
export function parseYamlWithSchema<S extends z.ZodType>(text: string, file: string, schema: S, notAMapping = 'the file must be a mapping of fields'): z.output<S> {
  if (file.endsWith('.json')) checkStrictJson(text, file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((err) => {
      const pos = err.linePos?.[0];
      const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
      return `${where}: malformed ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${err.message.split('\n')[0].replace(/:$/, '')}`;
    });
    throw new ConfigError(`${lines.join('\n')}\nFix the syntax (indentation, quotes, colons) and run 'rootstock validate ${file}' again.`);
  }
  const data = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(`${file}:1:1: ${notAMapping}, got ${describe(data)}.`);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new ConfigError(formatIssues(result.error.issues, file, doc, lineCounter, data, schema));
  }
  return result.data;
}

/** JSON files must be strict JSON (no trailing commas, comments or single quotes), which YAML would accept. */
function checkStrictJson(text: string, file: string): void {
  try {
    JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const pos = /position (\d+)/.exec(message);
    let where = file;
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      where = `${file}:${line}:${before.length - before.lastIndexOf('\n')}`;
    }
    throw new ConfigError(`${where}: malformed JSON: ${message.replace(/^JSON\.parse: /, '')}. Remove trailing commas and comments (JSON allows neither), or use YAML (.yaml).`);
  }
}

/**
 * Validates trust props given in code (the `TrustStack` path): same schema, messages without a file.
 *
 * @throws ConfigError
 */
export function resolveTrustConfig(props: unknown, where = 'TrustStackProps'): TrustConfig {
  const result = TrustConfigSchema.safeParse(props);
  if (!result.success) throw new ConfigError(formatIssues(result.error.issues, where, undefined, undefined, props, TrustConfigSchema));
  return result.data;
}

/** Every trust config file in `dir`, sorted by name. */
export function listTrustFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => CONFIG_EXTENSIONS.includes(path.extname(f)))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * Loads every trust config in `dir`. All files are checked before any error is thrown,
 * so one run reports every bad file; two configs with the same ODS code and environment are an error.
 */
export function loadTrustDir(dir: string): LoadedTrust[] {
  const loaded: LoadedTrust[] = [];
  const errors: string[] = [];
  for (const file of listTrustFiles(dir)) {
    try {
      loaded.push(loadTrustFile(file));
    } catch (e) {
      if (e instanceof ConfigError) errors.push(e.message);
      else throw e;
    }
  }
  const seen = new Map<string, string>();
  for (const t of loaded) {
    const key = `${t.config.odsCode}-${t.config.environment}`;
    const other = seen.get(key);
    if (other) errors.push(`${t.file}: odsCode ${t.config.odsCode} with environment ${t.config.environment} is also defined in ${other}; each trust environment must have one config file.`);
    seen.set(key, t.file);
  }
  if (errors.length > 0) throw new ConfigError(errors.join('\n'));
  return loaded;
}

type Issue = z.core.$ZodIssue;

function formatIssues(issues: Issue[], file: string, doc: Document | undefined, lc: LineCounter | undefined, data: unknown, schema: z.ZodType): string {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const p = [...issue.path, key];
        const allowed = allowedKeys(schema, issue.path);
        const suggestion = closest(key, allowed);
        lines.push(
          `${locate(file, doc, lc, p, true)}: ${fieldName(p)}: unknown key. ` +
            (suggestion ? `Did you mean '${suggestion}'? ` : '') +
            (allowed.length ? `Allowed here: ${allowed.join(', ')}.` : 'Remove it.'),
        );
      }
      continue;
    }
    const p = issue.path as PropertyKey[];
    const value = getPath(data, p);
    const where = locate(file, doc, lc, p, false);
    if (value === undefined && issue.code === 'invalid_type') {
      lines.push(`${where}: ${fieldName(p)}: is required (${describeExpected(p, issue)}).`);
      continue;
    }
    let message = issue.message;
    if (issue.code === 'invalid_value' && 'values' in issue) message = `must be one of ${issue.values.map(String).join(', ')}`;
    else if (issue.code === 'invalid_type' && /^Invalid input/.test(issue.message)) message = `must be ${article(issue.expected)}`;
    // Problem functions name the value themselves ("..., got 'x'"); others get it appended.
    const named = /\bgot\b/.test(message);
    // A secret found in a config is never printed (output lands in CI logs), whoever wrote the message.
    if (typeof value === 'string' && secretKind(value) && value.length > 0) message = message.split(value).join(describeSecret(value));
    lines.push(`${where}: ${fieldName(p)}: ${message.replace(/\.$/, '')}${named ? '' : `; got ${describe(value)}`}.`);
  }
  // A field's own check and the construct's problem function can report the same thing once each.
  return [...new Set(lines)].join('\n');
}

function describeExpected(p: PropertyKey[], issue: Issue): string {
  const key = String(p[p.length - 1]);
  const hints: Record<string, string> = {
    odsCode: 'the trust ODS code, like RH8',
    name: 'the trust name, like Example NHS Foundation Trust',
    environment: 'one of dev, test, prod',
  };
  return hints[key] ?? `expected ${'expected' in issue ? String(issue.expected) : 'a value'}`;
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function fieldName(p: PropertyKey[]): string {
  return p.length ? p.map(String).join('.') : '(top level)';
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return secretKind(v) ? describeSecret(v) : `'${v}'`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
  if (Array.isArray(v)) return 'a list';
  return 'a mapping';
}

function getPath(data: unknown, p: PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const k of p) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

/** `file:line:col` for a path: the value's node, its key for unknown keys, or the nearest existing parent. */
function locate(file: string, doc: Document | undefined, lc: LineCounter | undefined, p: PropertyKey[], atKey: boolean): string {
  if (!doc || !lc) return file;
  for (let n = p.length; n >= 0; n--) {
    const sub = p.slice(0, n).map((k) => (typeof k === 'symbol' ? String(k) : k));
    let node: YamlNode | undefined;
    if (n === p.length && n > 0 && atKey) {
      const parent = n === 1 ? doc.contents : doc.getIn(sub.slice(0, -1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((it) => isScalar(it.key) && it.key.value === sub[sub.length - 1]);
        node = (pair?.key as YamlNode | undefined) ?? undefined;
      }
    } else {
      node = (n === 0 ? doc.contents : doc.getIn(sub, true)) as YamlNode | undefined;
    }
    if (node && node.range) {
      const pos = lc.linePos(node.range[0]);
      return `${file}:${pos.line}:${pos.col}`;
    }
  }
  return file;
}

function allowedKeys(root: z.ZodType, p: PropertyKey[]): string[] {
  // Walk the schema's shape along the path, unwrapping defaults and optionals.
  let schema: unknown = root;
  const unwrap = (s: unknown): unknown => {
    let cur = s as { def?: { type?: string; innerType?: unknown; in?: unknown } };
    for (let i = 0; i < 10 && cur?.def && ['default', 'optional', 'pipe', 'nullable', 'prefault'].includes(cur.def.type ?? ''); i++) {
      cur = (cur.def.innerType ?? cur.def.in) as typeof cur;
    }
    return cur;
  };
  for (const k of p) {
    const s = unwrap(schema) as { shape?: Record<string, unknown>; def?: { type?: string; element?: unknown } };
    // A list index steps into the list's element schema (e.g. waves.1 of a fleet file).
    schema = s?.def?.type === 'array' && typeof k === 'number' ? s.def.element : s?.shape?.[String(k)];
  }
  const s = unwrap(schema) as { shape?: Record<string, unknown> };
  return s?.shape ? Object.keys(s.shape) : [];
}

function closest(word: string, options: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const o of options) {
    const d = levenshtein(word.toLowerCase(), o.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = o;
    }
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}
