// The FHIR area: the audited HealthLake store and its gateway.
export * from './audited-fhir-store';
export { REPLACEMENT_PROPERTIES as FHIR_STORE_REPLACEMENT_PROPERTIES, identityOf as fhirStoreIdentityOf } from './store-guard';
export type { FhirStoreIdentity, FhirStoreLock, FhirStoreProperty, FhirStoreReplacement } from './store-guard';
export { FHIR_INTERACTIONS, DEFAULT_TOKEN_ALGORITHMS, ASYMMETRIC_ALGORITHMS, rolePolicyProblems } from './runtime/role-policy';
export type { FhirInteraction, RolePolicy, ResourceGrants, RoleClaimSource } from './runtime/role-policy';
export { isValidNhsNumber, nhsNumberProblem, normaliseNhsNumber, NHS_NUMBER_SYSTEM } from './runtime/nhs-number';
export * from './design-findings';
