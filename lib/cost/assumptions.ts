import * as fs from 'fs';
import { isMap, parseDocument } from 'yaml';
import { UserError } from '../errors';

/**
 * The usage assumptions `rootstock cost` prices usage-dependent meters with: every one stated in
 * the output with its value, unit and meaning, each overridable with `--assume key=value` or an
 * assumptions file. Defaults describe a modest single-trust production workload; a trust should
 * replace them with its own measurements after the first month.
 */

/** One usage assumption: its key, default, unit and what it means. */
export interface AssumptionDef {
  /** The key used on the command line and in assumption files, `area.name`. */
  readonly key: string;
  /** The default value. */
  readonly value: number;
  /** The unit the value is in. */
  readonly unit: string;
  /** What the value means and what it prices. */
  readonly description: string;
}

/** Every usage assumption, with its default. */
export const ASSUMPTIONS: readonly AssumptionDef[] = [
  { key: 'fhir.requestsPerMonth', value: 1_000_000, unit: 'requests/month', description: 'FHIR gateway requests (API Gateway REST, WAF, authoriser and proxy Lambdas, HealthLake queries, one AuditEvent each)' },
  { key: 'fhir.authoriserMs', value: 60, unit: 'ms', description: 'average duration of the FHIR token authoriser Lambda (no authoriser cache: it runs on every request)' },
  { key: 'fhir.proxyMs', value: 300, unit: 'ms', description: 'average duration of the FHIR proxy Lambda (writes the AuditEvent, forwards to HealthLake)' },
  { key: 'fhir.auditEventKb', value: 4, unit: 'KB', description: 'size of one FHIR AuditEvent (CloudWatch Logs ingestion and Firehose ingestion)' },
  { key: 'fhir.storeGb', value: 50, unit: 'GB', description: 'FHIR data held in the HealthLake data store (first 10 GB included)' },
  { key: 'fhir.auditObjectsPerMonth', value: 100_000, unit: 'objects/month', description: 'S3 objects Firehose dynamic partitioning writes (one per NHS number and day per buffer)' },
  { key: 'fhir.jqHoursPerMonth', value: 1, unit: 'hours/month', description: 'Firehose JQ processing time for the partition keys' },
  { key: 'identity.monthlyActiveUsers', value: 3_000, unit: 'users/month', description: 'people signing in through the Cognito user pool in a month (staff via CIS2, citizens via NHS login)' },
  { key: 'identity.signInsPerUser', value: 20, unit: 'sign-ins/user/month', description: 'sign-ins per active user: each is 3 HTTP API requests (authorize, token, JWKS), 2 proxy and 1 JWKS invocation and 1 KMS Sign' },
  { key: 'identity.proxyMs', value: 400, unit: 'ms', description: 'average duration of the identity proxy Lambda (calls the identity provider)' },
  { key: 'identity.jwksMs', value: 50, unit: 'ms', description: 'average duration of the JWKS Lambda' },
  { key: 'lambda.otherInvocationsPerMonth', value: 10_000, unit: 'invocations/month', description: 'invocations of any Lambda function not named above' },
  { key: 'lambda.otherMs', value: 200, unit: 'ms', description: 'average duration of any Lambda function not named above' },
  { key: 'lambda.logKbPerInvocation', value: 1, unit: 'KB', description: 'log written by a function per invocation' },
  { key: 'lambda.tracedShare', value: 1, unit: 'fraction', description: 'share of invocations X-Ray records for functions with active tracing (the default sampling rule records one request a second and 5% more: at these rates nearly all)' },
  { key: 'api.accessLogKb', value: 0.5, unit: 'KB', description: 'API Gateway access-log line per request' },
  { key: 'api.otherRequestsPerMonth', value: 100_000, unit: 'requests/month', description: 'requests to any API or web ACL not named above' },
  { key: 'waf.logKb', value: 1.5, unit: 'KB', description: 'WAF log record per inspected request' },
  { key: 'trail.managementEventsPerMonth', value: 2_000_000, unit: 'events/month', description: 'CloudTrail management events in the account (GuardDuty analysis, CloudWatch Logs delivery)' },
  { key: 'trail.eventKb', value: 1.5, unit: 'KB', description: 'size of one CloudTrail event delivered to CloudWatch Logs' },
  { key: 'trail.dataEventsPerMonth', value: 1_000_000, unit: 'events/month', description: 'CloudTrail data events, for trails that select data events' },
  { key: 'archive.gbPerMonth', value: 10, unit: 'GB/month', description: 'compressed objects written to the audit archive (Object Lock) per month: CloudTrail, VPC flow logs, FHIR AuditEvents, Config history' },
  { key: 'archive.objectsPerMonth', value: 50_000, unit: 'objects/month', description: 'objects written to the audit archive per month (PUT requests and lifecycle transitions)' },
  { key: 'archive.accessLogsGbPerMonth', value: 1, unit: 'GB/month', description: 'S3 server access logs written to the access-log bucket' },
  { key: 's3.otherGbPerMonth', value: 1, unit: 'GB/month', description: 'growth of any other bucket (SIEM failed-delivery backup, exports)' },
  { key: 's3.otherObjectsPerMonth', value: 10_000, unit: 'objects/month', description: 'objects written to any other bucket' },
  { key: 'logs.storedShare', value: 0.15, unit: 'fraction', description: 'CloudWatch Logs stored (compressed) bytes per ingested byte' },
  { key: 'logs.otherGbPerMonth', value: 0.1, unit: 'GB/month', description: 'ingestion of any log group whose writer the estimate cannot name' },
  { key: 'network.natGbPerMonth', value: 20, unit: 'GB/month', description: 'traffic through the NAT gateways (calls to identity providers and JWKS endpoints), all gateways together' },
  { key: 'network.endpointGbPerMonth', value: 2, unit: 'GB/month', description: 'traffic through each interface endpoint' },
  { key: 'network.flowLogGbPerMonth', value: 10, unit: 'GB/month', description: 'VPC flow log records delivered (before compression)' },
  { key: 'kms.requestsPerKeyPerMonth', value: 50_000, unit: 'requests/month', description: 'requests to each symmetric key (encrypt, decrypt, data keys from CloudTrail, Logs, S3, Lambda, HealthLake)' },
  { key: 'secrets.callsPerSecretPerMonth', value: 10_000, unit: 'calls/month', description: 'GetSecretValue calls per secret' },
  { key: 'alarms.notificationsPerMonth', value: 200, unit: 'notifications/month', description: 'alarm and finding notifications published to the security topic' },
  { key: 'guardDuty.flowDnsGbPerMonth', value: 10, unit: 'GB/month', description: 'VPC flow and DNS logs GuardDuty analyses' },
  { key: 'guardDuty.s3DataEventsPerMonth', value: 500_000, unit: 'events/month', description: 'S3 data events GuardDuty analyses (S3 protection)' },
  { key: 'guardDuty.lambdaNetworkGbPerMonth', value: 1, unit: 'GB/month', description: 'Lambda network activity GuardDuty analyses (Lambda protection)' },
  { key: 'securityHub.checksPerMonth', value: 10_000, unit: 'checks/month', description: 'Security Hub security checks (FSBP and CIS controls over the account\'s resources)' },
  { key: 'config.itemsPerMonth', value: 2_000, unit: 'items/month', description: 'AWS Config configuration items recorded (every resource change, Lambda ENIs included)' },
  { key: 'config.evaluationsPerRulePerMonth', value: 500, unit: 'evaluations/month', description: 'evaluations of each AWS Config rule' },
  { key: 'siem.gbPerMonth', value: 30, unit: 'GB/month', description: 'security logs forwarded to the SIEM through Firehose' },
  { key: 'firehose.otherGbPerMonth', value: 1, unit: 'GB/month', description: 'ingestion of any other Firehose stream' },
  { key: 'backup.gb', value: 0, unit: 'GB', description: 'warm backup storage in the vault (resources the trust tags rootstock:backup=true; none in the stack itself)' },
];

/** Assumption values by key: every key of ASSUMPTIONS, defaults replaced by overrides. */
export type Assumptions = Readonly<Record<string, number>>;

/** The default assumptions. */
export function defaultAssumptions(): Assumptions {
  return Object.fromEntries(ASSUMPTIONS.map((a) => [a.key, a.value]));
}

const KEYS = new Set(ASSUMPTIONS.map((a) => a.key));
const FRACTIONS = new Set(ASSUMPTIONS.filter((a) => a.unit === 'fraction').map((a) => a.key));

/** The problem with one assumption value, or undefined when it is usable. */
export function assumptionProblem(key: string, value: unknown): string | undefined {
  if (!KEYS.has(key)) {
    const near = [...KEYS].filter((k) => k.split('.')[1]?.toLowerCase() === key.split('.').pop()?.toLowerCase() || k.toLowerCase().startsWith(key.split('.')[0].toLowerCase() + '.'));
    return `'${key}' is not a cost assumption${near.length ? ` (did you mean ${near.slice(0, 4).join(', ')}?)` : ''}; run 'rootstock cost --list-assumptions' for every key`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    return `'${key}' must be a number of zero or more, got ${JSON.stringify(value)}`;
  }
  if (FRACTIONS.has(key) && value > 1) return `'${key}' is a fraction between 0 and 1, got ${value}`;
  return undefined;
}

/**
 * Parses repeated `--assume key=value` flags into overrides.
 *
 * @throws UserError (exit 2) naming the flag, the value and the fix.
 */
export function parseAssumeFlags(flags: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new UserError(`--assume must look like key=value (e.g. --assume fhir.requestsPerMonth=2000000); got '${flag}'.`);
    const key = flag.slice(0, eq).trim();
    const text = flag.slice(eq + 1).trim().replace(/_/g, '');
    const value = text === '' ? NaN : Number(text);
    const problem = assumptionProblem(key, Number.isNaN(value) ? text : value);
    if (problem) throw new UserError(`--assume ${flag}: ${problem}.`);
    out[key] = value;
  }
  return out;
}

/**
 * Reads an assumptions file: YAML or JSON, either flat (`fhir.requestsPerMonth: 2000000`) or
 * nested by area (`fhir: { requestsPerMonth: 2000000 }`).
 *
 * @throws UserError (exit 2) naming the file, line, key and fix.
 */
export function readAssumptionsFile(file: string): Record<string, number> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`--assumptions ${file}: cannot read it (${code === 'ENOENT' ? 'no such file' : code ?? (e as Error).message}). Give a YAML or JSON file of assumption keys and numbers.`);
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const at = doc.errors[0].linePos?.[0];
    throw new UserError(`${file}${at ? `:${at.line}:${at.col}` : ''}: malformed YAML: ${doc.errors[0].message.split('\n')[0]}. Fix the syntax and run again.`);
  }
  if (!isMap(doc.contents)) throw new UserError(`${file}:1:1: an assumptions file must be a mapping of keys to numbers, like 'fhir.requestsPerMonth: 2000000'.`);
  const out: Record<string, number> = {};
  const visit = (value: unknown, prefix: string) => {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && !KEYS.has(key)) {
        visit(v, key);
        continue;
      }
      const problem = assumptionProblem(key, v);
      if (problem) {
        const line = lineOf(text, k);
        throw new UserError(`${file}${line ? `:${line}` : ''}: ${problem}.`);
      }
      out[key] = v as number;
    }
  };
  visit(doc.toJS(), '');
  return out;
}

function lineOf(text: string, key: string): number | undefined {
  const index = text.split('\n').findIndex((l) => new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`).test(l));
  return index >= 0 ? index + 1 : undefined;
}

/** The defaults with the file's values, then the flags' values, applied (flags win). */
export function resolveAssumptions(fromFile: Record<string, number> = {}, fromFlags: Record<string, number> = {}): Assumptions {
  return { ...defaultAssumptions(), ...fromFile, ...fromFlags };
}
