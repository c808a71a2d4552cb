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
// Compliance: controls catalogue, acknowledgements, template checking, evidence.
export * from '../policies/controls';
export * from '../policies/acknowledge';
export * from './check';
export * from './compliance';
// Foundations constructs (issue 2).
export * from '../constructs/core/errors';
export * from '../constructs/keys';
export * from '../constructs/logging';
export * from '../constructs/network';
export * from '../constructs/backup';
// publishing (issue 6): preflight, upgrade check, fleet.
export * from './preflight';
export * from './upgrade';
export * from './fleet';
// Security operations (SIEM forwarding, GuardDuty, Security Hub, Config).
export * from './config/siem';
export * from './security-operations';
export * from '../constructs/security';
// Identity (issue 5): TrustIdentity and its config section.
export * from '../constructs/identity';
export * from './config/identity';
// FHIR (issue 4): AuditedFhirStore, its config section, and audit-access.
export * from '../constructs/fhir';
export * from './config/fhir';
export * from './fhir/audit-access';
