// Lambda entry: the FHIR gateway's proxy to HealthLake. Logic lives in ./proxy (tested in-process).
import { Logger } from '@aws-lambda-powertools/logger';
import type { ProxyEvent, ProxyResult } from './api-gateway';
import { CloudWatchLogsAuditSink } from './cloudwatch-audit-sink';
import { ENV, proxyConfigFromEnv } from './env';
import { createProxy } from './proxy';

const logger = new Logger({ serviceName: 'fhir-gateway-proxy' });
const proxy = createProxy(proxyConfigFromEnv(process.env), {
  sink: new CloudWatchLogsAuditSink(process.env[ENV.auditLogGroup] ?? ''),
  // The Lambda execution role's credentials, as the runtime provides them.
  credentials: () => ({
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
    sessionToken: process.env.AWS_SESSION_TOKEN,
  }),
  logger: { info: (m, x) => logger.info(m, x ?? {}), error: (m, x) => logger.error(m, x ?? {}) },
});

/** API Gateway Lambda proxy integration handler. */
export async function handler(event: ProxyEvent): Promise<ProxyResult> {
  return proxy(event);
}
