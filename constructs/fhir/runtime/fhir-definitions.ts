import { SEARCH_TABLES } from './search-tables.generated';

/**
 * What the gateway knows about FHIR R4, read from tables generated from the R4 SearchParameter
 * resources and the Patient CompartmentDefinition: never hand-written lists.
 */

/** The type of a search parameter. */
export type SearchParameterType = 'number' | 'date' | 'string' | 'token' | 'reference' | 'composite' | 'quantity' | 'uri' | 'special';

/** A search parameter of a resource type. */
export interface SearchParameterDefinition {
  readonly code: string;
  readonly type: SearchParameterType;
  /** For a reference parameter: the resource types it can reach. */
  readonly targets?: readonly string[];
}

const TYPE_OF: Record<string, SearchParameterType> = {
  n: 'number', d: 'date', s: 'string', t: 'token', r: 'reference', c: 'composite', q: 'quantity', u: 'uri', x: 'special',
};

const RESOURCE_TYPES = new Set(SEARCH_TABLES.resourceTypes);

const own = <T>(o: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  o !== undefined && Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;

/** Whether `name` is an R4 resource type. */
export function isResourceType(name: string): boolean {
  return RESOURCE_TYPES.has(name);
}

/** Every R4 resource type. */
export function resourceTypes(): readonly string[] {
  return SEARCH_TABLES.resourceTypes;
}

/** The search parameter `code` of `resourceType` (its own, or one every resource has), or undefined. */
export function searchParameter(resourceType: string, code: string): SearchParameterDefinition | undefined {
  const encoded = own(SEARCH_TABLES.parameters[resourceType], code) ?? own(SEARCH_TABLES.parameters['*'], code);
  if (encoded === undefined) return undefined;
  const [letter, targets] = encoded.split(':');
  const type = TYPE_OF[letter];
  if (type !== 'reference') return { code, type };
  return { code, type, targets: targets === '*' ? SEARCH_TABLES.resourceTypes : targets.split(',') };
}

/** The parameters linking a `resourceType` resource to a patient, with the element paths behind each (empty when it is not in the compartment). */
export function patientLinks(resourceType: string): ReadonlyArray<{ readonly param: string; readonly paths: readonly string[] }> {
  const links = own(SEARCH_TABLES.patientCompartment, resourceType) ?? {};
  return Object.entries(links).map(([param, paths]) => ({ param, paths }));
}

/**
 * The parameters that pin a search of `resourceType` to named patients: `patient` and `subject`
 * where they can reference a Patient (in R4 `patient` is the subject when it is a patient).
 * Patient itself is pinned by `_id` and NHS-number `identifier`, judged by the search.
 */
export function patientPinParameters(resourceType: string): string[] {
  return ['patient', 'subject'].filter((p) => searchParameter(resourceType, p)?.targets?.includes('Patient'));
}

/** The top-level element names linking a `resourceType` resource to a patient (kept in `_elements` so results stay attributable). */
export function patientElements(resourceType: string): string[] {
  const names = patientLinks(resourceType).flatMap((l) => l.paths.map((p) => p.split('.')[0]));
  if (resourceType === 'Patient') names.push('identifier');
  return [...new Set(names)];
}
