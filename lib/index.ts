// @nhsx/rootstock: the public API.
export * from './errors';
export * from './version';
export * from './config/schema';
export * from './config/loader';
export * from './trust-stack';
export * from './app';
export * from '../policies/rule';
export * from '../policies/nhs-trust-checks';
export { NHS_RULES } from '../policies/rules';
// FHIR (issue 4): AuditedFhirStore, its config section, and audit-access.
export * from '../constructs/fhir';
export * from './config/fhir';
export * from './fhir/audit-access';
