import type { Hazard } from '../core/hazards';

/** Clinical hazards of the threat detection and posture services (SecurityServices). */
export const SECURITY_SERVICES_HAZARDS: readonly Hazard[] = [
  {
    id: 'HAZ-SECOPS-001',
    title: 'Threat detection is off, so ransomware or credential theft goes undetected',
    cause: 'GuardDuty, Security Hub or AWS Config is turned off, or its findings are not routed to anyone.',
    effect: 'An attacker can encrypt or delete clinical data before anyone notices; clinical systems become unavailable.',
    harm: 'Loss of availability or integrity of patient records; delayed care across the trust.',
    initialRisk: { severity: 4, likelihood: 3 },
    controls: [
      {
        description: 'All three services are on by default, and high-severity findings are routed to the alarm topic.',
        implementedBy: 'SecurityServices',
        evidence: { file: 'test/constructs/security/security-services.test.ts', test: 'SecurityServices by default routes GuardDuty findings of severity 7 and above to the alarm topic and the findings log group' },
      },
      {
        description: 'Turning a service off needs a stated reason, which is recorded in the stack and shown in the evidence.',
        implementedBy: 'SecurityServicesSchema (enabled: false needs a reason)',
        evidence: { file: 'test/constructs/security/security-services.test.ts', test: 'SecurityServices fails on a service turned off without a reason an assessor can read, naming each one' },
      },
    ],
    residualRisk: { severity: 4, likelihood: 1 },
    deployerActions: ['Where a service is run centrally (e.g. by the integrated care system), confirm the central team sees this account\'s findings.'],
  },
];
