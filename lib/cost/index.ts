// Monthly cost estimates of synthesised trust stacks: `rootstock cost`.
export * from './assumptions';
export * from './assembly';
export * from './estimate';
export * from './prices';
export * from './render';
export * from './synth';
export type { CostLine, Meter, PricingRule } from './types';
export { FREE_TYPES, PRICED_TYPES } from './rules';
