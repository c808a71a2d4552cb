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
// Identity (issue 5): TrustIdentity and its config section.
export * from '../constructs/identity';
export * from './config/identity';
