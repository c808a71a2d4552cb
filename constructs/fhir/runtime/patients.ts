import { patientLinks } from './fhir-definitions';
import { NHS_NUMBER_SYSTEM, isValidNhsNumber, normaliseNhsNumber } from './nhs-number';

/**
 * Which patients a FHIR resource (or a Bundle of them) belongs to, by the Patient
 * CompartmentDefinition: a Patient is its own patient; any other resource type belongs to the
 * patients its compartment parameters reference (Observation: subject and performer).
 */

/** A patient an access reached: the store's logical id, an NHS number, or both when both are known. */
export interface PatientRef {
  /** `Patient/<id>` in this store. */
  readonly reference?: string;
  /** A check-digit-valid NHS number (never anything else). */
  readonly nhsNumber?: string;
}

/** The FHIR id grammar: 1 to 64 of `A-Z a-z 0-9 - .`, and not only dots (those are path segments). */
export const FHIR_ID = /^(?!\.+$)[A-Za-z0-9\-.]{1,64}$/;

/** Whether `value` is a FHIR logical id. */
export function isFhirId(value: string): boolean {
  return FHIR_ID.test(value);
}

/** The `Patient/<id>` a reference string points at (relative, absolute or versioned), or undefined. */
export function patientReferenceIn(reference: string): string | undefined {
  const m = /(?:^|\/)Patient\/([^/?#]+)(?:\/_history\/[^/?#]+)?$/.exec(reference);
  return m && isFhirId(m[1]) ? `Patient/${m[1]}` : undefined;
}

/** The valid NHS numbers among FHIR identifiers. */
export function nhsNumbersIn(identifiers: unknown): string[] {
  if (!Array.isArray(identifiers)) return [];
  return identifiers
    .filter((i): i is { system: string; value: string } => typeof i === 'object' && i !== null && i.system === NHS_NUMBER_SYSTEM && typeof i.value === 'string')
    .map((i) => normaliseNhsNumber(i.value))
    .filter(isValidNhsNumber);
}

/** Patients in one resource: what it is (a Patient), what it references by its compartment links, and what it contains. */
export interface ResourcePatients {
  readonly patients: PatientRef[];
  /** References to patients by identifier that are not valid NHS numbers (the patient cannot be named). */
  readonly unnamed: number;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function valuesAt(node: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) return Array.isArray(node) ? node : [node];
  if (Array.isArray(node)) return node.flatMap((n) => valuesAt(n, path));
  if (!isObject(node)) return [];
  return valuesAt(node[path[0]], path.slice(1));
}

/** Every patient `resource` belongs to or names (contained and, for Bundles, entry resources included). */
export function patientsOf(resource: unknown): ResourcePatients {
  const found = new PatientSet();
  let unnamed = 0;
  const visit = (r: unknown, depth: number): void => {
    if (!isObject(r) || depth > 4 || typeof r.resourceType !== 'string') return;
    const contained = Array.isArray(r.contained) ? r.contained.filter(isObject) : [];
    if (r.resourceType === 'Patient') {
      const nhs = nhsNumbersIn(r.identifier);
      const reference = typeof r.id === 'string' && isFhirId(r.id) && depth === 0 ? `Patient/${r.id}` : undefined;
      if (nhs.length === 0 && reference) found.add({ reference });
      if (nhs.length === 0 && !reference) unnamed++;
      for (const n of nhs) found.add({ ...(reference ? { reference } : {}), nhsNumber: n });
    }
    for (const link of patientLinks(r.resourceType)) {
      for (const path of link.paths) {
        for (const ref of valuesAt(r, path.split('.'))) {
          if (!isObject(ref)) continue;
          if (typeof ref.reference === 'string') {
            const local = /^#(.+)$/.exec(ref.reference);
            if (local) {
              const target = contained.find((c) => c.id === local[1]);
              if (target) visit({ ...target, id: undefined }, depth + 1);
              continue;
            }
            const p = patientReferenceIn(ref.reference);
            if (p) found.add({ reference: p });
          }
          const identifier = ref.identifier;
          if (isObject(identifier) && (ref.type === undefined || ref.type === 'Patient')) {
            if (identifier.system === NHS_NUMBER_SYSTEM && typeof identifier.value === 'string' && isValidNhsNumber(normaliseNhsNumber(identifier.value))) {
              found.add({ nhsNumber: normaliseNhsNumber(identifier.value) });
            } else if (ref.type === 'Patient' || identifier.system === NHS_NUMBER_SYSTEM) {
              unnamed++;
            }
          }
        }
      }
    }
    for (const c of contained) if (c.resourceType === 'Patient') visit({ ...c, id: undefined }, depth + 1);
    if (r.resourceType === 'Bundle' && Array.isArray(r.entry)) {
      for (const e of r.entry) if (isObject(e)) visit(e.resource, depth);
    }
  };
  visit(resource, 0);
  return { patients: found.list(), unnamed };
}

/** A set of patient references that merges an NHS number and a reference known to be the same patient. */
export class PatientSet {
  private readonly items: PatientRef[] = [];

  /** Adds `p` (merging with an entry of the same reference or NHS number). */
  public add(p: PatientRef): this {
    if (!p.reference && !p.nhsNumber) return this;
    const same = this.items.findIndex((q) =>
      (p.reference && p.nhsNumber && q.reference === p.reference && q.nhsNumber === p.nhsNumber) ||
      (p.reference && !p.nhsNumber && q.reference === p.reference) ||
      (!p.reference && p.nhsNumber && q.nhsNumber === p.nhsNumber));
    if (same >= 0) return this;
    // A reference with an NHS number replaces the same reference (or NHS number) known alone.
    if (p.reference && p.nhsNumber) {
      for (let i = this.items.length - 1; i >= 0; i--) {
        const q = this.items[i];
        if ((q.reference === p.reference && !q.nhsNumber) || (q.nhsNumber === p.nhsNumber && !q.reference)) this.items.splice(i, 1);
      }
    }
    this.items.push(p);
    return this;
  }

  /** Adds every patient of `list`. */
  public addAll(list: readonly PatientRef[]): this {
    for (const p of list) this.add(p);
    return this;
  }

  /** The patients, in the order first seen. */
  public list(): PatientRef[] {
    return [...this.items];
  }
}
