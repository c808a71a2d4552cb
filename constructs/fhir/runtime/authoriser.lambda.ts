// Lambda entry: the FHIR gateway's REQUEST authoriser. Logic lives in ./authoriser (tested in-process).
import { Logger } from '@aws-lambda-powertools/logger';
import type { AuthorizerResult, RequestAuthorizerEvent } from './api-gateway';
import { AUDIT_WRITE_FAILED, AuditWriteFailed } from './audit-event';
import { createAuthoriser } from './authoriser';
import { CloudWatchLogsAuditSink } from './cloudwatch-audit-sink';
import { ENV, authoriserConfigFromEnv } from './env';

const logger = new Logger({ serviceName: 'fhir-gateway-authoriser' });
const authorise = createAuthoriser(authoriserConfigFromEnv(process.env), {
  sink: new CloudWatchLogsAuditSink(process.env[ENV.auditLogGroup] ?? ''),
});

/** API Gateway REQUEST authoriser handler. */
export async function handler(event: RequestAuthorizerEvent): Promise<AuthorizerResult> {
  try {
    const result = await authorise(event);
    logger.info('decision', { effect: result.policyDocument.Statement[0]?.Effect, principalId: result.principalId });
    return result;
  } catch (e) {
    if (e instanceof AuditWriteFailed) logger.error('audit write failed', { [AUDIT_WRITE_FAILED]: true, error: e.message });
    else logger.warn('request refused or failed', { error: (e as Error).message });
    throw e;
  }
}
