import { z } from 'zod';
import { SecurityServicesSchema, SiemSchema } from './siem';
import { IdentityConfigSchema } from './identity';
import { FhirConfigSchema } from './fhir';

/**
 * The trust configuration schema: the contract between `trusts/*.yaml`, `TrustStackProps`
 * and every tool that reads a trust's config.
 *
 * Field names here are public: renaming one breaks every trust's config file.
 */

/** AWS regions in the UK. Data at rest stays here unless an approved exception is recorded. */
export const UK_REGIONS: readonly string[] = ['eu-west-2'];

/** The default region for every trust: London. */
export const DEFAULT_REGION = 'eu-west-2';

/** The minimum retention for audit logs tied to health records: 8 years (Records Management Code). */
export const MIN_AUDIT_RETENTION_DAYS = 2922;

/** The minimum retention for security logs: 6 months (NCSC guidance relayed by DSPT C1). */
export const MIN_SECURITY_RETENTION_DAYS = 180;

/** Retention periods CloudWatch Logs accepts (days). */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const PRIVATE_RANGES: ReadonlyArray<[number, number]> = [
  [ipToInt('10.0.0.0'), 8],
  [ipToInt('172.16.0.0'), 12],
  [ipToInt('192.168.0.0'), 16],
];

function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

/** Why `cidr` is not a usable trust network, or undefined when it is. */
export function cidrProblem(cidr: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return 'is not an IPv4 CIDR block like 10.20.0.0/16';
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return 'has an octet above 255';
  const prefix = Number(m[5]);
  if (prefix < 16 || prefix > 24) return `has prefix /${prefix}; use a prefix from /16 to /24`;
  const address = ipToInt(octets.join('.'));
  const hostBits = 2 ** (32 - prefix);
  if (address % hostBits !== 0) {
    const base = Math.floor(address / hostBits) * hostBits;
    const fixed = [24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join('.');
    return `has host bits set (did you mean ${fixed}/${prefix}?)`;
  }
  const isPrivate = PRIVATE_RANGES.some(([net, bits]) => Math.floor(address / 2 ** (32 - bits)) === Math.floor(net / 2 ** (32 - bits)));
  if (!isPrivate) return 'is not in a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)';
  return undefined;
}

export const DataResidencyExceptionSchema = z
  .strictObject({
    approvedBy: z.string().trim().min(1).meta({ description: 'Who approved data at rest outside the UK (e.g. the SIRO).' }),
    reference: z.string().trim().min(1).meta({ description: 'The reference of the approval record.' }),
  })
  .meta({ description: 'A recorded, approved exception allowing a non-UK region.' });

export const LoggingSchema = z
  .strictObject({
    auditRetentionDays: z
      .int()
      .min(MIN_AUDIT_RETENTION_DAYS, { message: `must be at least ${MIN_AUDIT_RETENTION_DAYS} (8 years, Records Management Code of Practice)` })
      .max(36500, { message: 'must be at most 36500 (100 years, the S3 Object Lock limit)' })
      .default(MIN_AUDIT_RETENTION_DAYS)
      .meta({ description: 'Days audit logs are locked (S3 Object Lock COMPLIANCE). Default 2922 (8 years); never below 2922.' }),
    securityRetentionDays: z
      .int()
      .min(MIN_SECURITY_RETENTION_DAYS, { message: `must be at least ${MIN_SECURITY_RETENTION_DAYS} (6 months, NCSC guidance)` })
      .refine((d) => CLOUDWATCH_RETENTION_DAYS.includes(d), {
        message: `must be a CloudWatch Logs retention period: one of ${CLOUDWATCH_RETENTION_DAYS.filter((d) => d >= MIN_SECURITY_RETENTION_DAYS).join(', ')}`,
      })
      .default(400)
      .meta({ description: 'Days security logs (CloudWatch Logs) are kept. Default 400; never below 180.' }),
  })
  .default({ auditRetentionDays: MIN_AUDIT_RETENTION_DAYS, securityRetentionDays: 400 });

export const AlarmsSchema = z
  .strictObject({
    email: z.email({ message: 'must be a valid email address, like security@example.nhs.uk' }).optional()
      .meta({ description: 'Where security alarms are emailed. Optional.' }),
  })
  .default({});

export const NetworkSchema = z
  .strictObject({
    cidr: z
      .string()
      .superRefine((cidr, ctx) => {
        const problem = cidrProblem(cidr);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .default('10.20.0.0/16')
      .meta({ description: 'The VPC CIDR: a private IPv4 block from /16 to /24. Default 10.20.0.0/16.' }),
  })
  .default({ cidr: '10.20.0.0/16' });

/** The schema of one trust's configuration. */
export const TrustConfigSchema = z
  .strictObject({
    odsCode: z
      .string()
      .regex(/^R[A-Z0-9]{2,4}$/, { message: 'must be the trust ODS code: 3 to 5 uppercase letters or digits starting with R, like RH8' })
      .meta({ description: 'The trust ODS code (3 to 5 uppercase alphanumerics, starting with R).' }),
    name: z.string().trim().min(1, { message: 'must not be empty' }).meta({ description: 'The trust name.' }),
    environment: z.enum(['dev', 'test', 'prod']).meta({ description: 'dev | test | prod.' }),
    account: z
      .string({ message: 'must be a quoted string of exactly 12 digits, like "111122223333" (unquoted numbers lose leading zeros)' })
      .regex(/^\d{12}$/, { message: 'must be exactly 12 digits, like "111122223333"' })
      .optional()
      .meta({ description: 'The AWS account id (12 digits). Optional for synth: without it the stack is environment-agnostic.' }),
    region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: 'must be an AWS region name like eu-west-2' }).default(DEFAULT_REGION)
      .meta({ description: 'The AWS region. Default eu-west-2 (London); a non-UK region needs dataResidencyException.' }),
    dataResidencyException: DataResidencyExceptionSchema.optional(),
    logging: LoggingSchema,
    alarms: AlarmsSchema,
    network: NetworkSchema,
    siem: SiemSchema,
    securityServices: SecurityServicesSchema,
    identity: IdentityConfigSchema.optional(),
    fhir: FhirConfigSchema.optional(),
  })
  .superRefine((cfg, ctx) => {
    if (!UK_REGIONS.includes(cfg.region) && !cfg.dataResidencyException) {
      ctx.addIssue({
        code: 'custom',
        path: ['region'],
        message:
          `is not a UK region: data at rest must stay in the UK (${UK_REGIONS.join(', ')}). ` +
          'Use region: eu-west-2, or record an approved exception as dataResidencyException: { approvedBy, reference }',
      });
    }
    if (cfg.fhir?.preloadSynthea && cfg.environment === 'prod') {
      ctx.addIssue({
        code: 'custom',
        path: ['fhir', 'preloadSynthea'],
        message: 'must be false in a prod environment: synthetic patients do not belong beside real records (and changing it later replaces the store). Remove it, or use environment: dev or test',
      });
    }
  })
  .meta({ title: 'Rootstock trust configuration', description: 'One NHS trust\'s Rootstock stack configuration.' });

/** A trust's configuration as written (defaults not yet applied): the shape of `TrustStackProps`. */
export type TrustConfigInput = z.input<typeof TrustConfigSchema>;

/** A validated trust configuration with every default applied. */
export type TrustConfig = z.output<typeof TrustConfigSchema>;

/** The JSON Schema for trust config files (what `schema/trust.schema.json` holds). */
export function trustJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://github.com/nhsx/rootstock/schema/trust.schema.json',
    ...z.toJSONSchema(TrustConfigSchema, { io: 'input', unrepresentable: 'any' }),
  };
}
