// Identity: Cognito federated with NHS CIS2 and NHS login, with the private_key_jwt proxy.
export * from './providers';
export * from './trust-identity';
export * from './trust-identity-problems';
export * from './federated-user-pool';
export * from './identity-proxy';
export * from './sign-in-alarms';
export { ASSURANCE_SCHEMES, PROVIDER_KINDS, type AssuranceScheme } from './runtime/assurance';
export { ASSURANCE_REJECTED_EVENT, JWKS_FAILED_EVENT, PROXY_FAILURE_EVENTS } from './runtime/log-events';
export type { AssertionSigner, PublicKeySource } from './runtime/signer';
