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
// Security operations (SIEM forwarding, GuardDuty, Security Hub, Config).
export * from './config/siem';
export * from './security-operations';
export * from '../constructs/logging/siem-forwarder';
export * from '../constructs/security';
