import type { Hazard } from '../core/hazards';

/** Clinical hazards of the trust's KMS keys (KeyRing). */
export const KEY_RING_HAZARDS: readonly Hazard[] = [
  {
    id: 'HAZ-KEYS-001',
    title: 'Encryption key deleted or disabled, making patient records and audit trails unreadable',
    cause: 'An administrator (by mistake or with malicious intent), a compromised account, or a stack deletion schedules the deletion of, or disables, the key that encrypts the FHIR store, the audit archive or the backups.',
    effect: 'Clinicians cannot retrieve patient records from the FHIR store; backups and the audit trail cannot be decrypted; recovery may be impossible once the key is gone.',
    harm: 'Delayed or wrong treatment for want of the patient record; loss of the record of who accessed it.',
    initialRisk: { severity: 4, likelihood: 3 },
    controls: [
      {
        description: 'Every key is retained when the stack or construct is deleted, and rotates yearly.',
        implementedBy: 'KeyRing (RemovalPolicy.RETAIN, enableKeyRotation)',
        evidence: { file: 'test/constructs/keys/key-ring.test.ts', test: 'KeyRing defines one rotating key per purpose, retained on delete' },
      },
      {
        description: 'The deletion waiting period is the 30-day maximum, so a scheduled deletion can be cancelled.',
        implementedBy: 'NHS-KMSKeyDeletionWindowMaximum',
        evidence: { file: 'test/policies/rules/KMSKeyDeletionWindowMaximum.test.ts', test: 'KMSKeyDeletionWindowMaximum: keys keep the 30-day pending-deletion window fails a key with a 7-day pending window (L2)' },
      },
      {
        description: 'Disabling or scheduling deletion of a customer managed key raises a security alarm at once.',
        implementedBy: 'SecurityAlarms (CIS 4.7 KMS key disabling or deletion)',
        evidence: { file: 'test/constructs/logging/security-alarms.test.ts', test: 'SecurityAlarms covers the 14 classic CIS monitoring controls, plus Organizations changes' },
      },
    ],
    residualRisk: { severity: 4, likelihood: 1 },
    deployerActions: [
      'Restrict kms:ScheduleKeyDeletion and kms:DisableKey to a break-glass role (the guardrail service control policies do this for the archive key).',
      'Make sure someone reads the security alarm topic and knows how to cancel a key deletion within the 30 days.',
    ],
  },
];
