import { z } from 'zod';
import { SecurityServicesSchema, SiemSchema } from './siem';
import { IdentityConfigSchema } from './identity';
import { FhirConfigSchema } from './fhir';
import { ODS_CODE_PATTERN, AUDIT_MIN_RETENTION_DAYS, auditRetentionProblem, LOG_GROUP_RETENTION_DAYS, MAX_OBJECT_LOCK_DAYS, odsCodeProblem, SECURITY_MIN_RETENTION_DAYS, securityRetentionProblem } from '../../constructs/core/checks';
import { cidrProblem } from '../../constructs/network/cidr';
import { kmsKeyArnRegion } from '../../constructs/logging/central-archive';
import { UK_REGIONS } from '../../policies/rules/residency/uk-regions';
import { trustConfigProblems } from '../trust-stack/config-problems';

/**
 * The trust configuration schema: the contract between `trusts/*.yaml`, `TrustStackProps`
 * and every tool that reads a trust's config.
 *
 * Field names here are public: renaming one breaks every trust's config file.
 */

/** AWS regions in the UK (the NHS pack's list): data at rest stays here unless an approved exception is recorded. */
export { UK_REGIONS };

/** The default region for every trust: London. */
export const DEFAULT_REGION = 'eu-west-2';

export { AUDIT_MIN_RETENTION_DAYS as MIN_AUDIT_RETENTION_DAYS, SECURITY_MIN_RETENTION_DAYS as MIN_SECURITY_RETENTION_DAYS } from '../../constructs/core/checks';
export { LOG_GROUP_RETENTION_DAYS as CLOUDWATCH_RETENTION_DAYS } from '../../constructs/core/checks';

/** Adds the problems a check function finds as issues at the current field. */
function refineWith<T>(check: (value: T) => string | undefined) {
  return (value: T, ctx: z.RefinementCtx) => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  };
}

/** Today as an ISO date (UTC), the day an acknowledgement's expiry is compared with. */
function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Why `value` is not an ISO date `YYYY-MM-DD` from today on (the last day an approval holds), or undefined. */
export function approvalExpiryProblem(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const real = m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === value;
  if (!real) return `must be an ISO date YYYY-MM-DD, the last day the approval holds (for example ${Number(todayIso().slice(0, 4)) + 1}-03-31); got '${value}'`;
  if (value < todayIso()) return `has passed (${value}): the approval expired, so synth would fail. Review it with the approver and give the new expiry, or move the stack to eu-west-2`;
  return undefined;
}

export const DataResidencyExceptionSchema = z
  .strictObject({
    approvedBy: z.string().trim().min(1).meta({ description: 'Who approved data at rest outside the UK (name and role, e.g. the SIRO).', examples: ['J Smith, SIRO'] }),
    reference: z.string().trim().min(1).meta({ description: 'The reference of the approval record (cited in the evidence).', examples: ['DPIA-2025-017'] }),
    expires: z
      .string({ message: 'must be an ISO date YYYY-MM-DD (quote it in YAML), the last day the approval holds' })
      .superRefine(refineWith(approvalExpiryProblem))
      .meta({ format: 'date', description: 'The last day the approval holds (YYYY-MM-DD); from the next day synth fails until it is reviewed.', examples: ['2027-03-31'] }),
  })
  .meta({ description: 'A recorded, approved exception allowing a non-UK region: it acknowledges exactly the residency findings for that region, with this approver, reference and expiry.' });

export const CentralArchiveSchema = z
  .strictObject({
    bucketName: z.string().meta({
      description: "The central archive bucket's name: the LogArchiveStack's BucketName output.",
      examples: ['rootstock-logarchive-archivebucket-1a2b3c4d5e6f', 'example-ics-log-archive'],
    }),
    keyArn: z.string().meta({
      description: "The central archive key's ARN (not an alias): the LogArchiveStack's KeyArn output. In a UK region, or the trust's own.",
      examples: ['arn:aws:kms:eu-west-2:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'arn:aws:kms:eu-west-2:777788889999:key/mrk-1234abcd12ab34cd56ef1234567890ab'],
    }),
  })
  .meta({
    description:
      "Deliver the trail, AWS Config and the FHIR audit to a central LogArchiveStack in another account (its bucket and key policies must list this trust's account) instead of the trust's own archive, which keeps access logs, flow logs and exports.",
  });

export const LoggingSchema = z
  .strictObject({
    auditRetentionDays: z
      .int()
      .superRefine(refineWith(auditRetentionProblem))
      .default(AUDIT_MIN_RETENTION_DAYS)
      .meta({ minimum: AUDIT_MIN_RETENTION_DAYS, maximum: MAX_OBJECT_LOCK_DAYS, description: 'Days audit logs are locked (S3 Object Lock COMPLIANCE). Default 2922 (8 years); never below 2922.' }),
    securityRetentionDays: z
      .int()
      .superRefine(refineWith(securityRetentionProblem))
      .default(400)
      .meta({ enum: LOG_GROUP_RETENTION_DAYS.filter((d) => d >= SECURITY_MIN_RETENTION_DAYS), description: 'Days security logs (CloudWatch Logs) are kept. Default 400; never below 180.' }),
    centralArchive: CentralArchiveSchema.optional(),
  })
  .default({ auditRetentionDays: AUDIT_MIN_RETENTION_DAYS, securityRetentionDays: 400 });

export const AlarmsSchema = z
  .strictObject({
    email: z.email({ message: 'must be a valid email address, like security@example.nhs.uk' }).optional()
      .meta({ description: 'Where security alarms are emailed. Optional.', examples: ['security@example.nhs.uk'] }),
  })
  .default({});

export const NetworkSchema = z
  .strictObject({
    cidr: z
      .string()
      .superRefine(refineWith(cidrProblem))
      .default('10.20.0.0/16')
      .meta({ description: 'The VPC CIDR: a private IPv4 block from /16 to /24. Default 10.20.0.0/16.', examples: ['10.20.0.0/16', '172.31.0.0/16', '192.168.255.0/24', '10.0.0.0/24'] }),
  })
  .default({ cidr: '10.20.0.0/16' });

/** The schema of one trust's configuration. */
export const TrustConfigSchema = z
  .strictObject({
    odsCode: z
      .string()
      .superRefine(refineWith(odsCodeProblem))
      .meta({ pattern: ODS_CODE_PATTERN.source, description: 'The trust ODS code: 3 to 5 uppercase letters or digits starting with a letter (RH8, TAD).' }),
    name: z.string().trim().min(1, { message: 'must not be empty' }).meta({ description: 'The trust name.', examples: ['Example NHS Foundation Trust'] }),
    environment: z.enum(['dev', 'test', 'prod']).meta({ description: 'dev | test | prod.' }),
    account: z
      .string({ message: 'must be a quoted string of exactly 12 digits, like "111122223333" (unquoted numbers lose leading zeros)' })
      .regex(/^\d{12}$/, { message: 'must be exactly 12 digits, like "111122223333"' })
      .optional()
      .meta({ description: 'The AWS account id (12 digits). Optional for synth: without it the stack is environment-agnostic.' }),
    region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: 'must be an AWS region name like eu-west-2' }).default(DEFAULT_REGION)
      .meta({ description: 'The AWS region. Default eu-west-2 (London); a non-UK region needs dataResidencyException.', examples: ['eu-west-2', 'eu-west-1', 'eu-central-1'] }),
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
          'Use region: eu-west-2, or record an approved exception as dataResidencyException: { approvedBy, reference, expires }',
      });
    }
    if (UK_REGIONS.includes(cfg.region) && cfg.dataResidencyException) {
      ctx.addIssue({
        code: 'custom',
        path: ['dataResidencyException'],
        message: `is only for a region outside the UK, and region is ${cfg.region}: it would acknowledge nothing. Remove it (or set the approved region)`,
      });
    }
    const centralRegion = cfg.logging.centralArchive && kmsKeyArnRegion(cfg.logging.centralArchive.keyArn);
    if (centralRegion && !UK_REGIONS.includes(centralRegion) && centralRegion !== cfg.region) {
      ctx.addIssue({
        code: 'custom',
        path: ['logging', 'centralArchive', 'keyArn'],
        message: `is in ${centralRegion}, outside the UK: the central archive holds the trust's audit logs, which stay in the UK (${UK_REGIONS.join(', ')}). Use a LogArchiveStack deployed in ${UK_REGIONS.join(' or ')}`,
      });
    }
    // Everything the building blocks' own problem functions reject, at the config field it came from.
    for (const problem of trustConfigProblems(cfg)) ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.message });
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
