/**
 * The structured log events of the identity proxy and the JWKS function.
 *
 * The runtime logs them and the construct's alarms count them with metric filters, from this one
 * list, so an alarm can never watch for an event the code no longer writes.
 */

/** Events meaning the proxy could not complete a sign-in step through no fault of the caller: sign-in is failing. */
export const PROXY_FAILURE_EVENTS = [
  'proxy.failed',
  'discovery.failed',
  'token.provider_unreachable',
  'token.provider_unavailable',
  'token.provider_bad_response',
  'token.id_token_missing',
  'token.id_token_invalid',
  'passthrough.unreachable',
] as const;

/** An ID token was refused because its assurance (`acr` / `vot`) is below the required level. */
export const ASSURANCE_REJECTED_EVENT = 'token.assurance_rejected';

/** The JWKS function could not read the public signing keys: providers cannot verify client assertions. */
export const JWKS_FAILED_EVENT = 'jwks.failed';

/** Events of normal operation and of callers' own mistakes (no alarm). */
export const PROXY_INFO_EVENTS = ['token.issued', 'token.client_rejected', 'token.provider_error'] as const;

/** Any event the proxy logs. */
export type ProxyLogEvent = (typeof PROXY_FAILURE_EVENTS)[number] | (typeof PROXY_INFO_EVENTS)[number] | typeof ASSURANCE_REJECTED_EVENT;

/** One structured log line (never secrets or tokens). */
export type LogEntry<E extends string = string> = { readonly event: E } & Record<string, unknown>;
