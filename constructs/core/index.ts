// Core: what every building block shares: props errors and checks, design findings,
// logical-id preservation, the operational props, Lambda runtime code.
export * from './errors';
export * from './checks';
export * from './design-findings';
export * from './logical-ids';
export * from './operational-props';
export * from './hazards';
