// Threat detection and posture: GuardDuty, Security Hub, AWS Config, and findings routing.
export * from './security-findings';
export * from './trust-guard-duty';
export * from './trust-security-hub';
export * from './trust-config-recorder';
export * from './security-services';
