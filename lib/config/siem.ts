import { z } from 'zod';
import {
  BUCKET_ARN_PATTERN,
  bucketArnProblem,
  describeSecret,
  KEEP_SECRETS_IN_SECRETS_MANAGER,
  KMS_KEY_ARN_PATTERN,
  kmsKeyArnProblem,
  SECRET_SETTING_NAME,
  secretKind,
  secretNameProblem,
  siemEndpointProblem,
  SPLUNK_ENDPOINT_TYPES,
} from '../../constructs/logging/siem';
import { securityServicesProblems, type SecurityServiceName } from '../../constructs/security/security-services';

/**
 * The `siem:` and `securityServices:` sections of a trust config: where security logs are
 * forwarded, and which AWS threat-detection and posture services the stack turns on.
 *
 * No secret ever lives in a config file: the SIEM's token or key is named by its Secrets Manager
 * secret (`secretName`) and resolved by Firehose at run time, so it never reaches the template.
 * Each field is judged by the SIEM destination's own check (constructs/logging/siem), the same
 * function the construct runs, and a secret found anywhere is described by kind and length only.
 */

/** The log groups a trust can forward to its SIEM. */
export const SIEM_LOG_GROUPS = ['trail', 'flowLogs', 'fhirAudit', 'apiAccess', 'findings'] as const;

/** One of the log groups a trust can forward to its SIEM. */
export type SiemLogGroupName = (typeof SIEM_LOG_GROUPS)[number];

/** True when `value` looks like a credential (a GUID such as a Splunk HEC token, a JWT, a long opaque key, a URL carrying one). */
export function looksLikeSecretValue(value: unknown): boolean {
  return secretKind(value) !== undefined;
}

/** Adds the problem a check function finds as an issue at the current field. */
function refineWith(check: (value: string) => string | undefined) {
  return (value: string, ctx: z.RefinementCtx) => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  };
}

/**
 * Rejects keys other than `allowed` in a section, with a message that points secrets to Secrets Manager
 * (describing the value, never echoing it) and typos to the allowed keys. Used instead of a strict
 * object so a pasted token gets the right advice.
 */
function rejectUnknownKeys(allowed: readonly string[]) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    for (const [key, v] of Object.entries(value)) {
      if (allowed.includes(key)) continue;
      const kind = secretKind(v);
      if (SECRET_SETTING_NAME.test(key) || kind) {
        const found = typeof v === 'string' ? describeSecret(v, kind) : 'a value (redacted)';
        ctx.addIssue({ code: 'custom', path: [key], message: `looks like a secret; got ${found}. ${KEEP_SECRETS_IN_SECRETS_MANAGER}` });
      } else {
        ctx.addIssue({ code: 'custom', path: [key], message: `is not a siem setting; allowed here: ${allowed.join(', ')}` });
      }
    }
  };
}

const endpoint = (options: { port443?: boolean }, example: string) =>
  z
    .string({ message: `must be an https:// URL, like ${example}` })
    .superRefine(refineWith((v) => siemEndpointProblem(v, options)))
    .meta({ description: 'The HTTPS endpoint Firehose delivers to (https only; no credentials or token in the URL).', examples: [example] });

const secretName = z
  .string({ message: 'must be the name or ARN of a Secrets Manager secret, like rootstock/siem/hec-token' })
  .superRefine(refineWith(secretNameProblem))
  .meta({
    description: 'The name or ARN of the Secrets Manager secret holding the token or key. Never the token itself.',
    examples: ['rootstock/siem/hec-token', 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:rootstock/siem/key-AbCdEf'],
  });

const bucketArn = z
  .string({ message: 'must be an S3 bucket ARN like arn:aws:s3:::central-security-logs' })
  .superRefine(refineWith(bucketArnProblem))
  .meta({ pattern: BUCKET_ARN_PATTERN.source, description: "The ARN of the central security account's bucket, like arn:aws:s3:::central-security-logs.", examples: ['arn:aws:s3:::central-security-logs'] });

const kmsKeyArn = z
  .string()
  .superRefine(refineWith(kmsKeyArnProblem))
  .meta({
    pattern: KMS_KEY_ARN_PATTERN.source,
    description: "The central bucket's KMS key ARN, when the receiving bucket requires SSE-KMS with its own key.",
    examples: ['arn:aws:kms:eu-west-2:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
  });

const logGroups = z
  .array(z.enum(SIEM_LOG_GROUPS, { message: `must be one of ${SIEM_LOG_GROUPS.join(', ')}` }))
  .min(1, { message: `must name at least one log group (${SIEM_LOG_GROUPS.join(', ')}); use destination: none to forward nothing` })
  .refine((list) => new Set(list).size === list.length, { message: 'must not name a log group twice' })
  .optional()
  .meta({ description: `Which log groups to forward: any of ${SIEM_LOG_GROUPS.join(', ')} that the stack has. Default every one the stack has.` });

const SPLUNK_KEYS = ['destination', 'endpoint', 'secretName', 'endpointType', 'logGroups'];
const HTTP_KEYS = ['destination', 'endpoint', 'secretName', 'endpointName', 'logGroups'];
const S3_KEYS = ['destination', 'bucketArn', 'kmsKeyArn', 'logGroups'];
const NONE_KEYS = ['destination'];

const SplunkSiemSchema = z
  .looseObject({
    destination: z.literal('splunk'),
    endpoint: endpoint({}, 'https://http-inputs-firehose-example.splunkcloud.com:443'),
    secretName,
    endpointType: z.enum(SPLUNK_ENDPOINT_TYPES, { message: 'must be Event or Raw (the Splunk HEC endpoint type)' }).default('Event')
      .meta({ description: 'Splunk HEC endpoint type: Event (default) or Raw.' }),
    logGroups,
  })
  .superRefine(rejectUnknownKeys(SPLUNK_KEYS), { when: () => true })
  .meta({ description: 'Forward to Splunk through its HTTP Event Collector (HEC).', additionalProperties: false });

const HttpSiemSchema = z
  .looseObject({
    destination: z.literal('http'),
    endpoint: endpoint({ port443: true }, 'https://sentinel-relay.example.nhs.uk/ingest'),
    secretName,
    endpointName: z.string().trim().min(1).max(256).optional()
      .meta({ description: 'A label for the endpoint, like Microsoft Sentinel.', examples: ['Microsoft Sentinel relay'] }),
    logGroups,
  })
  .superRefine(rejectUnknownKeys(HTTP_KEYS), { when: () => true })
  .meta({ description: 'Forward to a generic HTTPS endpoint (for example a Microsoft Sentinel data collection endpoint).', additionalProperties: false });

const S3SiemSchema = z
  .looseObject({
    destination: z.literal('s3'),
    bucketArn,
    kmsKeyArn: kmsKeyArn.optional(),
    logGroups,
  })
  .superRefine(rejectUnknownKeys(S3_KEYS), { when: () => true })
  .meta({ description: "Forward to a bucket in the central security account (cross-account; see README for the receiving bucket's policy).", additionalProperties: false });

const NoSiemSchema = z
  .looseObject({ destination: z.literal('none') })
  .superRefine(rejectUnknownKeys(NONE_KEYS), { when: () => true })
  .meta({ description: 'Forward nothing (logs stay in CloudWatch Logs and the archive).', additionalProperties: false });

/** The `siem:` section: where the trust's security logs are forwarded. Default `{ destination: none }`. */
export const SiemSchema = z
  .discriminatedUnion('destination', [SplunkSiemSchema, HttpSiemSchema, S3SiemSchema, NoSiemSchema], {
    message: 'must be one of splunk, http, s3, none',
  })
  .default({ destination: 'none' })
  .meta({ description: 'Security log forwarding to the trust SIEM: destination splunk | http | s3 | none.' });

/** The validated `siem:` section. */
export type SiemConfig = z.output<typeof SiemSchema>;

function serviceSchema(name: SecurityServiceName, label: string) {
  return z
    .strictObject({
      enabled: z.boolean({ message: 'must be true or false' }).default(true)
        .meta({ description: `Whether this stack turns on ${label}. Default true.` }),
      reason: z.string().trim().optional()
        .meta({ description: `Required when enabled is false: why ${label} is not turned on here (for example, run centrally by the organisation).`, examples: ['Run centrally by the ICS security account 111122223333'] }),
    })
    .superRefine((s, ctx) => {
      // The construct's own check, so validate and synth say the same.
      if (!s.enabled) {
        for (const p of securityServicesProblems({ [name]: { enabled: false, reason: s.reason ?? '' } })) ctx.addIssue({ code: 'custom', path: ['reason'], message: p.message });
      }
      if (s.enabled && s.reason !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is only for enabled: false; remove it or set enabled: false' });
      }
    })
    .default({ enabled: true });
}

/** The `securityServices:` section: GuardDuty, Security Hub and AWS Config, each on unless turned off with a reason. */
export const SecurityServicesSchema = z
  .strictObject({
    guardDuty: serviceSchema('guardDuty', 'GuardDuty').meta({ description: 'GuardDuty threat detection: { enabled: true } or { enabled: false, reason }.' }),
    securityHub: serviceSchema('securityHub', 'Security Hub').meta({ description: 'Security Hub with FSBP and CIS standards: { enabled: true } or { enabled: false, reason }.' }),
    config: serviceSchema('config', 'AWS Config').meta({ description: 'AWS Config recorder and delivery channel: { enabled: true } or { enabled: false, reason }.' }),
  })
  .default({ guardDuty: { enabled: true }, securityHub: { enabled: true }, config: { enabled: true } })
  .meta({ description: 'Threat detection and posture services. All on by default; turning one off needs a reason.' });

/** The validated `securityServices:` section. */
export type SecurityServicesConfig = z.output<typeof SecurityServicesSchema>;
