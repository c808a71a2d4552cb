import { z } from 'zod';

/**
 * The `siem:` and `securityServices:` sections of a trust config: where security logs are
 * forwarded, and which AWS threat-detection and posture services the stack turns on.
 *
 * No secret ever lives in a config file: the SIEM's token or key is named by its Secrets Manager
 * secret (`secretName`) and resolved by Firehose at run time, so it never reaches the template.
 */

/** The log groups a trust can forward to its SIEM. */
export const SIEM_LOG_GROUPS = ['trail', 'flowLogs', 'fhirAudit', 'apiAccess', 'findings'] as const;

/** One of the log groups a trust can forward to its SIEM. */
export type SiemLogGroupName = (typeof SIEM_LOG_GROUPS)[number];

/** Config keys whose names say they hold a secret value. */
const SECRET_KEY = /(token|secret|password|passwd|passphrase|api[-_]?key|access[-_]?key|private[-_]?key|shared[-_]?key|credential|auth)/i;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` looks like a credential (a GUID such as a Splunk HEC token, or a long opaque key). */
export function looksLikeSecretValue(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const v = value.trim();
  if (GUID.test(v)) return true;
  // A long opaque run of mixed letters and digits (API keys, base64) rather than the short words of a name.
  return v.split(/[-_/.:]/).some((segment) => segment.length >= 20 && /[0-9]/.test(segment) && /[A-Za-z]/.test(segment));
}

const STORE_IN_SECRETS_MANAGER =
  'never put a secret in the trust config: store the token or key in AWS Secrets Manager and give its name or ARN as secretName';

/**
 * Rejects keys other than `allowed` in a section, with a message that points secrets to Secrets Manager
 * and typos to the allowed keys. Used instead of a strict object so a pasted token gets the right advice.
 */
function rejectUnknownKeys(allowed: readonly string[]) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    for (const [key, v] of Object.entries(value)) {
      if (allowed.includes(key)) continue;
      if (SECRET_KEY.test(key) || looksLikeSecretValue(v)) {
        ctx.addIssue({ code: 'custom', path: [key], message: `looks like a secret value: ${STORE_IN_SECRETS_MANAGER}` });
      } else {
        ctx.addIssue({ code: 'custom', path: [key], message: `is not a siem setting; allowed here: ${allowed.join(', ')}` });
      }
    }
  };
}

const httpsEndpoint = z
  .string({ message: 'must be an https:// URL, like https://splunk.example.nhs.uk:443/services/collector' })
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an https:// URL, like https://splunk.example.nhs.uk:443/services/collector' });
      return;
    }
    if (url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: `must use https:// (Firehose sends security logs only over TLS), not ${url.protocol}//` });
    } else if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: `must not carry credentials in the URL: ${STORE_IN_SECRETS_MANAGER}` });
    } else if ([...url.searchParams.entries()].some(([k, v]) => SECRET_KEY.test(k) || SECRET_KEY.test(v) || looksLikeSecretValue(v))) {
      ctx.addIssue({ code: 'custom', message: `must not carry a token in its query string: ${STORE_IN_SECRETS_MANAGER}` });
    }
  })
  .meta({ description: 'The HTTPS endpoint Firehose delivers to (https only; no credentials in the URL).' });

/** Firehose delivers to HTTP endpoints on port 443 only. */
const httpsEndpoint443 = httpsEndpoint.refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol !== 'https:' || url.port === '' || url.port === '443';
    } catch {
      return true;
    }
  },
  { message: 'must use port 443: Firehose delivers to HTTP endpoints on port 443 only' },
);

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

const secretName = z
  .string({ message: 'must be the name or ARN of a Secrets Manager secret, like rootstock/siem/hec-token' })
  .superRefine((value, ctx) => {
    if (looksLikeSecretValue(value)) {
      ctx.addIssue({
        code: 'custom',
        message: 'looks like the token itself, not the name of the secret holding it: store the token in AWS Secrets Manager and give its name or ARN here',
      });
    } else if (value.startsWith('arn:') ? !SECRET_ARN.test(value) : !SECRET_NAME.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be a Secrets Manager secret name (letters, digits and /_+=.@-) or ARN like arn:aws:secretsmanager:eu-west-2:111122223333:secret:rootstock/siem/hec-token-AbCdEf',
      });
    }
  })
  .meta({ description: 'The name or ARN of the Secrets Manager secret holding the token or key. Never the token itself.' });

const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$/;

const bucketArn = z
  .string({ message: 'must be an S3 bucket ARN like arn:aws:s3:::central-security-logs' })
  .superRefine((value, ctx) => {
    const m = BUCKET_ARN.exec(value);
    if (!m || m[1].includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(m[1])) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an S3 bucket ARN like arn:aws:s3:::central-security-logs (no region, account or object key; bucket names are 3-63 lowercase letters, digits, dots and hyphens)',
      });
    }
  })
  .meta({ description: "The ARN of the central security account's bucket, like arn:aws:s3:::central-security-logs." });

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

const kmsKeyArn = z
  .string()
  .regex(KMS_KEY_ARN, { message: 'must be a KMS key ARN like arn:aws:kms:eu-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' })
  .meta({ description: "The central bucket's KMS key ARN, when the receiving bucket requires SSE-KMS with its own key." });

const logGroups = z
  .array(z.enum(SIEM_LOG_GROUPS, { message: `must be one of ${SIEM_LOG_GROUPS.join(', ')}` }))
  .min(1, { message: `must name at least one log group (${SIEM_LOG_GROUPS.join(', ')}); use destination: none to forward nothing` })
  .refine((list) => new Set(list).size === list.length, { message: 'must not name a log group twice' })
  .default([...SIEM_LOG_GROUPS])
  .meta({ description: `Which log groups to forward: any of ${SIEM_LOG_GROUPS.join(', ')}. Default all (those the stack has).` });

const SPLUNK_KEYS = ['destination', 'endpoint', 'secretName', 'endpointType', 'logGroups'];
const HTTP_KEYS = ['destination', 'endpoint', 'secretName', 'endpointName', 'logGroups'];
const S3_KEYS = ['destination', 'bucketArn', 'kmsKeyArn', 'logGroups'];
const NONE_KEYS = ['destination'];

const SplunkSiemSchema = z
  .looseObject({
    destination: z.literal('splunk'),
    endpoint: httpsEndpoint,
    secretName,
    endpointType: z.enum(['Event', 'Raw'], { message: 'must be Event or Raw (the Splunk HEC endpoint type)' }).default('Event')
      .meta({ description: 'Splunk HEC endpoint type: Event (default) or Raw.' }),
    logGroups,
  })
  .superRefine(rejectUnknownKeys(SPLUNK_KEYS), { when: () => true })
  .meta({ description: 'Forward to Splunk through its HTTP Event Collector (HEC).', additionalProperties: false });

const HttpSiemSchema = z
  .looseObject({
    destination: z.literal('http'),
    endpoint: httpsEndpoint443,
    secretName,
    endpointName: z.string().trim().min(1).max(256).optional()
      .meta({ description: 'A label for the endpoint, like Microsoft Sentinel.' }),
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

/** The minimum length of a reason for turning a security service off. */
export const MIN_REASON_LENGTH = 10;

function serviceSchema(label: string) {
  return z
    .strictObject({
      enabled: z.boolean({ message: 'must be true or false' }).default(true)
        .meta({ description: `Whether this stack turns on ${label}. Default true.` }),
      reason: z.string().trim().optional()
        .meta({ description: `Required when enabled is false: why ${label} is not turned on here (for example, run centrally by the organisation).` }),
    })
    .superRefine((s, ctx) => {
      if (!s.enabled && (s.reason === undefined || s.reason.length < MIN_REASON_LENGTH)) {
        ctx.addIssue({
          code: 'custom',
          path: ['reason'],
          message:
            `is required when enabled is false: say why ${label} is off, in at least ${MIN_REASON_LENGTH} characters ` +
            `(for example 'run centrally by the ICS security account 111122223333'); it is shown in the compliance evidence`,
        });
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
    guardDuty: serviceSchema('GuardDuty').meta({ description: 'GuardDuty threat detection: { enabled: true } or { enabled: false, reason }.' }),
    securityHub: serviceSchema('Security Hub').meta({ description: 'Security Hub with FSBP and CIS standards: { enabled: true } or { enabled: false, reason }.' }),
    config: serviceSchema('AWS Config').meta({ description: 'AWS Config recorder and delivery channel: { enabled: true } or { enabled: false, reason }.' }),
  })
  .default({ guardDuty: { enabled: true }, securityHub: { enabled: true }, config: { enabled: true } })
  .meta({ description: 'Threat detection and posture services. All on by default; turning one off needs a reason.' });

/** The validated `securityServices:` section. */
export type SecurityServicesConfig = z.output<typeof SecurityServicesSchema>;
