// The FHIR area: the audited HealthLake store, composed of its data store, gateway and web ACL.
export * from './audited-fhir-store';
export * from './audited-fhir-store-problems';
export * from './data-store';
export * from './gateway';
export * from './gateway-alarms';
export * from './store-export';
export * from './web-acl';
export { REPLACEMENT_PROPERTIES as FHIR_STORE_REPLACEMENT_PROPERTIES, identityOf as fhirStoreIdentityOf, lockAsYaml as fhirStoreLockAsYaml } from './store-guard';
export type { FhirStoreIdentity, FhirStoreLock, FhirStoreProperty, FhirStoreReplacement } from './store-guard';
export { FHIR_INTERACTIONS, DEFAULT_TOKEN_ALGORITHMS, ASYMMETRIC_ALGORITHMS, rolePolicyProblems } from './runtime/role-policy';
export type { FhirInteraction, RolePolicy, ResourceGrants, RoleClaimSource } from './runtime/role-policy';
export {
  ACT_REASON_SYSTEM, DEFAULT_EMERGENCY_WINDOW_MINUTES, EMERGENCY_ACCESS_HEADER, EMERGENCY_GRANT_INTERACTIONS, EMERGENCY_REASON_CODES, EMERGENCY_REASON_CODE_LIST,
  MAX_EMERGENCY_WINDOW_MINUTES, MIN_EMERGENCY_WINDOW_MINUTES, emergencyAccessProblems,
} from './runtime/emergency-access';
export type { EmergencyAccess, EmergencyReasonCode } from './runtime/emergency-access';
export { isValidNhsNumber, nhsNumberProblem, normaliseNhsNumber, NHS_NUMBER_SYSTEM } from './runtime/nhs-number';
export * from './regions';
