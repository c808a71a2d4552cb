// Preflight: prove who you are, and that it matches the trust, before a deploy.
export * from './preflight';
export * from './profile';
export * from './region';
export * from './trust-ref';
export * from './deploy';
export * from './sdk-warnings';
