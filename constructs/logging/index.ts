// Logging: the audit archive, the trail and the CIS security alarms.
export * from './audit-log-archive';
export * from './trust-trail';
export * from './cis-filters';
export * from './security-alarms';
export * from './siem-forwarder';
export * from './log-archive-stack';
