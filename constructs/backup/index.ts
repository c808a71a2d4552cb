// Backup: the locked vault, the tag-selected plan and which resources it covers.
export * from './trust-backup';
export * from './backup-coverage';
