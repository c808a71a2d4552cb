import { apiRequests, lambdaUsage } from '../references';
import type { PricingRule } from '../types';

/** Lambda, API Gateway, WAF, Cognito, Secrets Manager and SSM parameters. */

/** A Lambda function: requests, GB-seconds at its memory and architecture, and X-Ray traces when tracing is active. */
export const lambdaFunction: PricingRule = (ctx) => {
  const p = ctx.resource.Properties ?? {};
  const u = lambdaUsage(ctx, ctx.path);
  const memoryGb = (typeof p.MemorySize === 'number' ? p.MemorySize : 128) / 1024;
  const arm = Array.isArray(p.Architectures) && p.Architectures.includes('arm64');
  const keys = [...new Set([...u.invocations.assumptions, ...u.ms.assumptions])];
  const traced = (p.TracingConfig as { Mode?: string })?.Mode === 'Active';
  return [
    { priceId: 'lambda.requests', item: 'requests', month12: u.invocations.value / 1_000_000, assumptions: u.invocations.assumptions },
    { priceId: arm ? 'lambda.gbSecondArm' : 'lambda.gbSecondX86', item: `compute at ${memoryGb * 1024} MB (${arm ? 'arm64' : 'x86_64'})`, month12: u.invocations.value * (u.ms.value / 1000) * memoryGb, assumptions: keys },
    ...(traced ? [{ priceId: 'xray.tracesPerMillion', item: 'X-Ray traces recorded (active tracing)', month12: (u.invocations.value * ctx.assumptions['lambda.tracedShare']) / 1_000_000, assumptions: [...u.invocations.assumptions, 'lambda.tracedShare'] }] : []),
  ];
};

/** A REST API: requests. */
export const restApi: PricingRule = (ctx) => {
  const u = apiRequests(ctx, ctx.path);
  return [{ priceId: 'apigw.restPerMillion', item: 'REST API requests', month12: u.value / 1_000_000, assumptions: u.assumptions }];
};

/** An HTTP API: requests (WebSocket APIs are not used by Rootstock and are refused rather than mispriced). */
export const httpApi: PricingRule = (ctx) => {
  if (ctx.resource.Properties?.ProtocolType !== 'HTTP') throw new Error(`API ${ctx.logicalId}: no price for protocol ${String(ctx.resource.Properties?.ProtocolType)}`);
  const u = apiRequests(ctx, ctx.path);
  return [{ priceId: 'apigw.httpPerMillion', item: 'HTTP API requests', month12: u.value / 1_000_000, assumptions: u.assumptions }];
};

/** A WAF web ACL: the ACL, each rule or rule group, and requests inspected. */
export const webAcl: PricingRule = (ctx) => {
  const rules = Array.isArray(ctx.resource.Properties?.Rules) ? ctx.resource.Properties.Rules.length : 0;
  const u = apiRequests(ctx, ctx.path);
  return [
    { priceId: 'waf.webAcl', item: 'web ACL', month12: 1 },
    { priceId: 'waf.rule', item: `${rules} rules and rule groups`, month12: rules },
    { priceId: 'waf.requestsPerMillion', item: 'requests inspected', month12: u.value / 1_000_000, assumptions: u.assumptions },
  ];
};

/** A Cognito user pool: monthly active users at its feature plan. */
export const userPool: PricingRule = (ctx) => {
  const tier = ctx.resource.Properties?.UserPoolTier ?? 'ESSENTIALS';
  const mau = ctx.assumptions['identity.monthlyActiveUsers'];
  if (tier === 'PLUS') return [{ priceId: 'cognito.plusMau', item: 'monthly active users (Plus)', month12: mau, assumptions: ['identity.monthlyActiveUsers'] }];
  return [{ priceId: 'cognito.essentialsMau', item: `monthly active users beyond 10,000 free (${String(tier)})`, month12: Math.max(0, mau - 10_000), assumptions: ['identity.monthlyActiveUsers'] }];
};

/** A Secrets Manager secret: the secret-month and its API calls. */
export const secret: PricingRule = (ctx) => [
  { priceId: 'secrets.secret', item: 'secret', month12: 1 },
  { priceId: 'secrets.api', item: 'API calls', month12: ctx.assumptions['secrets.callsPerSecretPerMonth'] / 10_000, assumptions: ['secrets.callsPerSecretPerMonth'] },
];

/** An SSM parameter: advanced parameters are billed per month; standard ones (the default) are free. */
export const ssmParameter: PricingRule = (ctx) => (ctx.resource.Properties?.Tier === 'Advanced' ? [{ priceId: 'ssm.advancedParameter', item: 'advanced parameter', month12: 1 }] : []);
