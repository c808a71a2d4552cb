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
// The building blocks.
export * from '../constructs/core';
export * from '../constructs/keys';
export * from '../constructs/logging';
export * from '../constructs/network';
export * from '../constructs/backup';
export * from '../constructs/security';
export * from '../constructs/identity';
export * from '../constructs/fhir';
export * from '../constructs/fleet';
export * from '../constructs/hazard-catalogue';
export * from '../policies/guardrails';
// Config sections.
export * from './config/siem';
export * from './config/identity';
export * from './config/fhir';
// Publishing: preflight, upgrade check, fleet; the audit-access query tool.
export * from './preflight';
export * from './upgrade';
export * from './fleet';
export * from './audit/audit-access';
export * from './hazard-log';
