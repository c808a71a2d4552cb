import { apiRequests, kbToGb, logGroupIngestion } from '../references';
import { DAYS_PER_MONTH, NO_EXPIRY_HORIZON_MONTHS, storageByClass, transitionReached, type Transition } from '../storage';
import type { Meter, PricingContext, PricingRule } from '../types';

/** S3 buckets, log groups, the backup vault, the HealthLake data store and Firehose streams. */

const CLASS_PRICE: Record<string, string> = { STANDARD: 's3.standardGbMonth', GLACIER_IR: 's3.glacierIrGbMonth', DEEP_ARCHIVE: 's3.deepArchiveGbMonth' };
const TRANSITION_PRICE: Record<string, string> = { GLACIER_IR: 's3.transitionGirPer1000', DEEP_ARCHIVE: 's3.transitionDeepArchivePer1000' };
/** S3 lifecycle does not transition objects under 128 KB by default (since September 2024). */
const MIN_TRANSITION_KB = 128;

/** A bucket's retention horizon in months and why: its expiration rule, else its Object Lock retention, else none. */
function bucketHorizon(p: Record<string, unknown>): { months: number; why: string } {
  const rules = ((p.LifecycleConfiguration as { Rules?: Array<Record<string, unknown>> })?.Rules ?? []).filter((r) => r.Status !== 'Disabled');
  const expiry = rules.map((r) => r.ExpirationInDays).find((d): d is number => typeof d === 'number');
  if (expiry !== undefined) return { months: expiry / DAYS_PER_MONTH, why: `expires after ${expiry} days` };
  const lock = (p.ObjectLockConfiguration as { Rule?: { DefaultRetention?: { Days?: number; Years?: number } } })?.Rule?.DefaultRetention;
  const lockDays = lock?.Days ?? (lock?.Years !== undefined ? lock.Years * 365 : undefined);
  if (typeof lockDays === 'number') return { months: lockDays / DAYS_PER_MONTH, why: `locked ${lockDays} days, assumed deleted when the lock ends (no expiration rule)` };
  return { months: NO_EXPIRY_HORIZON_MONTHS, why: 'never expires: steady state shown at 8 years, and it keeps growing' };
}

function bucketGrowth(ctx: PricingContext): { gb: number; objects: number; keys: string[] } {
  const a = ctx.assumptions;
  if (ctx.resource.Properties?.ObjectLockEnabled === true) return { gb: a['archive.gbPerMonth'], objects: a['archive.objectsPerMonth'], keys: ['archive.gbPerMonth', 'archive.objectsPerMonth'] };
  if (/^AuditArchive\/AccessLogs/.test(ctx.path)) return { gb: a['archive.accessLogsGbPerMonth'], objects: a['s3.otherObjectsPerMonth'], keys: ['archive.accessLogsGbPerMonth', 's3.otherObjectsPerMonth'] };
  return { gb: a['s3.otherGbPerMonth'], objects: a['s3.otherObjectsPerMonth'], keys: ['s3.otherGbPerMonth', 's3.otherObjectsPerMonth'] };
}

/** An S3 bucket: PUTs, storage per lifecycle class in month 12 and at its retention limit, and lifecycle transitions. */
export const bucket: PricingRule = (ctx) => {
  const p = ctx.resource.Properties ?? {};
  const growth = bucketGrowth(ctx);
  const horizon = bucketHorizon(p);
  const rules = ((p.LifecycleConfiguration as { Rules?: Array<Record<string, unknown>> })?.Rules ?? []).filter((r) => r.Status !== 'Disabled');
  const avgKb = growth.objects > 0 ? (growth.gb * 1024 * 1024) / growth.objects : Infinity;
  const small = avgKb < MIN_TRANSITION_KB;
  const transitions: Transition[] = small
    ? []
    : rules.flatMap((r) => ((r.Transitions as Array<{ StorageClass: string; TransitionInDays?: number }>) ?? []).filter((t) => typeof t.TransitionInDays === 'number').map((t) => ({ afterDays: t.TransitionInDays as number, storageClass: t.StorageClass })));
  const unknown = transitions.find((t) => !CLASS_PRICE[t.storageClass]);
  if (unknown) throw new Error(`bucket ${ctx.logicalId}: no price for storage class ${unknown.storageClass}`);
  const m12 = storageByClass(growth.gb, transitions, 12, horizon.months);
  const steady = storageByClass(growth.gb, transitions, horizon.months, horizon.months);
  const classes = [...new Set([...Object.keys(m12), ...Object.keys(steady)])];
  const note = small ? `; objects average ${avgKb.toFixed(0)} KB, under the 128 KB lifecycle minimum, so they stay in Standard` : '';
  const meters: Meter[] = [{ priceId: 's3.putPer1000', item: 'PUT requests', month12: growth.objects / 1000, assumptions: growth.keys }];
  for (const c of classes) {
    meters.push({ priceId: CLASS_PRICE[c], item: `${c} storage growing ${growth.gb} GB/month, ${horizon.why}${note}`, month12: m12[c] ?? 0, steady: steady[c] ?? 0, assumptions: growth.keys });
  }
  for (const t of transitions) {
    meters.push({
      priceId: TRANSITION_PRICE[t.storageClass],
      item: `lifecycle transitions to ${t.storageClass} after ${t.afterDays} days`,
      month12: transitionReached(t.afterDays, 12, horizon.months) ? growth.objects / 1000 : 0,
      steady: transitionReached(t.afterDays, horizon.months, horizon.months) ? growth.objects / 1000 : 0,
      assumptions: growth.keys,
    });
  }
  return meters;
};

/** A log group: ingestion from what writes to it, and compressed storage up to its retention. */
export const logGroup: PricingRule = (ctx) => {
  const u = logGroupIngestion(ctx);
  const retention = ctx.resource.Properties?.RetentionInDays;
  const months = typeof retention === 'number' ? retention / DAYS_PER_MONTH : NO_EXPIRY_HORIZON_MONTHS;
  const share = ctx.assumptions['logs.storedShare'];
  const kept = typeof retention === 'number' ? `kept ${retention} days` : 'never expires: shown at 8 years';
  return [
    { priceId: 'logs.ingestGb', item: `ingestion (${u.writer})`, month12: u.value, assumptions: u.assumptions },
    { priceId: 'logs.storeGbMonth', item: `storage, ${kept}`, month12: u.value * share * Math.min(12, months), steady: u.value * share * months, assumptions: [...u.assumptions, 'logs.storedShare'] },
  ];
};

/** The backup vault: warm storage of what the trust tags for backup. */
export const backupVault: PricingRule = (ctx) => [{ priceId: 'backup.warmGbMonth', item: 'warm backup storage', month12: ctx.assumptions['backup.gb'], assumptions: ['backup.gb'] }];

/** The HealthLake data store: store-hours (with 10 GB and 3,500 queries an hour included), storage and queries beyond them. */
export const healthLake: PricingRule = (ctx) => {
  const a = ctx.assumptions;
  const queries = apiRequests(ctx, ctx.path);
  return [
    { priceId: 'healthlake.storeHour', item: 'data store hours (10 GB and 3,500 queries an hour included)', month12: 730 },
    { priceId: 'healthlake.storageGbMonth', item: 'storage beyond 10 GB', month12: Math.max(0, a['fhir.storeGb'] - 10), assumptions: ['fhir.storeGb'] },
    { priceId: 'healthlake.queriesPer10k', item: 'queries beyond 3,500 an hour', month12: Math.max(0, queries.value - 3500 * 730) / 10_000, assumptions: queries.assumptions },
  ];
};

/** A Firehose stream: ingestion, and dynamic partitioning (GB, objects, JQ hours) when turned on. */
export const firehose: PricingRule = (ctx) => {
  const a = ctx.assumptions;
  const p = ctx.resource.Properties ?? {};
  const block = ctx.path.split('/')[0];
  const gb =
    block === 'Fhir'
      ? { value: kbToGb(a['fhir.requestsPerMonth'] * a['fhir.auditEventKb']), keys: ['fhir.requestsPerMonth', 'fhir.auditEventKb'] }
      : block === 'Siem'
        ? { value: a['siem.gbPerMonth'], keys: ['siem.gbPerMonth'] }
        : { value: a['firehose.otherGbPerMonth'], keys: ['firehose.otherGbPerMonth'] };
  const s3 = (p.ExtendedS3DestinationConfiguration ?? {}) as Record<string, unknown>;
  const partitioned = (s3.DynamicPartitioningConfiguration as { Enabled?: boolean })?.Enabled === true;
  const jq = JSON.stringify(s3.ProcessingConfiguration ?? {}).includes('JQ-');
  return [
    { priceId: 'firehose.ingestGb', item: 'ingestion', month12: gb.value, assumptions: gb.keys },
    ...(partitioned
      ? [
          { priceId: 'firehose.dpGb', item: 'dynamic partitioning, data', month12: gb.value, assumptions: gb.keys },
          { priceId: 'firehose.dpObjectsPer1000', item: 'dynamic partitioning, objects delivered', month12: a['fhir.auditObjectsPerMonth'] / 1000, assumptions: ['fhir.auditObjectsPerMonth'] },
        ]
      : []),
    ...(partitioned && jq ? [{ priceId: 'firehose.jqHour', item: 'JQ processing hours', month12: a['fhir.jqHoursPerMonth'], assumptions: ['fhir.jqHoursPerMonth'] }] : []),
  ];
};
