// Logging: the audit archive, the trail, the CIS security alarms and SIEM forwarding with its destinations.
export * from './audit-log-archive';
export * from './trust-trail';
export * from './cis-filters';
export * from './security-alarms';
export * from './siem-forwarder';
export * from './siem';
export * from './log-archive-stack';
export * from './archive-delivery';
export * from './central-archive';
