import { auditRetentionProblem, httpsUrlProblem, odsCodeProblem, securityRetentionProblem } from '../core/checks';
import type { PropsProblem } from '../core/errors';
import type { AuditedFhirStoreProps } from './audited-fhir-store';
import { gatewayEnvironmentProblems } from './gateway-environment';
import { emergencyAccessProblems } from './runtime/emergency-access';
import { ASYMMETRIC_ALGORITHMS, DEFAULT_TOKEN_ALGORITHMS, rolePolicyProblems } from './runtime/role-policy';
import { defaultDatastoreName } from './data-store';
import { expectedIdentity, replacementProblems, REPLACEMENT_PROPERTIES } from './store-guard';

/** The most days an export may be locked: S3 Object Lock's limit (100 years). */
export const MAX_EXPORT_RETENTION_DAYS = 36500;

/** What an EventBridge Scheduler expression looks like: `cron(...)` (six fields) or `rate(n unit)`. */
export const SCHEDULE_EXPRESSION = /^(cron\((\S+ ){5}\S+\)|rate\([1-9]\d* (minute|minutes|hour|hours|day|days)\))$/;

/** The plain-data props of {@link AuditedFhirStoreProps} that {@link auditedFhirStoreProblems} judges. */
export type AuditedFhirStoreSettingsInput = Pick<
  AuditedFhirStoreProps,
  | 'odsCode' | 'environment' | 'rolePolicy' | 'tokenIssuer' | 'preloadSynthea' | 'allowReplacement' | 'auditRetentionDays' | 'logRetentionDays'
  | 'allowedOrganisations' | 'exportSchedule' | 'exportRetentionDays' | 'storeLock' | 'datastoreName' | 'emergencyAccess'
> & {
  /**
   * How the data key renders in the store identity (`<logical id>.Arn`): when known, a `storeLock`
   * that names another store than these settings build is a problem here, before any synth.
   */
  readonly dataKeyIdentity?: string;
};

/**
 * What is wrong with an AuditedFhirStore's plain-data props (empty when nothing is): the one
 * place its limits live. The trust schema runs it over a config's settings, so `rootstock
 * validate` and synth judge the same values the same way.
 */
export function auditedFhirStoreProblems(props: AuditedFhirStoreSettingsInput): PropsProblem[] {
  const problems: PropsProblem[] = [];
  const add = (field: string, message: string | undefined) => {
    if (message) problems.push({ field, message });
  };
  add('odsCode', odsCodeProblem(props.odsCode));
  for (const p of rolePolicyProblems(props.rolePolicy)) add('rolePolicy', p);
  if (props.emergencyAccess !== undefined) {
    for (const p of emergencyAccessProblems(props.emergencyAccess, props.rolePolicy)) add(p.field ? `emergencyAccess.${p.field}` : 'emergencyAccess', p.message);
  }
  // Each limit above holds alone; together, with the other settings, they must still fit Lambda's 4 KB.
  if (!problems.some((p) => p.field.startsWith('rolePolicy') || p.field.startsWith('emergencyAccess'))) problems.push(...gatewayEnvironmentProblems(props));
  if (props.preloadSynthea && props.environment === 'prod') {
    add('preloadSynthea', 'must be false in a prod environment: synthetic patients must never mix with real records (and changing it later replaces the store). Remove it, or use environment: dev or test');
  }
  const issuer = props.tokenIssuer;
  add('tokenIssuer.issuer', httpsUrlProblem(issuer.issuer, 'the token issuer exactly as in the iss claim'));
  if (issuer.jwksUri !== undefined) add('tokenIssuer.jwksUri', httpsUrlProblem(issuer.jwksUri, "the issuer's JWKS URL"));
  const audiences = typeof issuer.audience === 'string' ? [issuer.audience] : issuer.audience;
  if (audiences.length === 0 || audiences.some((a) => !a || a.includes(','))) add('tokenIssuer.audience', `must name at least one audience without commas, got ${JSON.stringify(issuer.audience)}`);
  if (issuer.roleClaim !== 'cis2' && issuer.roleClaim !== 'cognito') add('tokenIssuer.roleClaim', `must be 'cis2' or 'cognito', got '${issuer.roleClaim}'`);
  const algs = issuer.algorithms ?? DEFAULT_TOKEN_ALGORITHMS;
  const bad = algs.filter((a) => !ASYMMETRIC_ALGORITHMS.includes(a));
  if (algs.length === 0 || bad.length) {
    add('tokenIssuer.algorithms', `must be asymmetric JWS algorithms (${ASYMMETRIC_ALGORITHMS.join(', ')}); got ${bad.join(', ') || 'none'}. HS256 would let anyone holding the public key forge tokens`);
  }
  for (const a of props.allowReplacement ?? []) {
    if (!(REPLACEMENT_PROPERTIES as readonly string[]).includes(a.property)) add('allowReplacement', `property '${a.property}' must be one of ${REPLACEMENT_PROPERTIES.join(', ')}`);
    if (!a.reason || a.reason.trim().length < 10) add('allowReplacement', `for ${a.property} needs a reason (at least 10 characters) saying how the data is exported and restored`);
  }
  if (props.auditRetentionDays !== undefined) add('auditRetentionDays', auditRetentionProblem(props.auditRetentionDays));
  if (props.logRetentionDays !== undefined) add('logRetentionDays', securityRetentionProblem(props.logRetentionDays));
  (props.allowedOrganisations ?? []).forEach((org, i) => add(`allowedOrganisations.${i}`, odsCodeProblem(org)));
  const days = props.exportRetentionDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > MAX_EXPORT_RETENTION_DAYS)) {
    add('exportRetentionDays', `must be a whole number of days from 1 to ${MAX_EXPORT_RETENTION_DAYS} (each export is locked that long, then expires); got ${days}`);
  }
  if (props.exportSchedule !== undefined && !SCHEDULE_EXPRESSION.test(props.exportSchedule)) {
    add('exportSchedule', `must be an EventBridge Scheduler expression like cron(0 2 * * ? *) (every night at 02:00) or rate(12 hours); got '${props.exportSchedule.slice(0, 64)}'`);
  }
  if (props.dataKeyIdentity !== undefined && props.storeLock !== undefined) {
    const current = expectedIdentity({ datastoreName: props.datastoreName ?? defaultDatastoreName(props.odsCode, props.environment), preloadSynthea: props.preloadSynthea, dataKey: props.dataKeyIdentity });
    for (const p of replacementProblems('', current, props.storeLock, props.allowReplacement ?? [])) add('storeLock', p);
  }
  return problems;
}
