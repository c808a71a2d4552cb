import type { PricingContext } from './types';

/**
 * What drives a resource's usage, read from the template: which function writes a log group,
 * which API a function serves, how many requests an API or web ACL sees. Building blocks are
 * recognised by their construct ids (a public contract: ids never change).
 */

/** The building block of a construct path: its top-level construct id. */
export function blockOf(path: string): string {
  return path.split('/')[0] || '(no construct path)';
}

/** The logical ids a CloudFormation value refers to (Ref and Fn::GetAtt, at any depth). */
export function referencedIds(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, inner] of Object.entries(v)) {
        if (k === 'Ref' && typeof inner === 'string') out.push(inner);
        else if (k === 'Fn::GetAtt') out.push(Array.isArray(inner) ? String(inner[0]) : String(inner).split('.')[0]);
        else walk(inner);
      }
    }
  };
  walk(value);
  return out;
}

/** A usage quantity and the assumptions it came from. */
export interface Usage {
  readonly value: number;
  readonly assumptions: readonly string[];
}

const KB_PER_GB = 1024 * 1024;

/** Converts KB to GB (binary units, as AWS bills). */
export function kbToGb(kb: number): number {
  return kb / KB_PER_GB;
}

/** Identity sign-ins per month. */
export function signIns(ctx: PricingContext): Usage {
  const a = ctx.assumptions;
  return { value: a['identity.monthlyActiveUsers'] * a['identity.signInsPerUser'], assumptions: ['identity.monthlyActiveUsers', 'identity.signInsPerUser'] };
}

/** Requests per month to the API (or web ACL) at `path`: the FHIR gateway, the identity proxy, or any other. */
export function apiRequests(ctx: PricingContext, path: string): Usage {
  const block = blockOf(path);
  if (block === 'Fhir') return { value: ctx.assumptions['fhir.requestsPerMonth'], assumptions: ['fhir.requestsPerMonth'] };
  if (block === 'Identity') {
    const s = signIns(ctx);
    return { value: s.value * 3, assumptions: s.assumptions };
  }
  return { value: ctx.assumptions['api.otherRequestsPerMonth'], assumptions: ['api.otherRequestsPerMonth'] };
}

/** Invocations per month and average duration of the function at `path`. */
export function lambdaUsage(ctx: PricingContext, path: string): { invocations: Usage; ms: Usage } {
  const a = ctx.assumptions;
  // The block and the function's own construct id, wherever a part construct puts it
  // (Identity/ProxyFunction then, Identity/Proxy/ProxyFunction now).
  const segments = path.split('/').filter((x) => x !== 'Resource');
  const id = `${segments[0]}/${segments[segments.length - 1]}`;
  const fixed = (key: string): Usage => ({ value: a[key], assumptions: [key] });
  switch (id) {
    case 'Fhir/Authoriser':
      return { invocations: fixed('fhir.requestsPerMonth'), ms: fixed('fhir.authoriserMs') };
    case 'Fhir/Proxy':
      return { invocations: fixed('fhir.requestsPerMonth'), ms: fixed('fhir.proxyMs') };
    case 'Identity/ProxyFunction': {
      const s = signIns(ctx);
      return { invocations: { value: s.value * 2, assumptions: s.assumptions }, ms: fixed('identity.proxyMs') };
    }
    case 'Identity/JwksFunction':
      return { invocations: signIns(ctx), ms: fixed('identity.jwksMs') };
    default:
      return { invocations: fixed('lambda.otherInvocationsPerMonth'), ms: fixed('lambda.otherMs') };
  }
}

/** The construct path of a resource below its stack, from the CDK metadata (empty when absent). */
export function constructPath(metadata: Record<string, unknown> | undefined): string {
  const p = metadata?.['aws:cdk:path'];
  return typeof p === 'string' ? p.split('/').slice(1).join('/') : '';
}

/**
 * GB per month written to a log group, from what the template says writes to it: a function's
 * log configuration, a trail, an API stage's access log, a web ACL's logging, the FHIR audit log.
 */
export function logGroupIngestion(ctx: PricingContext): Usage & { writer: string } {
  const a = ctx.assumptions;
  const me = ctx.logicalId;
  if (/^Fhir\/AuditLog(\/|$)/.test(ctx.path)) {
    return { value: kbToGb(a['fhir.requestsPerMonth'] * a['fhir.auditEventKb']), assumptions: ['fhir.requestsPerMonth', 'fhir.auditEventKb'], writer: 'FHIR AuditEvents' };
  }
  for (const [id, r] of Object.entries(ctx.resources)) {
    const p = r.Properties ?? {};
    const path = constructPath(r.Metadata);
    if (r.Type === 'AWS::Lambda::Function' && referencedIds(p.LoggingConfig).includes(me)) {
      const u = lambdaUsage(ctx, path).invocations;
      return { value: kbToGb(u.value * a['lambda.logKbPerInvocation']), assumptions: [...u.assumptions, 'lambda.logKbPerInvocation'], writer: `function ${id}` };
    }
    if (r.Type === 'AWS::CloudTrail::Trail' && referencedIds(p.CloudWatchLogsLogGroupArn).includes(me)) {
      return { value: kbToGb(a['trail.managementEventsPerMonth'] * a['trail.eventKb']), assumptions: ['trail.managementEventsPerMonth', 'trail.eventKb'], writer: `trail ${id}` };
    }
    if ((r.Type === 'AWS::ApiGateway::Stage' || r.Type === 'AWS::ApiGatewayV2::Stage') && referencedIds(p.AccessLogSetting ?? p.AccessLogSettings).includes(me)) {
      const u = apiRequests(ctx, path);
      return { value: kbToGb(u.value * a['api.accessLogKb']), assumptions: [...u.assumptions, 'api.accessLogKb'], writer: `access log of ${id}` };
    }
    if (r.Type === 'AWS::WAFv2::LoggingConfiguration' && referencedIds(p.LogDestinationConfigs).includes(me)) {
      const u = apiRequests(ctx, path);
      return { value: kbToGb(u.value * a['waf.logKb']), assumptions: [...u.assumptions, 'waf.logKb'], writer: `WAF log of ${id}` };
    }
    if (r.Type === 'AWS::KinesisFirehose::DeliveryStream' && referencedIds(p).includes(me)) {
      return { value: 0, assumptions: [], writer: `delivery errors of ${id} only` };
    }
  }
  return { value: a['logs.otherGbPerMonth'], assumptions: ['logs.otherGbPerMonth'], writer: 'unnamed writer' };
}
