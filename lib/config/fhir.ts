import { z } from 'zod';
import { httpsUrlProblem } from '../../constructs/core/checks';
import { REPLACEMENT_PROPERTIES } from '../../constructs/fhir/store-guard';
import { MAX_EXPORT_RETENTION_DAYS, SCHEDULE_EXPRESSION } from '../../constructs/fhir/audited-fhir-store-problems';
import { DEFAULT_EXPORT_RETENTION_DAYS, DEFAULT_EXPORT_SCHEDULE } from '../../constructs/fhir/store-export';
import { ODS_CODE_PATTERN } from '../../constructs/core/checks';
import { ASYMMETRIC_ALGORITHMS, FHIR_INTERACTIONS, rolePolicyProblems } from '../../constructs/fhir/runtime/role-policy';
import {
  DEFAULT_EMERGENCY_WINDOW_MINUTES, EMERGENCY_ACCESS_HEADER, EMERGENCY_GRANT_INTERACTIONS, EMERGENCY_REASON_CODE_LIST, MAX_EMERGENCY_WINDOW_MINUTES, MIN_EMERGENCY_WINDOW_MINUTES,
  windowMinutesProblem,
} from '../../constructs/fhir/runtime/emergency-access';

/**
 * The `fhir:` section of a trust config: the audited FHIR store (AuditedFhirStore).
 *
 * Off unless `enabled: true`; when enabled, `tokenIssuer`, `rolePolicy` and `storeLock` are required.
 */

/** An https URL, judged by the one https check the constructs use too. */
const httpsUrl = (what: string) =>
  z.string().superRefine((url, ctx) => {
    const problem = httpsUrlProblem(url, what);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const FhirTokenIssuerSchema = z
  .strictObject({
    issuer: httpsUrl('the token issuer exactly as in the iss claim').meta({ description: 'The token issuer (iss): the Cognito user pool issuer, or CIS2.' }),
    audience: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)], { message: 'must be a client id or a list of client ids' })
      .meta({ description: 'Accepted audiences (aud).' }),
    jwksUri: httpsUrl('the issuer JWKS URL').optional().meta({ description: "The issuer's JWKS URL. Default <issuer>/.well-known/jwks.json (Cognito)." }),
    roleClaim: z.enum(['cis2', 'cognito'], { message: "must be 'cis2' (nhsid_nrbac_roles) or 'cognito' (cognito:groups)" })
      .meta({ description: 'Where roles are read from: cis2 or cognito.' }),
    algorithms: z
      .array(z.enum(ASYMMETRIC_ALGORITHMS as [string, ...string[]], { message: `must be asymmetric JWS algorithms: ${ASYMMETRIC_ALGORITHMS.join(', ')}` }))
      .min(1)
      .optional()
      .meta({ description: 'Accepted JWS algorithms (asymmetric only). Default RS256, ES256.' }),
  })
  .meta({ description: 'Who issues the bearer tokens the FHIR gateway accepts.' });

export const FhirRolePolicySchema = z
  .record(
    z.string(),
    z.record(z.string(), z.array(z.enum(FHIR_INTERACTIONS, { message: `must be FHIR interactions: ${FHIR_INTERACTIONS.join(', ')}` }))),
  )
  .superRefine((policy, ctx) => {
    for (const problem of rolePolicyProblems(policy)) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ description: 'Role code, activity code or Cognito group -> FHIR resource type (or *) -> allowed interactions. Deny by default.' });

/**
 * `fhir.emergencyAccess`: who may declare an emergency and what it grants. Shapes and ranges here,
 * from the same constants the construct's `emergencyAccessProblems` uses; that function (run over
 * the mapped settings by the trust schema) adds what needs the role policy.
 */
export const FhirEmergencyAccessSchema = z
  .strictObject({
    roles: z.array(z.string().min(1)).min(1, { message: 'must list at least one role that may declare an emergency (a key of rolePolicy)' })
      .meta({ description: 'Role codes, activity codes or Cognito groups (keys of rolePolicy) that may declare an emergency.' }),
    grant: z
      .record(z.string(), z.array(z.enum(FHIR_INTERACTIONS, { message: `must be FHIR interactions: ${EMERGENCY_GRANT_INTERACTIONS.join(', ')}` })))
      .meta({ description: 'What a declared emergency adds to the role policy: FHIR resource type (or *) -> interactions (never delete).' }),
    windowMinutes: z.int({ error: (iss) => windowMinutesProblem(iss.input) })
      .min(MIN_EMERGENCY_WINDOW_MINUTES, { error: (iss) => windowMinutesProblem(iss.input) })
      .max(MAX_EMERGENCY_WINDOW_MINUTES, { error: (iss) => windowMinutesProblem(iss.input) })
      .optional()
      .meta({ description: `Minutes after the caller signed in (the token's auth_time) during which a declaration is honoured. Default ${DEFAULT_EMERGENCY_WINDOW_MINUTES}.` }),
    reasonCodes: z.array(z.enum(EMERGENCY_REASON_CODE_LIST, { message: `must be emergency reasons (HL7 v3 ActReason): ${EMERGENCY_REASON_CODE_LIST.join(', ')}` })).min(1).optional()
      .meta({ description: `The reasons accepted. Default all of ${EMERGENCY_REASON_CODE_LIST.join(', ')}.` }),
  })
  .meta({ description: `Emergency ("break glass") access: the roles that may declare an emergency (${EMERGENCY_ACCESS_HEADER}: <reason code>; <free text>), the wider grant, the window. Always audited and alarmed. Default: none, and a declaration is refused.` });

export const FhirStoreIdentitySchema = z
  .strictObject(Object.fromEntries(REPLACEMENT_PROPERTIES.map((p) => [p, z.string().min(1)])) as Record<(typeof REPLACEMENT_PROPERTIES)[number], z.ZodString>)
  .meta({ description: 'The released identity of the data store, as in the template metadata Rootstock::StoreIdentity.' });

/** The settings of the audited FHIR store, shared by the enabled and disabled forms of the section. */
const fhirFields = {
  tokenIssuer: FhirTokenIssuerSchema,
  rolePolicy: FhirRolePolicySchema,
  storeLock: z
    .union([z.literal('unreleased'), FhirStoreIdentitySchema], {
      error: (issue) =>
        issue.input === undefined
          ? 'is required when fhir.enabled is true; write storeLock: unreleased before the first deploy, then the identity the synth reports'
          : "must be 'unreleased' (before the first deploy) or the released store identity { DatastoreName, DatastoreTypeVersion, SseConfiguration, PreloadDataConfig, IdentityProviderConfiguration }",
    })
    .meta({ description: "The released store identity that guards against replacement, or 'unreleased' before the first deploy." }),
  allowReplacement: z
    .array(z.strictObject({
      property: z.enum(REPLACEMENT_PROPERTIES, { message: `must be one of ${REPLACEMENT_PROPERTIES.join(', ')}` }),
      reason: z.string().trim().min(10, { message: 'must say why replacing the store (and deleting its data) is acceptable (at least 10 characters)' }),
    }))
    .optional()
    .meta({ description: 'Explicit permission to replace the store through the named properties, each with a reason.' }),
  datastoreName: z.string().regex(/^[A-Za-z0-9_.:/=+@-]{1,256}$/, { message: 'must be 1 to 256 letters, digits or _.:/=+@-' }).optional()
    .meta({ description: 'The HealthLake data store name. Default <odscode>-<environment>-fhir.' }),
  preloadSynthea: z.boolean().default(false).meta({ description: 'Preload Synthea synthetic patients (dev and test only). Default false.' }),
  allowedOrganisations: z
    .array(z.string().meta({ pattern: ODS_CODE_PATTERN.source }))
    .optional()
    .meta({ description: "ODS codes of organisations besides the trust whose staff may use the gateway (hosted services, shared care). A CIS2 caller's selected role must be held at the trust or at one of these. Default: the trust only." }),
  export: z
    .strictObject({
      schedule: z.string().regex(SCHEDULE_EXPRESSION, { message: 'must be an EventBridge Scheduler expression like cron(0 2 * * ? *) or rate(12 hours)' }).optional()
        .meta({ description: `When the store is exported (Europe/London time). Default ${DEFAULT_EXPORT_SCHEDULE}, every night at 02:00.` }),
      retentionDays: z.int().min(1).max(MAX_EXPORT_RETENTION_DAYS).optional()
        .meta({ description: `Days each export is locked (S3 Object Lock COMPLIANCE) and kept. Default ${DEFAULT_EXPORT_RETENTION_DAYS}.` }),
    })
    .optional()
    .meta({ description: 'The scheduled export of the store to a locked, KMS-encrypted bucket (HealthLake has no AWS Backup).' }),
  wafWebAclArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[^/]+\/[^/]+$/, { message: 'must be a REGIONAL WAFv2 web ACL ARN, like arn:aws:wafv2:eu-west-2:111122223333:regional/webacl/name/id' })
    .optional()
    .meta({ description: 'A REGIONAL WAFv2 web ACL to associate with the gateway.' }),
  emergencyAccess: FhirEmergencyAccessSchema.optional(),
};

/** `fhir:` with `enabled: true`: the store and gateway are deployed, so who issues tokens, the role policy and the store lock are required. */
export const FhirEnabledConfigSchema = z
  .strictObject({
    enabled: z.literal(true).meta({ description: 'Deploy the audited FHIR store and gateway.' }),
    ...fhirFields,
    storeLock: fhirFields.storeLock.meta({ description: "Required: 'unreleased' before the first deploy, then the identity the synth reports (template metadata Rootstock::StoreIdentity)." }),
  })
  .meta({ description: 'The audited FHIR store, deployed.' });

/** `fhir:` with `enabled: false` (or no `enabled`): nothing is deployed; the settings may stay for later. */
export const FhirDisabledConfigSchema = z
  .strictObject({
    enabled: z.literal(false).meta({ description: 'The audited FHIR store is not deployed.' }),
    tokenIssuer: fhirFields.tokenIssuer.optional(),
    rolePolicy: fhirFields.rolePolicy.optional(),
    storeLock: fhirFields.storeLock.optional(),
    allowReplacement: fhirFields.allowReplacement,
    datastoreName: fhirFields.datastoreName,
    preloadSynthea: fhirFields.preloadSynthea,
    allowedOrganisations: fhirFields.allowedOrganisations,
    export: fhirFields.export,
    wafWebAclArn: fhirFields.wafWebAclArn,
    emergencyAccess: fhirFields.emergencyAccess,
  })
  .meta({ description: 'The audited FHIR store, not deployed.' });

/**
 * The `fhir:` section: a union on `enabled`, so a config with `enabled: true` always carries
 * `tokenIssuer`, `rolePolicy` and `storeLock` (no assertions needed downstream). A section
 * without `enabled` is read as `enabled: false`.
 */
export const FhirConfigSchema = z
  .preprocess(
    (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) && !('enabled' in v) ? { ...v, enabled: false } : v),
    z.discriminatedUnion('enabled', [FhirEnabledConfigSchema, FhirDisabledConfigSchema], {
      message: 'must be true or false: true deploys the audited FHIR store and gateway',
    }),
  )
  .meta({ description: 'The audited FHIR store: HealthLake behind an authenticating, role-checking, auditing gateway.' });

/** The validated `fhir:` section. */
export type FhirConfig = z.output<typeof FhirConfigSchema>;

/** The validated `fhir:` section of a trust that deploys the store. */
export type FhirEnabledConfig = z.output<typeof FhirEnabledConfigSchema>;
