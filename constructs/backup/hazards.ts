import type { Hazard } from '../core/hazards';

/** Clinical hazards of the trust's backups (TrustBackup). */
export const TRUST_BACKUP_HAZARDS: readonly Hazard[] = [
  {
    id: 'HAZ-BACKUP-001',
    title: 'Recovery points deleted or never taken, so records cannot be restored after an incident',
    cause: 'Ransomware or an insider deletes recovery points; a resource is not selected by the backup plan; a restore has never been tried.',
    effect: 'After data loss or corruption the trust cannot restore the affected records, or restores them late.',
    harm: 'Treatment decisions made without the patient\'s history; loss of records.',
    initialRisk: { severity: 4, likelihood: 3 },
    controls: [
      {
        description: 'The vault is locked in COMPLIANCE mode: nobody, root included, can delete recovery points before they expire.',
        implementedBy: 'TrustBackup (vault lock, lockMode COMPLIANCE)',
        evidence: { file: 'test/constructs/backup/trust-backup.test.ts', test: 'TrustBackup encrypts the vault with the key, locks it in compliance mode after 3 days, and retains it' },
      },
      {
        description: 'Deleting recovery points by hand is denied in the vault policy.',
        implementedBy: 'TrustBackup (vault access policy)',
        evidence: { file: 'test/constructs/backup/trust-backup.test.ts', test: 'TrustBackup denies deleting recovery points by hand' },
      },
      {
        description: 'Daily recovery points are kept 35 days and monthly ones a year.',
        implementedBy: 'TrustBackup (Daily and Monthly rules)',
        evidence: { file: 'test/constructs/backup/trust-backup.test.ts', test: 'TrustBackup backs up daily for 35 days and monthly for a year' },
      },
      {
        description: 'Every resource of the trust stack that AWS Backup supports is selected by the plan, resources added later included; the Object-Locked archive protects itself.',
        implementedBy: 'TrustBackup.protectSupportedResources (backupCoverage)',
        evidence: {
          file: 'test/constructs/backup/backup-coverage.test.ts',
          test: "backup coverage of a trust stack a trust's own resource added to its stack later is covered with no step to forget; an unversioned bucket is not (AWS Backup refuses it)",
        },
      },
    ],
    residualRisk: { severity: 4, likelihood: 1 },
    deployerActions: ['Test a restore at least yearly and record the result (DSPT D1).', 'Protect the trust\'s own stateful resources with TrustBackup.protect().'],
  },
];
