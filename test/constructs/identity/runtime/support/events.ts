import type { HttpEvent } from '../../../../../constructs/identity/runtime/http';

/** An API Gateway HTTP API (payload 2.0) GET event. */
export function getEvent(rawPath: string, query: Record<string, string> = {}): HttpEvent {
  return { rawPath, rawQueryString: new URLSearchParams(query).toString(), headers: {}, requestContext: { http: { method: 'GET' } } };
}

/** An API Gateway HTTP API (payload 2.0) form POST event, base64-encoded as API Gateway sends it. */
export function postForm(rawPath: string, form: Record<string, string>): HttpEvent {
  return {
    rawPath,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: Buffer.from(new URLSearchParams(form).toString()).toString('base64'),
    isBase64Encoded: true,
    requestContext: { http: { method: 'POST' } },
  };
}
