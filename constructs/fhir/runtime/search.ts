import { isResourceType, patientElements, patientLinks, patientPinParameters, searchParameter, type SearchParameterDefinition } from './fhir-definitions';
import { NHS_NUMBER_SYSTEM, nhsNumberProblem, normaliseNhsNumber } from './nhs-number';
import { isFhirId, PatientSet, type PatientRef } from './patients';
import { Refused } from './refusal';

/**
 * FHIR R4 search, understood before anything is forwarded: every parameter is checked against
 * the R4 SearchParameter definitions of the resource type; every resource type a parameter
 * reaches (`_include`, `_revinclude`, chains, `_has`) is listed so the role policy can be applied
 * to each; the patients the criteria name are collected. Anything not understood is refused.
 */

/** What a search will do, once understood. */
export interface SearchPlan {
  /** Every resource type the search can return or reveal: the searched type first. */
  readonly reached: readonly string[];
  /** The parameters to forward (as received, `_elements` widened to keep results attributable to patients). */
  readonly forward: ReadonlyArray<[string, string]>;
  /** The patients the criteria name. */
  readonly patients: readonly PatientRef[];
  /** Whether the criteria pin the type's patient link to `patients` (else it may reach any patient). */
  readonly bounded: boolean;
  /** Whether this continues an earlier search by HealthLake's paging cursor (criteria not visible). */
  readonly paged: boolean;
}

/** Limits on what a search may ask: beyond them the request is refused (oversized queries). */
export const SEARCH_LIMITS = { parameters: 40, valueLength: 2048, orValues: 50, chainDepth: 3, hasDepth: 3, count: 100 } as const;

/** The parameter carrying HealthLake's paging cursor in the `next` links it returns. */
export const PAGE_PARAMETER = 'page';

const MODIFIERS: Record<string, readonly string[]> = {
  string: ['exact', 'contains', 'missing'],
  token: ['text', 'not', 'above', 'below', 'in', 'not-in', 'of-type', 'missing'],
  reference: ['identifier', 'missing'],
  date: ['missing'],
  number: ['missing'],
  quantity: ['missing'],
  uri: ['above', 'below', 'missing'],
  composite: [],
  special: [],
};

/** Parameters the gateway refuses by name, with why (each reaches beyond what the role policy can judge). */
const REFUSED: Record<string, string> = {
  _type: 'system-wide search across types is not supported: search one resource type',
  _contained: 'searching contained resources is not supported',
  _containedType: 'searching contained resources is not supported',
  _list: 'searching by List membership reaches resources the role policy cannot judge',
  _query: 'named queries are not supported',
  _filter: 'the _filter language is not supported',
  _text: 'full-text search is not supported by this gateway',
  _content: 'full-text search is not supported by this gateway',
  _format: 'only FHIR JSON is served: leave out _format',
  _pretty: 'leave out _pretty',
};

/** Splits an OR-list on commas not escaped as `\,`. */
export function orValues(value: string): string[] {
  return value.split(/(?<!\\),/);
}

const refuse = (reason: string, status = 400): never => {
  throw new Refused({ status, code: status === 403 ? 'forbidden' : 'invalid', reason });
};

/** Plans a search of `resourceType` with `pairs` (query or form parameters). @throws Refused */
export function planSearch(resourceType: string, pairs: ReadonlyArray<readonly [string, string]>): SearchPlan {
  if (pairs.length > SEARCH_LIMITS.parameters) refuse(`the search has ${pairs.length} parameters, more than the ${SEARCH_LIMITS.parameters} this gateway accepts`);
  const reached = new Set<string>([resourceType]);
  const patients = new PatientSet();
  let bounded = false;
  let paged = false;
  const forward: Array<[string, string]> = [];
  for (const [name, value] of pairs) {
    if (value.length > SEARCH_LIMITS.valueLength) refuse(`the value of ${name} is ${value.length} characters, more than the ${SEARCH_LIMITS.valueLength} this gateway accepts`);
    if (orValues(value).length > SEARCH_LIMITS.orValues) refuse(`${name} lists more than ${SEARCH_LIMITS.orValues} values`);
    if (name === PAGE_PARAMETER) {
      if (!/^[A-Za-z0-9_\-.~+/=%]{1,2048}$/.test(value)) refuse(`${PAGE_PARAMETER} must be the cursor from a next link HealthLake returned`);
      paged = true;
      forward.push([name, value]);
      continue;
    }
    const control = controlParameter(resourceType, name, value, reached);
    if (control) {
      forward.push(control);
      continue;
    }
    const pin = criterion(resourceType, name, value, reached, patients, 0);
    bounded ||= pin;
    forward.push([name, value]);
  }
  if (paged && forward.some(([n]) => n !== PAGE_PARAMETER && n !== '_count')) refuse(`${PAGE_PARAMETER} continues an earlier search: send it on its own, as the next link gives it`);
  return { reached: [...reached], forward, patients: patients.list(), bounded: bounded && !paged, paged };
}

/** Plans a history search (`_history`): only `_count`, `_since` and `_at`. @throws Refused */
export function planHistory(resourceType: string, pairs: ReadonlyArray<readonly [string, string]>): SearchPlan {
  for (const [name, value] of pairs) {
    if (name === '_count') checkCount(value);
    else if (name === '_since' || name === '_at') {
      if (!/^(ge|le|gt|lt|eq)?\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/.test(value)) refuse(`${name} must be a FHIR instant, like 2026-01-31T09:00:00Z; got '${value.slice(0, 64)}'`);
    } else refuse(`'${name}' is not a parameter of history: only _count, _since and _at`);
  }
  return { reached: [resourceType], forward: pairs.map(([n, v]) => [n, v] as [string, string]), patients: [], bounded: false, paged: false };
}

function checkCount(value: string): void {
  if (!/^\d{1,3}$/.test(value) || Number(value) < 0 || Number(value) > SEARCH_LIMITS.count) refuse(`_count must be a whole number from 0 to ${SEARCH_LIMITS.count}; got '${value.slice(0, 16)}'`);
}

/** A result-shaping or include parameter, checked (and `_elements` widened); undefined when `name` is a criterion. */
function controlParameter(type: string, name: string, value: string, reached: Set<string>): [string, string] | undefined {
  switch (name) {
    case '_count':
      checkCount(value);
      return [name, value];
    case '_total':
      if (!['none', 'estimate', 'accurate'].includes(value)) refuse(`_total must be none, estimate or accurate; got '${value.slice(0, 16)}'`);
      return [name, value];
    case '_summary':
      // true and text leave out elements that link a resource to its patient.
      if (!['count', 'false', 'data'].includes(value)) refuse(`_summary must be count, data or false (true and text drop the elements that say whose record it is; use _elements); got '${value.slice(0, 16)}'`);
      return [name, value];
    case '_elements': {
      const names = value.split(',');
      if (names.some((n) => !/^[a-z][A-Za-z0-9]{0,63}$/.test(n))) refuse(`_elements must list element names like code,status; got '${value.slice(0, 64)}'`);
      return [name, [...new Set([...names, ...patientElements(type)])].join(',')];
    }
    case '_sort': {
      for (const key of value.split(',')) {
        const code = key.replace(/^-/, '');
        if (!searchParameter(type, code)) refuse(`_sort: '${code}' is not a search parameter of ${type}`);
      }
      return [name, value];
    }
    case '_include': case '_include:iterate': case '_revinclude': case '_revinclude:iterate': {
      for (const t of includedTypes(name.startsWith('_rev'), value)) reached.add(t);
      return [name, value];
    }
    default:
      if (name.startsWith('_include:') || name.startsWith('_revinclude:')) refuse(`${name}: the only modifier of _include and _revinclude is :iterate`);
      if (Object.prototype.hasOwnProperty.call(REFUSED, name.split(':')[0])) refuse(`${name}: ${REFUSED[name.split(':')[0]]}`);
      return undefined;
  }
}

/** The types an `_include` (targets of the reference) or `_revinclude` (the source type) brings into the results. */
function includedTypes(reverse: boolean, value: string): string[] {
  const [source, code, target, ...rest] = value.split(':');
  const what = reverse ? '_revinclude' : '_include';
  if (rest.length || !source || !code) refuse(`${what} must be Type:parameter or Type:parameter:TargetType; got '${value.slice(0, 64)}'`);
  if (source === '*' || code === '*') refuse(`${what}=${value.slice(0, 64)}: wildcards reach every type; name the type and parameter`);
  if (!isResourceType(source)) refuse(`${what}: '${source}' is not a FHIR R4 resource type`);
  const def = searchParameter(source, code);
  if (def?.type !== 'reference') refuse(`${what}: '${code}' is not a reference parameter of ${source}`);
  if (target !== undefined && !def!.targets!.includes(target)) refuse(`${what}: ${source}.${code} cannot reference ${target}`);
  if (reverse) return [source];
  return target !== undefined ? [target] : [...def!.targets!];
}

/**
 * Checks one criterion on `type` (`code[:modifier][.chain]` or `_has:...`), adds the types it
 * reaches, collects the patients it names, and says whether it pins the type's patient link.
 */
function criterion(type: string, name: string, value: string, reached: Set<string>, patients: PatientSet, depth: number): boolean {
  if (name.startsWith('_has:')) {
    reverseChain(type, name, value, reached, depth);
    return false;
  }
  const dot = name.indexOf('.');
  const head = dot < 0 ? name : name.slice(0, dot);
  const chain = dot < 0 ? undefined : name.slice(dot + 1);
  const [code, modifier, ...extra] = head.split(':');
  if (extra.length || !/^[a-z_][a-z0-9-]*$/i.test(code)) refuse(`'${name.slice(0, 64)}' is not a search parameter this gateway understands`);
  const def = searchParameter(type, code);
  if (!def) refuse(`'${code}' is not a search parameter of ${type}`);
  if (chain !== undefined) return chained(type, def!, modifier, chain, value, reached, patients, depth);
  checkModifier(type, def!, modifier);
  checkValues(def!, modifier, value);
  return namePatients(type, def!, modifier, value, patients);
}

function checkModifier(type: string, def: SearchParameterDefinition, modifier: string | undefined): void {
  if (modifier === undefined) return;
  if (def.type === 'reference' && isResourceType(modifier)) {
    if (!def.targets!.includes(modifier)) refuse(`${type}.${def.code} cannot reference ${modifier}`);
    return;
  }
  if (!MODIFIERS[def.type].includes(modifier)) refuse(`':${modifier}' is not a modifier of ${type}.${def.code} (a ${def.type} parameter): use ${MODIFIERS[def.type].map((m) => `:${m}`).join(', ') || 'none'}`);
}

function checkValues(def: SearchParameterDefinition, modifier: string | undefined, value: string): void {
  if (modifier === 'missing') {
    if (value !== 'true' && value !== 'false') refuse(`${def.code}:missing must be true or false`);
    return;
  }
  for (const v of orValues(value)) {
    if (def.type === 'reference' && modifier !== 'identifier') {
      if (!/^([A-Z][A-Za-z]{1,63}\/)?[A-Za-z0-9\-.]{1,64}$/.test(v) || !isFhirId(v.split('/').pop()!)) refuse(`${def.code} must be a reference like Patient/123 or an id (absolute URLs are not accepted); got '${v.slice(0, 64)}'`);
      const refType = v.includes('/') ? v.split('/')[0] : undefined;
      if (refType && !def.targets!.includes(refType)) refuse(`${def.code} cannot reference ${refType}`);
    }
    if (def.type === 'token' || modifier === 'identifier') checkNhsToken(v);
  }
}

/** An NHS-number token (`https://fhir.nhs.uk/Id/nhs-number|n`) must carry a check-digit-valid number. */
function checkNhsToken(token: string): void {
  const [system, code] = splitToken(token);
  if (system !== NHS_NUMBER_SYSTEM) return;
  const problem = nhsNumberProblem(code ?? '');
  if (problem) refuse(`the NHS number ${(code ?? '').slice(0, 16)} ${problem}`);
}

function splitToken(token: string): [string | undefined, string | undefined] {
  const bar = token.search(/(?<!\\)\|/);
  return bar < 0 ? [undefined, token] : [token.slice(0, bar), token.slice(bar + 1)];
}

/** NHS numbers named by token values that all carry the NHS number system; undefined when any does not. */
function nhsNumbersOf(value: string): string[] | undefined {
  const numbers = orValues(value).map((v) => {
    const [system, code] = splitToken(v);
    return system === NHS_NUMBER_SYSTEM && code ? normaliseNhsNumber(code) : undefined;
  });
  return numbers.every((n): n is string => n !== undefined) ? numbers : undefined;
}

/** Names the patients a criterion's values identify; true when it pins the type's patient link. */
function namePatients(type: string, def: SearchParameterDefinition, modifier: string | undefined, value: string, patients: PatientSet): boolean {
  const pins = patientPinParameters(type);
  if (type === 'Patient') {
    if (def.code === '_id' && modifier === undefined) {
      orValues(value).forEach((id) => patients.add({ reference: `Patient/${id}` }));
      return true;
    }
    if (def.code === 'identifier' && modifier === undefined) {
      const nhs = nhsNumbersOf(value);
      nhs?.forEach((n) => patients.add({ nhsNumber: n }));
      return nhs !== undefined;
    }
    return false;
  }
  const linksPatient = pins.includes(def.code) || patientLinks(type).some((l) => l.param === def.code);
  if (def.type !== 'reference' || !linksPatient || !def.targets!.includes('Patient')) return false;
  if (modifier === 'identifier') {
    const nhs = nhsNumbersOf(value);
    nhs?.forEach((n) => patients.add({ nhsNumber: n }));
    return pins.includes(def.code) && nhs !== undefined;
  }
  if (modifier !== undefined && modifier !== 'Patient') return false;
  // Each value is a reference: a patient (named), a bare id (which may be a patient's: named), or another type's.
  for (const v of orValues(value)) {
    if (v.startsWith('Patient/')) patients.add({ reference: v });
    else if (!v.includes('/')) patients.add({ reference: `Patient/${v}` });
  }
  return pins.includes(def.code);
}

/** A chained criterion (`subject:Patient.identifier=...`): each link reaches the types it names. */
function chained(type: string, def: SearchParameterDefinition, modifier: string | undefined, chain: string, value: string, reached: Set<string>, patients: PatientSet, depth: number): boolean {
  if (depth >= SEARCH_LIMITS.chainDepth) refuse(`chains deeper than ${SEARCH_LIMITS.chainDepth} links are not accepted`);
  if (def.type !== 'reference') refuse(`${type}.${def.code} is not a reference parameter, so it cannot be chained`);
  if (modifier !== undefined && !isResourceType(modifier)) refuse(`a chained parameter takes only a type modifier (${def.code}:Patient.name); got ':${modifier}'`);
  if (modifier !== undefined && !def.targets!.includes(modifier)) refuse(`${type}.${def.code} cannot reference ${modifier}`);
  const targets = modifier !== undefined ? [modifier] : [...def.targets!];
  const tailCode = chain.split(/[.:]/)[0];
  const missing = targets.filter((t) => !searchParameter(t, tailCode));
  if (missing.length) refuse(`${type}.${def.code}.${tailCode}: ${missing.slice(0, 5).join(', ')} ${missing.length === 1 ? 'has' : 'have'} no parameter '${tailCode}'; name the target type (${def.code}:Patient.${tailCode})`);
  let pinsPatient = false;
  for (const t of targets) {
    reached.add(t);
    // patient.identifier=<NHS number> and subject:Patient._id=<id> name the patient the link points at.
    const pins = criterion(t, chain, value, reached, t === 'Patient' ? patients : new PatientSet(), depth + 1);
    if (t === 'Patient') pinsPatient = pins;
  }
  return patientPinParameters(type).includes(def.code) && targets.length === 1 && pinsPatient;
}

/** `_has:Source:reference:criterion=value`: resources of `type` referenced by Source resources matching the criterion. */
function reverseChain(type: string, name: string, value: string, reached: Set<string>, depth: number): void {
  if (depth >= SEARCH_LIMITS.hasDepth) refuse(`_has nested deeper than ${SEARCH_LIMITS.hasDepth} is not accepted`);
  const m = /^_has:([^:]+):([^:]+):(.+)$/.exec(name);
  if (!m) refuse(`_has must be _has:Type:reference:parameter; got '${name.slice(0, 64)}'`);
  const [, source, code, rest] = m!;
  if (!isResourceType(source)) refuse(`_has: '${source}' is not a FHIR R4 resource type`);
  const def = searchParameter(source, code);
  if (def?.type !== 'reference' || !def.targets!.includes(type)) refuse(`_has: ${source}.${code} is not a reference to ${type}`);
  reached.add(source);
  criterion(source, rest, value, reached, new PatientSet(), depth + 1);
}
