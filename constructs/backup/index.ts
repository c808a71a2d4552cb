// Backup: the locked vault and the tag-selected plan.
export * from './trust-backup';
