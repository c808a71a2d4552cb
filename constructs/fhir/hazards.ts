import type { Hazard, HazardControl } from '../core/hazards';

const EMERGENCY_TESTS = 'test/constructs/fhir/emergency-access.test.ts';

/** The control emergency access adds to HAZ-FHIR-003 (role policy too narrow), when it is configured. */
const EMERGENCY_ACCESS_CONTROL: HazardControl = {
  description:
    'Where the trust configures emergencyAccess, a clinician in a listed role can declare an emergency on a request (HL7 v3 ActReason ETREAT, BTG or ERTREAT, with free text) and gets the configured wider grant while their sign-in is recent, so a role policy that is too narrow does not stop emergency care; every such access is audited, alarmed and reviewed (HAZ-FHIR-007).',
  implementedBy: 'constructs/fhir/runtime/emergency-access.ts',
  evidence: { file: EMERGENCY_TESTS, test: 'emergency access: granted only to configured roles, within the grant a configured role declaring BTG reads a Condition its role policy does not allow, audited as emergency access with the code, the free text and the patient' },
};

/** Misuse of emergency access: a hazard only where the trust configures it. */
const EMERGENCY_ACCESS_MISUSE: Hazard = {
  id: 'HAZ-FHIR-007',
  title: 'Emergency ("break glass") access is used without a clinical emergency',
  cause: 'A member of staff in a role allowed to declare an emergency declares one without need (curiosity, a relative, a public figure), or someone holding a stolen access token declares one.',
  effect: "Records beyond the role policy are disclosed during the window after the caller's sign-in.",
  harm: 'Breach of confidentiality; harm to vulnerable patients; loss of trust in the record.',
  initialRisk: { severity: 4, likelihood: 3 },
  controls: [
    {
      description: 'Off unless the trust configures it: without the configuration a declaration is refused (400) and audited, never ignored.',
      implementedBy: 'constructs/fhir/runtime/emergency-access.ts',
      evidence: { file: EMERGENCY_TESTS, test: 'emergency access: off by default a trust with no emergency access refuses a declaration (400) and audits it, even on a request its role policy allows' },
    },
    {
      description: 'Only the configured roles may declare, at an allowed organisation; anyone else is refused (403) and the attempt audited with the declared reason.',
      implementedBy: 'constructs/fhir/runtime/authoriser.ts',
      evidence: { file: EMERGENCY_TESTS, test: 'emergency access: granted only to configured roles, within the grant a role not allowed to declare (R8008) is refused, and the refusal records the declared reason' },
    },
    {
      description: "A declaration is honoured only within the configured minutes after the caller signed in (the token's auth_time, which a refresh does not move): a stolen or long-lived token cannot break glass later.",
      implementedBy: 'constructs/fhir/runtime/emergency-access.ts',
      evidence: { file: EMERGENCY_TESTS, test: 'emergency access: the window after sign-in a token issued just now for a sign-in older than the window is refused (a refresh does not reopen the window)' },
    },
    {
      description: 'Only a reason code from the fixed list, with free text a reviewer can judge; anything else about a declaration is refused (400) and audited.',
      implementedBy: 'constructs/fhir/runtime/emergency-access.ts',
      evidence: { file: EMERGENCY_TESTS, test: 'emergency access: declarations the gateway cannot honour are refused and audited every header value is either an accepted declaration or refused (400) and audited: never served as a normal request' },
    },
    {
      description: 'Emergency access widens only the grant (never delete); the search allow-lists, organisation check, patient attribution and outcome auditing apply as to any request.',
      implementedBy: 'constructs/fhir/runtime/proxy.ts',
      evidence: { file: EMERGENCY_TESTS, test: 'emergency access: granted only to configured roles, within the grant the search allow-lists apply: a parameter the gateway does not understand is refused (400)' },
    },
    {
      description: 'Audited: the decision and outcome AuditEvents carry purposeOfEvent (the code) and the free text and name the patients reached; if they cannot be written nothing is forwarded or answered.',
      implementedBy: 'constructs/fhir/runtime/audit-event.ts',
      evidence: { file: EMERGENCY_TESTS, test: 'emergency access: always audited (fail closed) an emergency request whose decision AuditEvent cannot be written is refused (500) and nothing reaches HealthLake' },
    },
    {
      description: "Alarmed: a metric filter on the audit log group counts every emergency AuditEvent and an alarm with threshold 1 notifies the trust's security topic within a minute.",
      implementedBy: 'constructs/fhir/gateway-alarms.ts',
      evidence: { file: 'test/constructs/fhir/emergency-access-alarm.test.ts', test: 'emergency access alarm a metric filter on the audit log group counts emergency AuditEvents, and an alarm with threshold 1 notifies the security topic at once' },
    },
    {
      description: 'Reviewed: rootstock audit-access --emergency --since lists every emergency access in the archive (its error prefix included): who, role, organisation, reason, patients, what was done, outcome, time.',
      implementedBy: 'lib/audit/emergency-access.ts',
      evidence: { file: 'test/lib/audit/emergency-access.test.ts', test: 'rootstock audit-access --emergency lists exactly the emergency accesses since the date, error prefix included, one per request' },
    },
  ],
  residualRisk: { severity: 4, likelihood: 2 },
  deployerActions: [
    'Keep the declaring roles few (clinical roles in urgent and emergency care) and the grant to what emergency care needs.',
    'The IG lead and the CSO review rootstock audit-access --emergency --since <last review> at least weekly and on every alarm, contacting the clinician the same day when the reason does not explain the access.',
    "Tell staff that every emergency access is alarmed and reviewed, and apply the trust's sanctions policy to misuse.",
  ],
};

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
    effect: 'Clinicians cannot read any record through the gateway, including in an emergency: emergency access is audited like any other access, so it fails closed too (it is no control here by design; unaudited access is what HAZ-FHIR-007 guards against).',
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
    deployerActions: [
      'Make sure the security topic reaches someone who can act within minutes.',
      'Keep a downtime procedure for clinical access when the gateway is unavailable: emergency access does not bypass a failed audit.',
    ],
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
      EMERGENCY_ACCESS_CONTROL,
    ],
    residualRisk: { severity: 3, likelihood: 2 },
    deployerActions: [
      'The CSO reviews the role policy against the trust\'s clinical roles before go-live and after each change.',
      'Decide whether clinical roles need emergency access (fhir.emergencyAccess), and review its grant with the role policy.',
    ],
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
  EMERGENCY_ACCESS_MISUSE,
];

/**
 * The hazards of an AuditedFhirStore as configured: without emergency access, neither the misuse
 * hazard (HAZ-FHIR-007) nor the emergency control of HAZ-FHIR-003 applies, so the hazard log of
 * a trust lists exactly what it deployed.
 */
export function auditedFhirStoreHazards(options: { readonly emergencyAccess: boolean }): readonly Hazard[] {
  if (options.emergencyAccess) return AUDITED_FHIR_STORE_HAZARDS;
  return AUDITED_FHIR_STORE_HAZARDS.filter((h) => h !== EMERGENCY_ACCESS_MISUSE).map((h) => ({ ...h, controls: h.controls.filter((c) => c !== EMERGENCY_ACCESS_CONTROL) }));
}
