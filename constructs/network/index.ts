// Network: the trust's VPC.
export * from './trust-network';
export * from './cidr';
