import type { Hazard } from '../core/hazards';

/** Clinical hazards of the immutable audit archive (AuditLogArchive). */
export const AUDIT_LOG_ARCHIVE_HAZARDS: readonly Hazard[] = [
  {
    id: 'HAZ-AUDIT-001',
    title: 'The record of who accessed a patient\'s record is altered or deleted',
    cause: 'An administrator or attacker deletes or overwrites audit objects, shortens their retention, or deletes the bucket, to hide inappropriate access.',
    effect: '"Who accessed my record" has no true answer; inappropriate access (for example to a safeguarding or domestic abuse record) goes undetected and cannot be investigated.',
    harm: 'Continued inappropriate access to sensitive records; loss of patient trust; failure to protect vulnerable patients.',
    initialRisk: { severity: 3, likelihood: 3 },
    controls: [
      {
        description: 'Audit objects are locked with S3 Object Lock in COMPLIANCE mode for at least 8 years: nobody, root included, can delete or overwrite them.',
        implementedBy: 'AuditLogArchive (objectLockDefaultRetention COMPLIANCE, auditRetentionDays >= 2922)',
        evidence: { file: 'test/constructs/logging/audit-log-archive.test.ts', test: 'AuditLogArchive locks objects in COMPLIANCE mode for the retention period, with versioning' },
      },
      {
        description: 'The NHS pack fails any archive bucket without COMPLIANCE-mode Object Lock.',
        implementedBy: 'NHS-S3ArchiveObjectLockCompliance',
        evidence: { file: 'test/policies/rules/S3ArchiveObjectLockCompliance.test.ts', test: 'S3ArchiveObjectLockCompliance: audit archive buckets lock objects in COMPLIANCE mode fails an Object Lock bucket with GOVERNANCE retention (L2)' },
      },
      {
        description: 'A retention below 8 years is refused at validation.',
        implementedBy: 'auditLogArchiveProblems (auditRetentionDays)',
        evidence: { file: 'test/constructs/logging/audit-log-archive.test.ts', test: 'AuditLogArchive fails a retention below 8 years, naming the prop, value and fix' },
      },
    ],
    residualRisk: { severity: 3, likelihood: 1 },
    deployerActions: ['Review access reports (rootstock audit-access) as part of the trust\'s IG audit programme.'],
  },
];

/** Clinical hazards of the account trail (TrustTrail). */
export const TRUST_TRAIL_HAZARDS: readonly Hazard[] = [
  {
    id: 'HAZ-TRAIL-001',
    title: 'Changes to the clinical platform are not recorded, so an outage or data loss cannot be investigated',
    cause: 'CloudTrail is stopped, not multi-region, or its log files are altered.',
    effect: 'After an incident that made records unavailable, the trust cannot establish what changed and who changed it, and cannot prevent a recurrence.',
    harm: 'Repeated loss of availability of clinical systems.',
    initialRisk: { severity: 2, likelihood: 3 },
    controls: [
      {
        description: 'The trail records every region with log file validation and KMS encryption, into the Object Lock archive.',
        implementedBy: 'TrustTrail',
        evidence: { file: 'test/constructs/logging/trust-trail.test.ts', test: 'TrustTrail records every region with log file validation and KMS encryption to the archive' },
      },
      {
        description: 'Stopping or changing the trail raises a security alarm.',
        implementedBy: 'SecurityAlarms (CIS 4.5 CloudTrail configuration changes)',
        evidence: { file: 'test/constructs/logging/security-alarms.test.ts', test: 'SecurityAlarms covers the 14 classic CIS monitoring controls, plus Organizations changes' },
      },
    ],
    residualRisk: { severity: 2, likelihood: 1 },
    deployerActions: [],
  },
];

/** Clinical hazards of the CIS security alarms (SecurityAlarms). */
export const SECURITY_ALARMS_HAZARDS: readonly Hazard[] = [
  {
    id: 'HAZ-ALARM-001',
    title: 'Security alarms are raised but nobody receives them',
    cause: 'The alarm topic has no confirmed subscriber, the address is unmonitored, or the topic policy blocks CloudWatch from publishing.',
    effect: 'An attack or a destructive change (key deletion, trail stopped, security group opened) continues unnoticed until it takes clinical systems down.',
    harm: 'Loss of availability or integrity of patient records.',
    initialRisk: { severity: 3, likelihood: 3 },
    controls: [
      {
        description: 'Every CIS monitoring filter alarms at the first match to the trust\'s security topic.',
        implementedBy: 'SecurityAlarms',
        evidence: { file: 'test/constructs/logging/security-alarms.test.ts', test: 'SecurityAlarms alarms on each filter at the first match, to the topic' },
      },
      {
        description: 'CloudWatch alarms can publish to the KMS-encrypted topic (the key policy lets SNS use it for them).',
        implementedBy: 'SecurityAlarms (topic key policy)',
        evidence: { file: 'test/constructs/logging/security-alarms.test.ts', test: 'SecurityAlarms lets CloudWatch alarms publish to the encrypted topic through SNS only' },
      },
    ],
    residualRisk: { severity: 3, likelihood: 2 },
    deployerActions: ['Confirm the email subscription, route the topic to the on-call rota or SOC, and test it yearly.'],
  },
];

/** Clinical hazards of the SIEM forwarder (SiemForwarder). */
export const SIEM_FORWARDER_HAZARDS: readonly Hazard[] = [
  {
    id: 'HAZ-SIEM-001',
    title: 'Security events do not reach the security operations centre',
    cause: 'The SIEM endpoint is down or rejects the token; deliveries fail silently.',
    effect: 'The SOC cannot detect or respond to an attack on the clinical platform in time.',
    harm: 'Loss of availability or confidentiality of patient records.',
    initialRisk: { severity: 3, likelihood: 3 },
    controls: [
      {
        description: 'Failed deliveries are kept in an encrypted backup bucket and alarm, with delivery lag, to the security topic.',
        implementedBy: 'SiemForwarder (backup bucket, delivery alarms)',
        evidence: { file: 'test/constructs/logging/siem-forwarder.test.ts', test: 'SiemForwarder splunk destination alarms to the alarm topic on delivery failures, lag and backup failures' },
      },
    ],
    residualRisk: { severity: 3, likelihood: 1 },
    deployerActions: ['Agree with the SOC how delivery failures are followed up.'],
  },
];

/** Clinical hazards of the organisation's central log archive (LogArchiveStack). */
export const LOG_ARCHIVE_STACK_HAZARDS: readonly Hazard[] = [
  {
    id: 'HAZ-AUDIT-002',
    title: 'The central log archive loses or exposes the audit trails of every member trust',
    cause: 'The central archive\'s bucket or key is deleted or disabled, or a member trust can write into or delete another trust\'s records.',
    effect: 'Access records of many trusts cannot be read or trusted at once; one trust could alter another\'s audit trail.',
    harm: 'Undetected inappropriate access to records across trusts; loss of patient trust.',
    initialRisk: { severity: 3, likelihood: 2 },
    controls: [
      {
        description: 'Every object is locked in COMPLIANCE mode for at least 8 years; the bucket and key are retained.',
        implementedBy: 'LogArchiveStack',
        evidence: { file: 'test/constructs/logging/log-archive-stack.test.ts', test: 'LogArchiveStack: a central archive member trusts deliver to locks every object in COMPLIANCE mode for 8 years and keeps the bucket and key on delete' },
      },
      {
        description: 'Nobody, root included, can delete or disable the archive key.',
        implementedBy: 'LogArchiveStack',
        evidence: { file: 'test/constructs/logging/log-archive-stack.test.ts', test: 'LogArchiveStack: a central archive member trusts deliver to denies everyone, root included, deleting or disabling its key' },
      },
      {
        description: 'Each member account writes only under its own prefix, and nobody can delete or reconfigure.',
        implementedBy: 'LogArchiveStack',
        evidence: { file: 'test/constructs/logging/log-archive-stack.test.ts', test: 'LogArchiveStack: a central archive member trusts deliver to lets each member account write FHIR audit under its own prefix only, and nobody delete or reconfigure' },
      },
    ],
    residualRisk: { severity: 3, likelihood: 1 },
    deployerActions: ['The organisation\'s security team owns the archive account; each trust\'s IG lead can request its records.'],
  },
];

/** Clinical hazards of a trust's delivery to the organisation's central log archive (CentralArchive). */
export const CENTRAL_ARCHIVE_HAZARDS: readonly Hazard[] = [
  {
    id: 'HAZ-AUDIT-003',
    title: 'A trust\'s audit records do not reach the central log archive',
    cause: 'The trust writes outside the folders the central archive grants its account, names another bucket or an alias for the key, or its account is not a member of the LogArchiveStack.',
    effect: 'The trail, AWS Config history and FHIR AuditEvents of the trust are refused by the central archive, so "who accessed my record" cannot be answered from it later.',
    harm: 'Undetected inappropriate access to records; loss of patient trust.',
    initialRisk: { severity: 3, likelihood: 2 },
    controls: [
      {
        description: 'Every object the trust\'s trail, AWS Config and FHIR audit delivery write lies inside what LogArchiveStack grants that account (one shared folder layout), and nothing in another account\'s folders.',
        implementedBy: 'centralArchiveFolders',
        evidence: { file: 'test/lib/trust-stack/central-archive.test.ts', test: 'logging.centralArchive: the trail, AWS Config and the FHIR audit deliver to a LogArchiveStack every object ARN the trust side writes lies inside what LogArchiveStack\'s bucket policy grants that account, and not another account\'s' },
      },
      {
        description: 'Validate and synth refuse a bucket name S3 does not allow, a key alias or malformed ARN, and a key outside the UK.',
        implementedBy: 'centralArchiveProblems',
        evidence: { file: 'test/lib/trust-stack/central-archive.test.ts', test: 'logging.centralArchive in validate: where and what is wrong synth refuses what validate refuses: the construct throws the same problem' },
      },
    ],
    residualRisk: { severity: 3, likelihood: 1 },
    deployerActions: ['List the trust\'s account in the LogArchiveStack\'s memberAccounts before deploying the trust, and after the first deploy confirm objects arrive under AWSLogs/<account>/ and fhir-audit/<account>/.'],
  },
];
