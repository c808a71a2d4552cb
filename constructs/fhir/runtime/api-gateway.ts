/**
 * The parts of API Gateway REST events the gateway reads (kept local: no @types/aws-lambda).
 */

/** A REQUEST authoriser event. */
export interface RequestAuthorizerEvent {
  readonly type: 'REQUEST';
  readonly methodArn: string;
  readonly httpMethod: string;
  readonly path: string;
  readonly resource?: string;
  readonly headers?: Record<string, string | undefined> | null;
  /** Every value of each header (a header sent twice has two). */
  readonly multiValueHeaders?: Record<string, string[] | undefined> | null;
  readonly pathParameters?: Record<string, string | undefined> | null;
  readonly queryStringParameters?: Record<string, string | undefined> | null;
  readonly multiValueQueryStringParameters?: Record<string, string[] | undefined> | null;
  readonly requestContext?: { readonly requestId?: string; readonly identity?: { readonly sourceIp?: string } };
}

/** What a Lambda authoriser returns: an IAM policy for execute-api and context strings for the proxy. */
export interface AuthorizerResult {
  readonly principalId: string;
  readonly policyDocument: {
    readonly Version: '2012-10-17';
    readonly Statement: Array<{ Action: 'execute-api:Invoke'; Effect: 'Allow' | 'Deny'; Resource: string }>;
  };
  readonly context?: Record<string, string>;
}

/** A Lambda proxy integration event. */
export interface ProxyEvent {
  readonly httpMethod: string;
  readonly path: string;
  readonly headers?: Record<string, string | undefined> | null;
  /** Every value of each header (a header sent twice has two). */
  readonly multiValueHeaders?: Record<string, string[] | undefined> | null;
  readonly pathParameters?: Record<string, string | undefined> | null;
  readonly multiValueQueryStringParameters?: Record<string, string[] | undefined> | null;
  readonly queryStringParameters?: Record<string, string | undefined> | null;
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
  readonly requestContext?: {
    readonly requestId?: string;
    readonly identity?: { readonly sourceIp?: string };
    readonly authorizer?: Record<string, unknown> | null;
    readonly domainName?: string;
    readonly stage?: string;
  };
}

/** A Lambda proxy integration result. */
export interface ProxyResult {
  readonly statusCode: number;
  readonly headers?: Record<string, string>;
  readonly body: string;
  readonly isBase64Encoded?: boolean;
}

/** The request path relative to the FHIR base: `/` + the `{proxy+}` parameter when present (decoded by API Gateway). */
export function fhirPath(event: { path: string; pathParameters?: Record<string, string | undefined> | null }): string {
  const proxy = event.pathParameters?.proxy;
  return proxy !== undefined ? `/${proxy}` : event.path;
}

/** The query as ordered name/value pairs, from the multi-value form when present. */
export function queryPairs(event: {
  multiValueQueryStringParameters?: Record<string, string[] | undefined> | null;
  queryStringParameters?: Record<string, string | undefined> | null;
}): Array<[string, string]> {
  const multi = event.multiValueQueryStringParameters;
  if (multi) return Object.entries(multi).flatMap(([k, vs]) => (vs ?? []).map((v): [string, string] => [k, v]));
  return Object.entries(event.queryStringParameters ?? {}).map(([k, v]): [string, string] => [k, v ?? '']);
}

/**
 * The gateway's FHIR base URL as the caller reached it (execute-api host with the stage, or a
 * custom domain), for links in answers; undefined when the event does not say.
 */
export function gatewayBaseUrl(event: ProxyEvent): string | undefined {
  const ctx = event.requestContext;
  if (!ctx?.domainName) return undefined;
  const stage = ctx.domainName.endsWith('.amazonaws.com') && ctx.stage ? `/${ctx.stage}` : '';
  return `https://${ctx.domainName}${stage}/`;
}
