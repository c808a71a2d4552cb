import { Token } from 'aws-cdk-lib';
import type { PropsProblem } from './errors';

/**
 * Shared value checks of construct props, each a pure function returning the problem (or
 * nothing). The trust schema calls the same functions, so a config and a construct can never
 * disagree about a value. Values that are unresolved tokens are never judged.
 */

/** What an ODS organisation code of a trust looks like: 3 to 5 uppercase letters or digits, starting with a letter (RH8, TAD, RXX01). */
export const ODS_CODE_PATTERN = /^[A-Z][A-Z0-9]{2,4}$/;

/** Why `value` is not a trust ODS code, or undefined when it is. */
export function odsCodeProblem(value: string): string | undefined {
  if (Token.isUnresolved(value) || ODS_CODE_PATTERN.test(value)) return undefined;
  return `must be the trust's ODS code: 3 to 5 uppercase letters or digits starting with a letter, like RH8 or TAD; got '${value}'`;
}

/** Whether `url` is an absolute https URL with a host and no credentials (issuers, endpoints, callback URLs). */
export function isHttpsUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.hostname !== '' && u.username === '' && u.password === '' && !/\s/.test(url);
  } catch {
    return false;
  }
}

/** Why `url` is not an https URL (for `what`), or undefined when it is. Credentials in the URL are refused and never echoed. */
export function httpsUrlProblem(url: string, what: string): string | undefined {
  if (Token.isUnresolved(url) || isHttpsUrl(url)) return undefined;
  if (/^[a-z]+:\/\/[^/@\s]*@/i.test(url)) return `must be an https URL (${what}) without credentials in it; got a URL with user:password (redacted). Keep secrets in Secrets Manager`;
  return `must be an https URL (${what}), like https://example.nhs.uk/path; got '${url}'`;
}

/** The minimum days audit logs tied to health records are kept: 8 years (Records Management Code of Practice). */
export const AUDIT_MIN_RETENTION_DAYS = 2922;

/** The minimum days security logs are kept: 6 months (NCSC guidance, relayed by DSPT C1). */
export const SECURITY_MIN_RETENTION_DAYS = 180;

/** The most days S3 Object Lock can retain an object (100 years). */
export const MAX_OBJECT_LOCK_DAYS = 36500;

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_GROUP_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Why `days` is not a security log retention (a CloudWatch Logs period of at least 180 days), or undefined. */
export function securityRetentionProblem(days: number): string | undefined {
  if (Token.isUnresolved(days)) return undefined;
  if (!Number.isInteger(days) || !LOG_GROUP_RETENTION_DAYS.includes(days) || days < SECURITY_MIN_RETENTION_DAYS) {
    return `must be a CloudWatch Logs retention period of at least ${SECURITY_MIN_RETENTION_DAYS} days (6 months, NCSC guidance): one of ${LOG_GROUP_RETENTION_DAYS.filter((d) => d >= SECURITY_MIN_RETENTION_DAYS).join(', ')}; got ${days}`;
  }
  return undefined;
}

/** Why `days` is not an audit log retention (2922 to 36500 days), or undefined. */
export function auditRetentionProblem(days: number): string | undefined {
  if (Token.isUnresolved(days)) return undefined;
  if (!Number.isInteger(days) || days < AUDIT_MIN_RETENTION_DAYS) return `must be a whole number of days, at least ${AUDIT_MIN_RETENTION_DAYS} (8 years, Records Management Code of Practice); got ${days}`;
  if (days > MAX_OBJECT_LOCK_DAYS) return `must be at most ${MAX_OBJECT_LOCK_DAYS} (100 years, the S3 Object Lock limit); got ${days}`;
  return undefined;
}

/** The smallest CloudWatch Logs retention period at least `days` long, or undefined (never expire) above 10 years. */
export function logRetentionAtLeast(days: number): number | undefined {
  return LOG_GROUP_RETENTION_DAYS.find((d) => d >= days);
}

/** Collects `[field, problem]` pairs into {@link PropsProblem}s, dropping the fields with no problem. */
export function problemsOf(...checks: ReadonlyArray<readonly [string, string | undefined]>): PropsProblem[] {
  return checks.filter((c): c is readonly [string, string] => c[1] !== undefined).map(([field, message]) => ({ field, message }));
}
