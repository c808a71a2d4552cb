// Network: the trust's VPC.
export * from './trust-network';
