import type { Hazard } from '../core/hazards';

/** Clinical hazards of the audited FHIR store (AuditedFhirStore: HealthLake behind the auditing gateway). */
export const AUDITED_FHIR_STORE_HAZARDS: readonly Hazard[] = [
  {
    id: 'HAZ-FHIR-001',
    title: 'The FHIR data store is replaced or deleted and patient records are lost',
    cause: 'A change to a property that makes CloudFormation replace the store (name, encryption, version, preload, authorisation), a construct id renamed by an upgrade, or the stack deleted.',
    effect: 'Every record in the store is deleted; clinicians see incomplete or empty records until a restore from export, if any.',
    harm: 'Treatment without the patient\'s history (allergies, medication, results): potentially catastrophic.',
    initialRisk: { severity: 5, likelihood: 3 },
    controls: [
      {
        description: 'The store is retained on delete and on replacement.',
        implementedBy: 'NHS-HealthLakeDatastoreRetained; AuditedFhirStore (RemovalPolicy.RETAIN)',
        evidence: { file: 'test/policies/rules/HealthLakeDatastoreRetained.test.ts', test: 'HealthLakeDatastoreRetained' },
      },
      {
        description: 'The released store identity is locked in the trust config; any change that would replace the store fails synth naming the property.',
        implementedBy: 'AuditedFhirStoreProps.storeLock',
        evidence: { file: 'test/constructs/fhir/audited-fhir-store.test.ts', test: 'fails when the encryption key changes from the released store (SseConfiguration)' },
      },
      {
        description: 'Escape-hatch overrides of replacement-causing properties, or of the Retain policies, fail synth.',
        implementedBy: 'AuditedFhirStore (synth-time validation of the rendered store)',
        evidence: { file: 'test/constructs/fhir/audited-fhir-store.test.ts', test: 'fails at synth when an escape hatch overrides a replacement-causing property' },
      },
      {
        description: 'Every upgrade is checked against the released baselines: a replaced or removed stateful resource fails the pipeline.',
        implementedBy: 'rootstock upgrade-check',
        evidence: { file: 'test/lib/upgrade/upgrade-check.test.ts', test: 'upgrade-check' },
      },
    ],
    residualRisk: { severity: 5, likelihood: 1 },
    deployerActions: ['Commit the storeLock the first synth reports after the first deploy.', 'Test a restore from the scheduled export.'],
  },
  {
    id: 'HAZ-FHIR-002',
    title: 'The gateway refuses every request because the audit record cannot be written',
    cause: 'CloudWatch Logs throttles or rejects the audit write, or the log group\'s key is unusable; the gateway fails closed by design.',
    effect: 'Clinicians cannot read any record through the gateway, including in an emergency.',
    harm: 'Delayed emergency treatment.',
    initialRisk: { severity: 4, likelihood: 2 },
    controls: [
      {
        description: 'A failed audit write withholds the response and forwards nothing (fail closed), so no access goes unrecorded.',
        implementedBy: 'constructs/fhir/runtime/proxy.ts',
        evidence: { file: 'test/constructs/fhir/runtime/gateway.test.ts', test: 'fails closed with 500 and forwards nothing when the audit write fails for an allowed request' },
      },
    ],
    residualRisk: { severity: 4, likelihood: 1 },
    deployerActions: ['Make sure the security topic reaches someone who can act within minutes.', 'Keep a downtime procedure for clinical access when the gateway is unavailable.'],
  },
  {
    id: 'HAZ-FHIR-003',
    title: 'The role policy is too narrow and a clinician is refused information needed for care',
    cause: 'The trust\'s role policy omits a role, resource type or interaction a clinical workflow needs.',
    effect: 'The clinician gets 403 and must find the information elsewhere.',
    harm: 'Delayed treatment.',
    initialRisk: { severity: 3, likelihood: 3 },
    controls: [
      {
        description: 'Every refusal is audited with the role and interaction, so gaps are visible and can be reviewed.',
        implementedBy: 'constructs/fhir/runtime/authoriser.ts',
        evidence: { file: 'test/constructs/fhir/runtime/gateway.test.ts', test: 'fails with 403 and one failure AuditEvent when the selected role does not allow the interaction' },
      },
    ],
    residualRisk: { severity: 3, likelihood: 2 },
    deployerActions: ['The CSO reviews the role policy against the trust\'s clinical roles before go-live and after each change.'],
  },
  {
    id: 'HAZ-FHIR-004',
    title: 'A caller reaches records their role or organisation does not allow',
    cause: 'Roles at other organisations accepted, search parameters that reach other resource types, or tokens not meant for the gateway.',
    effect: 'Patient information is disclosed to staff without a legitimate relationship.',
    harm: 'Breach of confidentiality; harm to vulnerable patients.',
    initialRisk: { severity: 4, likelihood: 3 },
    controls: [
      {
        description: 'Deny by default: only interactions the role policy grants on the resource type are forwarded.',
        implementedBy: 'constructs/fhir/runtime/role-policy.ts',
        evidence: { file: 'test/constructs/fhir/runtime/gateway.test.ts', test: 'fails with 403 when an allowed role asks for an interaction it lacks (delete)' },
      },
    ],
    residualRisk: { severity: 4, likelihood: 1 },
    deployerActions: ['List hosted or shared-care organisations explicitly; review the list yearly.'],
  },
  {
    id: 'HAZ-FHIR-005',
    title: 'The audit trail names the wrong patient, or none, for an access',
    cause: 'Search modifiers, OR-lists or reads by logical id not mapped to the patient they reach.',
    effect: 'A patient asking who accessed their record gets a wrong answer; inappropriate access is hidden.',
    harm: 'Undetected inappropriate access; loss of trust.',
    initialRisk: { severity: 3, likelihood: 3 },
    controls: [
      {
        description: 'Each AuditEvent names the patient the request reached, taken from the request and the stored resource.',
        implementedBy: 'constructs/fhir/runtime/audit-event.ts',
        evidence: { file: 'test/constructs/fhir/runtime/gateway.test.ts', test: 'a search by NHS number is signed with its query and audited with the NHS number' },
      },
    ],
    residualRisk: { severity: 3, likelihood: 1 },
    deployerActions: [],
  },
  {
    id: 'HAZ-FHIR-006',
    title: 'Synthetic test patients mixed with real records',
    cause: 'Synthea preload turned on in a production store.',
    effect: 'A clinician finds a synthetic patient matching a real one and acts on invented data.',
    harm: 'Wrong treatment.',
    initialRisk: { severity: 4, likelihood: 2 },
    controls: [
      {
        description: 'Synthea preload is refused in a prod trust at validation and by the NHS pack.',
        implementedBy: 'auditedFhirStoreProblems (preloadSynthea); NHS-HealthLakeDatastoreNoSyntheticDataInProd',
        evidence: { file: 'test/constructs/fhir/audited-fhir-store.test.ts', test: 'fails when Synthea preload is asked for in prod' },
      },
    ],
    residualRisk: { severity: 4, likelihood: 1 },
    deployerActions: [],
  },
];
