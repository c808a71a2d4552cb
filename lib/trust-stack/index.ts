// TrustStack and the pure mappers from a trust config to each building block's props.
export * from './trust-stack';
export * from './settings';
export * from './foundations';
export * from './identity';
export * from './fhir';
export * from './security-operations';
export * from './data-residency';
export * from './design-findings';
export * from './config-problems';
export * from './api-gateway-account';
