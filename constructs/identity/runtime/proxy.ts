import { createHash, randomUUID, timingSafeEqual } from 'crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { ASSURANCE_SCHEMES } from './assurance';
import type { DiscoveryCache, Fetcher, ProviderMetadata } from './discovery';
import { bodyText, header, json, NO_STORE, oauthError, type HttpEvent, type HttpResult } from './http';
import { ASSURANCE_REJECTED_EVENT, type LogEntry, type ProxyLogEvent } from './log-events';
import { requiredAssurance, type ProxiedProvider } from './provider-config';
import { signClientAssertion, type AssertionSigner } from './signer';

/** What the identity proxy needs; the Lambda entry supplies AWS-backed ones, tests local ones. */
export interface ProxyDeps {
  /** The providers served, each under `/<name>/...`. */
  readonly providers: readonly ProxiedProvider[];
  /** Signs client assertions with the current signing key. */
  readonly signer: AssertionSigner;
  /** Providers' discovery documents, cached. */
  readonly discovery: DiscoveryCache;
  /** The client secret Cognito must present for `provider` (from Secrets Manager). */
  readonly expectedClientSecret: (provider: ProxiedProvider) => Promise<string>;
  /** HTTP client for calls to the provider. @default fetch */
  readonly fetcher?: Fetcher;
  /** Seconds since the epoch. @default the system clock */
  readonly now?: () => number;
  /** A new assertion id. @default a random UUID */
  readonly newJti?: () => string;
  /** Seconds an assertion is valid. @default 120 */
  readonly assertionLifetimeSeconds?: number;
  /** Where structured log lines go (never secrets or tokens). @default console.log */
  readonly log?: (entry: LogEntry<ProxyLogEvent>) => void;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function secretsEqual(given: string, expected: string): boolean {
  // Hash first so the comparison is constant-time whatever the lengths.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && expected.length > 0;
}

/**
 * The identity proxy between Cognito and NHS identity providers.
 *
 * Routes, per provider name: `GET /<name>/authorize` (adds assurance parameters, redirects),
 * `POST /<name>/token` (swaps Cognito's client secret for a signed client assertion and checks the
 * ID token's assurance), `GET|POST /<name>/userinfo` and `GET /<name>/jwks` (pass-through, so Cognito
 * never needs the provider's endpoints hard-coded).
 */
export function createProxy(deps: ProxyDeps): (event: HttpEvent) => Promise<HttpResult> {
  const fetcher = deps.fetcher ?? fetch;
  const now = deps.now ?? (() => Math.floor(Date.now() / 1000));
  const newJti = deps.newJti ?? randomUUID;
  const lifetime = deps.assertionLifetimeSeconds ?? 120;
  const log = deps.log ?? ((entry) => console.log(JSON.stringify(entry)));
  const byName = new Map(deps.providers.map((p) => [p.name, p]));
  const remoteJwks = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  function jwksFor(uri: string): ReturnType<typeof createRemoteJWKSet> {
    let set = remoteJwks.get(uri);
    if (!set) {
      set = createRemoteJWKSet(new URL(uri));
      remoteJwks.set(uri, set);
    }
    return set;
  }

  async function authorize(provider: ProxiedProvider, meta: ProviderMetadata, event: HttpEvent): Promise<HttpResult> {
    const params = new URLSearchParams(event.rawQueryString ?? '');
    if (params.get('client_id') !== provider.clientId) {
      return oauthError(400, 'invalid_request', `client_id must be the client registered for ${provider.name}`);
    }
    // The proxy, not the caller, decides the assurance asked for: whatever any scheme's parameter
    // the caller sent is dropped, and the provider's own is set.
    for (const scheme of Object.values(ASSURANCE_SCHEMES)) params.delete(scheme.parameter);
    const scheme = ASSURANCE_SCHEMES[provider.kind];
    params.set(scheme.parameter, scheme.requestValue(requiredAssurance(provider)));
    if (provider.promptLogin) params.set('prompt', 'login');
    const target = new URL(meta.authorization_endpoint);
    for (const [k, v] of params) target.searchParams.append(k, v);
    return { statusCode: 302, headers: { location: target.toString(), ...NO_STORE }, body: '' };
  }

  function clientCredentials(event: HttpEvent, form: URLSearchParams): { id?: string; secret?: string } {
    const basic = header(event, 'authorization');
    if (basic?.toLowerCase().startsWith('basic ')) {
      // RFC 6749 section 2.3.1: form-encoded id and secret, split at the first colon.
      const decoded = Buffer.from(basic.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return {};
      const unform = (v: string) => decodeURIComponent(v.replace(/\+/g, ' '));
      return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
    }
    return { id: form.get('client_id') ?? undefined, secret: form.get('client_secret') ?? undefined };
  }

  async function token(provider: ProxiedProvider, meta: ProviderMetadata, event: HttpEvent): Promise<HttpResult> {
    const form = new URLSearchParams(bodyText(event));
    const creds = clientCredentials(event, form);
    if (creds.id !== provider.clientId || !creds.secret || !secretsEqual(creds.secret, await deps.expectedClientSecret(provider))) {
      log({ event: 'token.client_rejected', provider: provider.name });
      return oauthError(401, 'invalid_client', 'client authentication failed');
    }
    const assertion = await signClientAssertion(deps.signer, {
      clientId: provider.clientId,
      audience: meta.token_endpoint,
      now: now(),
      lifetimeSeconds: lifetime,
      jti: newJti(),
    });
    const forward = new URLSearchParams();
    for (const [k, v] of form) if (k !== 'client_secret' && k !== 'client_id') forward.append(k, v);
    forward.set('client_id', provider.clientId);
    forward.set('client_assertion_type', ASSERTION_TYPE);
    forward.set('client_assertion', assertion);

    let res: Response;
    try {
      res = await fetcher(meta.token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: forward.toString(),
      });
    } catch (err) {
      log({ event: 'token.provider_unreachable', provider: provider.name, message: (err as Error).message });
      return oauthError(502, 'server_error', `the ${provider.name} token endpoint could not be reached`);
    }
    const text = await res.text();
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      log({ event: 'token.provider_bad_response', provider: provider.name, status: res.status });
      return oauthError(502, 'server_error', `the ${provider.name} token endpoint answered HTTP ${res.status} without JSON`);
    }
    if (!res.ok) {
      const error = typeof body.error === 'string' ? body.error : 'server_error';
      const description = typeof body.error_description === 'string' ? body.error_description : `the ${provider.name} token endpoint answered HTTP ${res.status}`;
      // A provider 5xx is the provider failing (sign-in is down); a 4xx is the request's own fault.
      log({ event: res.status >= 500 ? 'token.provider_unavailable' : 'token.provider_error', provider: provider.name, status: res.status, error });
      // Provider 4xx answers are the caller's problem and keep their status; anything else is ours.
      return oauthError(res.status >= 400 && res.status < 500 ? res.status : 502, error, description);
    }
    if (typeof body.id_token !== 'string') {
      log({ event: 'token.id_token_missing', provider: provider.name });
      return oauthError(502, 'server_error', `the ${provider.name} token response has no id_token`);
    }
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(body.id_token, jwksFor(meta.jwks_uri), { issuer: provider.issuer, audience: provider.clientId }));
    } catch (err) {
      log({ event: 'token.id_token_invalid', provider: provider.name, message: (err as Error).message });
      return oauthError(502, 'server_error', `the ${provider.name} ID token failed verification`);
    }
    const scheme = ASSURANCE_SCHEMES[provider.kind];
    const assurance = claims[scheme.claim];
    const problem = scheme.shortfall(assurance, requiredAssurance(provider));
    if (problem) {
      log({ event: ASSURANCE_REJECTED_EVENT, provider: provider.name, [scheme.claim]: assurance });
      return oauthError(400, 'access_denied', problem);
    }
    log({ event: 'token.issued', provider: provider.name, [scheme.claim]: assurance });
    return json(200, body);
  }

  async function passThrough(url: string | undefined, provider: ProxiedProvider, event: HttpEvent): Promise<HttpResult> {
    if (!url) return oauthError(404, 'invalid_request', `${provider.name} publishes no such endpoint`);
    const headers: Record<string, string> = { accept: 'application/json' };
    const auth = header(event, 'authorization');
    if (auth) headers.authorization = auth;
    const method = event.requestContext.http.method;
    const init: RequestInit = { method, headers };
    if (method === 'POST') {
      headers['content-type'] = header(event, 'content-type') ?? 'application/x-www-form-urlencoded';
      init.body = bodyText(event);
    }
    try {
      const res = await fetcher(url, init);
      return { statusCode: res.status, headers: { 'content-type': res.headers.get('content-type') ?? 'application/json', ...NO_STORE }, body: await res.text() };
    } catch (err) {
      log({ event: 'passthrough.unreachable', provider: provider.name, message: (err as Error).message });
      return oauthError(502, 'server_error', `${provider.name} could not be reached`);
    }
  }

  async function route(event: HttpEvent): Promise<HttpResult> {
    const m = /^\/([a-z0-9-]+)\/(authorize|token|userinfo|jwks)$/.exec(event.rawPath);
    const provider = m ? byName.get(m[1]) : undefined;
    if (!m || !provider) return oauthError(404, 'invalid_request', `no route for ${event.rawPath}`);
    const method = event.requestContext.http.method;
    let meta: ProviderMetadata;
    try {
      meta = await deps.discovery.get(provider.issuer);
    } catch (err) {
      log({ event: 'discovery.failed', provider: provider.name, message: (err as Error).message });
      return oauthError(502, 'temporarily_unavailable', `the ${provider.name} discovery document could not be read`);
    }
    switch (m[2]) {
      case 'authorize':
        return method === 'GET' ? authorize(provider, meta, event) : oauthError(405, 'invalid_request', 'use GET');
      case 'token':
        return method === 'POST' ? token(provider, meta, event) : oauthError(405, 'invalid_request', 'use POST');
      case 'userinfo':
        return passThrough(meta.userinfo_endpoint, provider, event);
      default:
        return method === 'GET' ? passThrough(meta.jwks_uri, provider, event) : oauthError(405, 'invalid_request', 'use GET');
    }
  }

  return async (event) => {
    try {
      return await route(event);
    } catch (err) {
      // Secrets Manager or KMS unavailable: fail closed with an OAuth error, never a half answer.
      log({ event: 'proxy.failed', path: event.rawPath, message: (err as Error).message });
      return oauthError(500, 'server_error', 'the identity proxy could not complete the request');
    }
  };
}
