/** The gateway's compact FHIR R4 tables (generated from the R4 definitions by constructs/fhir/search-tables.ts). */
export interface SearchTables {
  /** Every R4 resource type. */
  readonly resourceTypes: readonly string[];
  /**
   * Per resource type (and `*` for parameters every resource has), parameter code -> its type's
   * one-letter code (n number, d date, s string, t token, r reference, c composite, q quantity,
   * u uri, x special); a reference parameter adds `:` and its target types, or `*` for any type.
   */
  readonly parameters: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Per resource type in the Patient compartment: parameter code -> dotted element paths linking it to a patient. */
  readonly patientCompartment: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}
