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
        evidence: { file: 'test/policies/rules/HealthLakeDatastoreRetained.test.ts', test: 'HealthLakeDatastoreRetained: FHIR data stores are retained on stack deletion and replacement fails a store retained on deletion but replaced destructively' },
      },
      {
        description: 'The released store identity is locked in the trust config; any change that would replace the store fails synth naming the property.',
        implementedBy: 'AuditedFhirStoreProps.storeLock',
        evidence: { file: 'test/constructs/fhir/audited-fhir-store.test.ts', test: 'AuditedFhirStore fails when the encryption key changes from the released store (SseConfiguration)' },
      },
      {
        description: 'Escape-hatch overrides of replacement-causing properties, or of the Retain policies, fail synth.',
        implementedBy: 'AuditedFhirStore (synth-time validation of the rendered store)',
        evidence: { file: 'test/constructs/fhir/audited-fhir-store.test.ts', test: 'AuditedFhirStore fails at synth when an escape hatch overrides a replacement-causing property' },
      },
      {
        description: 'The store is exported every night (by default) to a bucket locked in S3 Object Lock COMPLIANCE mode and encrypted with the data key; a failed export start alarms on the security topic.',
        implementedBy: 'constructs/fhir/store-export.ts',
        evidence: { file: 'test/constructs/fhir/hardening.test.ts', test: 'scheduled export of the store (HealthLake has no AWS Backup) exports land in a retained bucket locked in COMPLIANCE mode for the configured days, encrypted with the data key' },
      },
      {
        description: "A storeLock that names another store than the config builds (a copied config) is refused by rootstock validate, leading with storeLock: unreleased.",
        implementedBy: 'constructs/fhir/audited-fhir-store-problems.ts',
        evidence: { file: 'test/lib/config/fhir.test.ts', test: 'fhir config section: what validate catches before any synth fails on a storeLock copied from another trust, at fhir.storeLock, leading with the safe fix' },
      },
      {
        description: 'Every upgrade is checked against the released baselines: a replaced or removed stateful resource fails the pipeline.',
        implementedBy: 'rootstock upgrade-check',
        evidence: { file: 'test/lib/upgrade/upgrade-check.test.ts', test: 'upgradeCheck: stateful resources across two synths fails when a HealthLake datastore name changes, naming DatastoreName' },
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
        evidence: { file: 'test/constructs/fhir/runtime/gateway.test.ts', test: 'FHIR gateway (authoriser + proxy) against a local issuer and a HealthLake stand-in fails closed with 500 and forwards nothing when the audit write fails for an allowed request' },
      },
      {
        description: 'Failing closed raises an alarm on the security topic at the first failed audit write, so someone restores auditing quickly.',
        implementedBy: 'constructs/fhir/gateway-alarms.ts',
        evidence: { file: 'test/constructs/fhir/hardening.test.ts', test: "fail-closed alarm failed audit writes logged by either function raise an alarm on the trust's security topic" },
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
        evidence: { file: 'test/constructs/fhir/runtime/gateway.test.ts', test: 'FHIR gateway (authoriser + proxy) against a local issuer and a HealthLake stand-in fails with 403 and one failure AuditEvent when the selected role does not allow the interaction' },
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
        evidence: { file: 'test/constructs/fhir/runtime/gateway.test.ts', test: 'FHIR gateway (authoriser + proxy) against a local issuer and a HealthLake stand-in fails with 403 when an allowed role asks for an interaction it lacks (delete)' },
      },
      {
        description: "Only the selected CIS2 role counts, and only at the trust or an organisation the config lists.",
        implementedBy: 'constructs/fhir/runtime/caller.ts',
        evidence: { file: 'test/constructs/fhir/gateway-adversarial.test.ts', test: '1. the organisation of the CIS2 role is checked: the selected role, at an allowed organisation a clinician role held at another organisation (RA7) is refused, and the audit names that organisation' },
      },
      {
        description: 'Search parameters are understood from the R4 definitions; every type a search reaches (includes, chains, _has) needs the role; anything not understood is refused.',
        implementedBy: 'constructs/fhir/runtime/search.ts',
        evidence: { file: 'test/constructs/fhir/gateway-adversarial.test.ts', test: '2. search parameters cannot cross the per-type role policy the clinician role is refused a _revinclude of Conditions, which it may not search' },
      },
      {
        description: 'Only access tokens are accepted (ID tokens refused).',
        implementedBy: 'constructs/fhir/runtime/caller.ts',
        evidence: { file: 'test/constructs/fhir/gateway-adversarial.test.ts', test: '9. access tokens only a Cognito ID token is refused and its access token (with the app client in client_id) is served' },
      },
      {
        description: 'An answer holding resource types the request was not authorised to reach is withheld.',
        implementedBy: 'constructs/fhir/runtime/answer.ts',
        evidence: { file: 'test/constructs/fhir/gateway-adversarial.test.ts', test: "4. the audit records HealthLake's real answer, and withholds what it cannot record an answer holding a type the request was not authorised to reach is withheld" },
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
        description: "A decision AuditEvent names the patients the criteria name (or says they are not determined), and an outcome AuditEvent names every patient in HealthLake's answer and in the stored resource a write changes.",
        implementedBy: 'constructs/fhir/runtime/proxy.ts',
        evidence: { file: 'test/constructs/fhir/gateway-adversarial.test.ts', test: '3. the patients named in the audit are the patients reached patient:missing=false is recorded as multiple or unknown patients (never Patient/false), and the outcome names everyone returned' },
      },
      {
        description: 'Reads and writes by logical id name the patient the stored resource belongs to (the Patient compartment).',
        implementedBy: 'constructs/fhir/runtime/patients.ts',
        evidence: { file: 'test/constructs/fhir/gateway-adversarial.test.ts', test: "3. the patients named in the audit are the patients reached an update that moves an Observation to another patient names both: the stored one (read first) and the new one" },
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
        evidence: { file: 'test/constructs/fhir/audited-fhir-store.test.ts', test: 'AuditedFhirStore fails when Synthea preload is asked for in prod' },
      },
    ],
    residualRisk: { severity: 4, likelihood: 1 },
    deployerActions: [],
  },
];
