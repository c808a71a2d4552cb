// Keys: customer-managed KMS keys and the key policy statements services need.
export * from './key-ring';
export * from './key-policies';
