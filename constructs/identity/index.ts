// Identity: Cognito federated with NHS CIS2 and NHS login, with the private_key_jwt proxy.
export * from './providers';
export * from './trust-identity';
