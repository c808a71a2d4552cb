// Guardrails for trust accounts: service control policies, the permissions boundary and the
// least-privilege CloudFormation execution policy for a hardened bootstrap (JSON and constructs).
export * from './documents';
export * from './resource-actions';
export * from './execution-policy';
export * from './constructs';
