// The NHS rule pack and everything around it: rules, controls catalogue, control ids, the
// definition of "met", the pack registry, pack-run records and acknowledgements.
export * from './control-ids';
export * from './rule';
export * from './nhs-trust-checks';
export { NHS_RULES } from './rules';
export * from './controls';
export * from './control-status';
export * from './pack-run';
export * from './packs';
export * from './acknowledge';
export { renderRulesMarkdown } from './rules-md';
