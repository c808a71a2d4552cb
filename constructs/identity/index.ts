// Identity: Cognito federated with NHS CIS2 and NHS login, with the private_key_jwt proxy.
export * from './providers';
export * from './trust-identity';
export {
  trustIdentityProblems,
  type TrustIdentityCheckedProps,
  ASSURANCE_REJECTION_ALARM,
  assuranceRejectionThresholdProblem,
  CLIENT_ID_PATTERN,
  clientIdProblem,
  DEFAULT_SIGNING_KEY_VERSIONS,
  DOMAIN_PREFIX_PATTERN,
  DOMAIN_PREFIX_RESERVED_WORDS,
  domainPrefixProblem,
  jwksConcurrency,
  REFRESH_TOKEN_VALIDITY_MINUTES,
  refreshTokenValidityProblem,
  RESERVED_CONCURRENCY,
  reservedConcurrencyProblem,
  SIGNING_KEY_GENERATIONS,
  SIGNING_KEY_VERSION_PATTERN,
  signingKeyVersionsProblems,
  TOKEN_VALIDITY_MINUTES,
  tokenValidityProblem,
} from './trust-identity-problems';
export * from './federated-user-pool';
export * from './identity-proxy';
export * from './sign-in-alarms';
export { ASSURANCE_SCHEMES, PROVIDER_KINDS, type AssuranceScheme } from './runtime/assurance';
export { ASSURANCE_REJECTED_EVENT, JWKS_FAILED_EVENT, PROXY_FAILURE_EVENTS } from './runtime/log-events';
