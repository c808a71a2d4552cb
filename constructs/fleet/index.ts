// Fleet access: the read-only role the central account assumes in each trust account.
export * from './fleet-read-only-role';
