/** The parts of an API Gateway HTTP API (payload 2.0) event the handlers read. */
export interface HttpEvent {
  readonly rawPath: string;
  readonly rawQueryString?: string;
  readonly headers?: Record<string, string | undefined>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly requestContext: { readonly http: { readonly method: string } };
}

/** An API Gateway HTTP API (payload 2.0) response. */
export interface HttpResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Headers on every answer: tokens and redirects are never cached. */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** A JSON answer. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { 'content-type': 'application/json', ...NO_STORE, ...headers }, body: JSON.stringify(body) };
}

/** An OAuth 2.0 error answer (RFC 6749 section 5.2). */
export function oauthError(statusCode: number, error: string, description: string): HttpResult {
  return json(statusCode, { error, error_description: description });
}

/** The request body as text, decoded from base64 when API Gateway encoded it. */
export function bodyText(event: HttpEvent): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/** A header by case-insensitive name. */
export function header(event: HttpEvent, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === want) return v;
  return undefined;
}
