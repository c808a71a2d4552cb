import { signIns } from '../references';
import type { PricingRule } from '../types';

/** KMS keys, CloudTrail, alarms and the topic, GuardDuty, Security Hub and AWS Config. */

/** A KMS key: the key-month, rotated versions (at most two counted), and requests. */
export const kmsKey: PricingRule = (ctx) => {
  const p = ctx.resource.Properties ?? {};
  const period = typeof p.RotationPeriodInDays === 'number' ? p.RotationPeriodInDays : 365;
  // Rotations done by the end of month 12 (day 365), and later; AWS charges the first two only.
  const rotatedBy = (days: number) => (p.EnableKeyRotation === true ? Math.min(2, Math.floor((days - 1) / period)) : 0);
  const signing = p.KeyUsage === 'SIGN_VERIFY';
  const lines = [
    { priceId: 'kms.key', item: 'customer managed key', month12: 1 },
    ...(p.EnableKeyRotation === true ? [{ priceId: 'kms.rotation', item: `rotated key versions (every ${period} days, first two charged)`, month12: rotatedBy(365), steady: rotatedBy(2922) }] : []),
  ];
  if (signing) {
    const s = signIns(ctx);
    const rsa2048 = p.KeySpec === 'RSA_2048';
    return [...lines, { priceId: rsa2048 ? 'kms.requests' : 'kms.asymmetricRequests', item: 'Sign requests (one per sign-in)', month12: s.value / 10_000, assumptions: s.assumptions }];
  }
  return [...lines, { priceId: 'kms.requests', item: 'requests', month12: ctx.assumptions['kms.requestsPerKeyPerMonth'] / 10_000, assumptions: ['kms.requestsPerKeyPerMonth'] }];
};

/** A trail: the first copy of management events is free; data events and Insights are charged. */
export const trail: PricingRule = (ctx) => {
  const p = ctx.resource.Properties ?? {};
  const a = ctx.assumptions;
  const selectors = [...((p.EventSelectors as Array<Record<string, unknown>>) ?? []), ...((p.AdvancedEventSelectors as Array<Record<string, unknown>>) ?? [])];
  const dataEvents = selectors.some((s) => (Array.isArray(s.DataResources) && s.DataResources.length > 0) || JSON.stringify(s.FieldSelectors ?? []).includes('"Data"'));
  const insightTypes = Array.isArray(p.InsightSelectors) ? p.InsightSelectors.length : 0;
  const lines = [];
  if (dataEvents) lines.push({ priceId: 'cloudtrail.dataEventsPer100k', item: 'data events delivered', month12: a['trail.dataEventsPerMonth'] / 100_000, assumptions: ['trail.dataEventsPerMonth'] });
  if (insightTypes > 0) {
    lines.push({ priceId: 'cloudtrail.insightsPer100k', item: `management events analysed by ${insightTypes} Insights type(s)`, month12: (a['trail.managementEventsPerMonth'] * insightTypes) / 100_000, assumptions: ['trail.managementEventsPerMonth'] });
  }
  return lines;
};

/** A CloudWatch alarm: standard resolution, or three times that when its period is under a minute. */
export const alarm: PricingRule = (ctx) => {
  const period = ctx.resource.Properties?.Period;
  return [{ priceId: 'cw.alarm', item: typeof period === 'number' && period < 60 ? 'high-resolution alarm (3 alarm-months)' : 'alarm', month12: typeof period === 'number' && period < 60 ? 3 : 1 }];
};

/** An SNS topic: publishes, and one email per publish per email subscription. */
export const topic: PricingRule = (ctx) => {
  const n = ctx.assumptions['alarms.notificationsPerMonth'];
  const emails = Object.values(ctx.resources).filter((r) => r.Type === 'AWS::SNS::Subscription' && r.Properties?.Protocol === 'email' && JSON.stringify(r.Properties?.TopicArn ?? '').includes(`"${ctx.logicalId}"`)).length;
  return [
    { priceId: 'sns.publishPerMillion', item: 'publishes', month12: n / 1_000_000, assumptions: ['alarms.notificationsPerMonth'] },
    ...(emails > 0 ? [{ priceId: 'sns.emailPer100k', item: `email deliveries to ${emails} subscriber(s)`, month12: (n * emails) / 100_000, assumptions: ['alarms.notificationsPerMonth'] }] : []),
  ];
};

/** A GuardDuty detector: the foundational sources and each protection turned on that has something to analyse. */
export const guardDuty: PricingRule = (ctx) => {
  const a = ctx.assumptions;
  const on = (name: string) => ((ctx.resource.Properties?.Features as Array<{ Name: string; Status: string }>) ?? []).some((f) => f.Name === name && f.Status === 'ENABLED');
  if (ctx.resource.Properties?.Enable === false) return [];
  return [
    { priceId: 'guardduty.cloudTrailPerMillion', item: 'CloudTrail management events analysed', month12: a['trail.managementEventsPerMonth'] / 1_000_000, assumptions: ['trail.managementEventsPerMonth'] },
    { priceId: 'guardduty.flowDnsGb', item: 'VPC flow and DNS logs analysed', month12: a['guardDuty.flowDnsGbPerMonth'], assumptions: ['guardDuty.flowDnsGbPerMonth'] },
    ...(on('S3_DATA_EVENTS') ? [{ priceId: 'guardduty.s3DataPerMillion', item: 'S3 data events analysed (S3 protection)', month12: a['guardDuty.s3DataEventsPerMonth'] / 1_000_000, assumptions: ['guardDuty.s3DataEventsPerMonth'] }] : []),
    ...(on('LAMBDA_NETWORK_LOGS') ? [{ priceId: 'guardduty.lambdaNetworkGb', item: 'Lambda network activity analysed', month12: a['guardDuty.lambdaNetworkGbPerMonth'], assumptions: ['guardDuty.lambdaNetworkGbPerMonth'] }] : []),
  ];
};

/** A Security Hub hub: security checks (its findings from its own checks are ingested free). */
export const securityHub: PricingRule = (ctx) => [
  { priceId: 'securityhub.check', item: 'security checks', month12: ctx.assumptions['securityHub.checksPerMonth'], assumptions: ['securityHub.checksPerMonth'] },
];

/** An AWS Config recorder: configuration items, continuous or periodic. */
export const configRecorder: PricingRule = (ctx) => {
  const periodic = JSON.stringify(ctx.resource.Properties?.RecordingMode ?? {}).includes('DAILY');
  return [{ priceId: periodic ? 'config.itemPeriodic' : 'config.item', item: `configuration items recorded (${periodic ? 'periodic' : 'continuous'})`, month12: ctx.assumptions['config.itemsPerMonth'], assumptions: ['config.itemsPerMonth'] }];
};

/** An AWS Config rule: its evaluations. */
export const configRule: PricingRule = (ctx) => [
  { priceId: 'config.ruleEvaluation', item: 'rule evaluations', month12: ctx.assumptions['config.evaluationsPerRulePerMonth'], assumptions: ['config.evaluationsPerRulePerMonth'] },
];
