import * as fc from 'fast-check';
import { z } from 'zod';

/**
 * fast-check arbitraries derived by walking a zod schema, so a field added to the trust schema
 * is generated with no change here: objects, optional and defaulted fields (sometimes left out),
 * unions (every branch), enums and literals (every value), numbers from their bounds or allowed
 * values, arrays, records, and strings from the schema's own `examples` and `pattern` metadata
 * and regex checks. Fields whose schema says nothing about good values (another owner's file
 * without `examples`) get them from `hints` by path; anything else gets generic strings.
 * With `junk` > 0 a leaf is sometimes replaced by a value off the schema, so the space of
 * rejected configs is covered too.
 */

/** Options of {@link arbitraryFromSchema}. */
export interface ArbitraryOptions {
  /** Probability that a leaf gets a value off the schema (empty, too long, wrong type, a secret). */
  readonly junk: number;
  /** Good values by schema path (`identity.callbackUrls[]`, `fhir.rolePolicy{}`), for fields whose schema has no examples. */
  readonly hints: Readonly<Record<string, readonly unknown[]>>;
}

/** What the walker knows of the schema's space: every optional path and every enum or literal value, by path. */
export interface SchemaSpace {
  /** Paths of optional or defaulted fields (sections a config may leave out). */
  readonly optionalPaths: Set<string>;
  /** Allowed values of every enum or literal, by path. */
  readonly enumValues: Map<string, Set<string>>;
}

type Def = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
type Meta = { examples?: unknown[]; pattern?: string; enum?: number[]; minimum?: number; maximum?: number };

const JUNK_STRINGS = ['', ' ', 'x'.repeat(300), 'http://insecure.example.nhs.uk', '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f', 'Not a valid value!'];
const GENERIC_STRINGS = ['example', 'Example NHS Trust', 'https://app.example.nhs.uk/callback', 'rootstock-1'];

/** Every optional path and enum value of `schema` (the universe the coverage report counts against). */
export function schemaSpace(schema: z.ZodType): SchemaSpace {
  const space: SchemaSpace = { optionalPaths: new Set(), enumValues: new Map() };
  const seen = new Set<unknown>();
  const visit = (s: z.ZodType, path: string) => {
    const def = defOf(s);
    const key = `${path}|${def.type}`;
    if (seen.has(s) && seen.has(key)) return;
    seen.add(s);
    seen.add(key);
    switch (def.type) {
      case 'optional':
      case 'default':
      case 'prefault':
        space.optionalPaths.add(path);
        return visit(def.innerType as z.ZodType, path);
      case 'nullable':
      case 'readonly':
        return visit(def.innerType as z.ZodType, path);
      case 'pipe':
        return visit((defOf(def.out as z.ZodType).type === 'transform' ? def.in : def.out) as z.ZodType, path);
      case 'object':
        for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) visit(v, path ? `${path}.${k}` : k);
        return;
      case 'union':
        for (const o of def.options as z.ZodType[]) visit(o, path);
        return;
      case 'array':
        return visit(def.element as z.ZodType, `${path}[]`);
      case 'record':
        return visit(def.valueType as z.ZodType, `${path}{}`);
      case 'enum':
        return addValues(space, path, Object.values(def.entries as Record<string, string>));
      case 'literal':
        return addValues(space, path, (def.values as unknown[]).map(String));
      default:
        return;
    }
  };
  visit(schema, '');
  return space;
}

function addValues(space: SchemaSpace, path: string, values: readonly string[]): void {
  const set = space.enumValues.get(path) ?? new Set<string>();
  for (const v of values) set.add(v);
  space.enumValues.set(path, set);
}

/** An arbitrary of inputs to `schema` (see the module doc). `undefined` means "leave the field out". */
export function arbitraryFromSchema(schema: z.ZodType, options: ArbitraryOptions): fc.Arbitrary<unknown> {
  return walk(schema, '', {}, options);
}

function withJunk(good: fc.Arbitrary<unknown>, options: ArbitraryOptions, junk: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  if (options.junk <= 0) return good;
  const weight = Math.max(1, Math.round(options.junk * 100));
  return fc.oneof({ arbitrary: good, weight: 100 - weight }, { arbitrary: junk, weight });
}

function walk(s: z.ZodType, path: string, meta: Meta, options: ArbitraryOptions): fc.Arbitrary<unknown> {
  const def = defOf(s);
  const m: Meta = { ...meta, ...((z.globalRegistry.get(s) as Meta | undefined) ?? {}) };
  const hint = options.hints[path];
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
      // Left out about a third of the time: the field's default, or no section at all.
      return fc.oneof({ arbitrary: fc.constant(undefined), weight: 1 }, { arbitrary: walk(def.innerType as z.ZodType, path, m, options), weight: 2 });
    case 'nullable':
    case 'readonly':
      return walk(def.innerType as z.ZodType, path, m, options);
    case 'pipe':
      return walk((defOf(def.out as z.ZodType).type === 'transform' ? def.in : def.out) as z.ZodType, path, m, options);
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const fields = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, walk(v, path ? `${path}.${k}` : k, {}, options)]));
      const record = fc.record(fields).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
      // Hinted whole values (fields that only make sense together) beside the walked ones.
      const good = hint ? fc.oneof(fc.constantFrom(...hint), record) : record;
      return withJunk(good, options, fc.constantFrom('not a mapping', [], 42));
    }
    case 'union':
      return fc.oneof(...(def.options as z.ZodType[]).map((o) => walk(o, path, m, options)));
    case 'array': {
      const checks = (def.checks as Array<{ _zod: { def: { check: string; minimum?: number; maximum?: number } } }> | undefined) ?? [];
      const min = checks.find((c) => c._zod.def.check === 'min_length')?._zod.def.minimum ?? 0;
      const max = checks.find((c) => c._zod.def.check === 'max_length')?._zod.def.maximum ?? Math.max(min, 3);
      const element = walk(def.element as z.ZodType, `${path}[]`, {}, options);
      const list = fc.array(element, { minLength: min, maxLength: Math.min(max, min + 3) });
      return withJunk(hint ? fc.oneof(fc.constantFrom(...hint), list) : list, options, fc.constantFrom([], 'not a list'));
    }
    case 'record': {
      // Keys from the hints or any identifier-like name; sometimes far more entries than a person writes, to probe size limits.
      const key = fc.oneof(fc.constantFrom(...((options.hints[`${path}{}`] ?? GENERIC_STRINGS) as string[])), fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/));
      const value = walk(def.valueType as z.ZodType, `${path}{}`, {}, options);
      return fc.oneof(
        { arbitrary: fc.dictionary(key, value, { minKeys: 1, maxKeys: 3 }), weight: 6 },
        { arbitrary: fc.dictionary(key, value, { minKeys: 30, maxKeys: 45 }), weight: 1 },
      );
    }
    case 'enum':
      return withJunk(fc.constantFrom(...Object.values(def.entries as Record<string, string>)), options, fc.constant('not-one-of-them'));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'boolean':
      return withJunk(fc.boolean(), options, fc.constant('yes'));
    case 'number':
    case 'int': {
      if (hint) return fc.constantFrom(...hint);
      if (m.enum?.length) return withJunk(fc.constantFrom(...m.enum), options, fc.constantFrom(0, 1, 179, 9999));
      const lo = m.minimum ?? 0;
      const hi = m.maximum ?? lo + 1000;
      const good = fc.oneof(fc.constant(lo), fc.constant(hi), fc.integer({ min: lo, max: hi }));
      return withJunk(good, options, fc.constantFrom(lo - 1, hi + 1, 1.5));
    }
    case 'string': {
      const candidates: fc.Arbitrary<unknown>[] = [];
      const examples = hint ?? m.examples;
      if (examples?.length) candidates.push(fc.constantFrom(...examples));
      const checks = (def.checks as Array<{ _zod: { def: { format?: string; pattern?: RegExp } } }> | undefined) ?? [];
      const regex = checks.find((c) => c._zod.def.format === 'regex')?._zod.def.pattern ?? (m.pattern ? new RegExp(m.pattern) : undefined);
      if (regex && !examples?.length) candidates.push(fc.stringMatching(regex));
      if (candidates.length === 0) candidates.push(fc.constantFrom(...GENERIC_STRINGS));
      return withJunk(fc.oneof(...candidates), options, fc.constantFrom(...JUNK_STRINGS));
    }
    default:
      return fc.constant(undefined);
  }
}
