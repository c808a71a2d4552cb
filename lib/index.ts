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
// publishing (issue 6): preflight, upgrade check, fleet.
export * from './preflight';
export * from './upgrade';
export * from './fleet';
