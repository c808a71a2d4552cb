import { generateKeyPairSync } from 'crypto';
import * as path from 'path';
import { runtimeBundleDir } from '../../../../constructs/core/runtime-code';
import { decodeJwt } from 'jose';
import type { Cis2Aal } from '../../../../constructs/identity/runtime/assurance';
import { DiscoveryCache } from '../../../../constructs/identity/runtime/discovery';
import { createJwksHandler } from '../../../../constructs/identity/runtime/jwks-handler';
import type { Cis2Provider } from '../../../../constructs/identity/runtime/provider-config';
import { createProxy, type ProxyDeps } from '../../../../constructs/identity/runtime/proxy';
import { ASSURANCE_REJECTED_EVENT, PROXY_FAILURE_EVENTS } from '../../../../constructs/identity/runtime/log-events';
import { LocalAssertionSigner } from '../../../../constructs/identity/runtime/signer';
import { getEvent, postForm } from './support/events';
import { followUntilLeaving, startCis2Provider, type ProviderProcess } from './support/provider-process';

// End to end against a real OpenID Connect provider (oidc-provider 9, configured like CIS2:
// private_key_jwt, acr values AAL2_ANY/AAL3_ANY) on loopback. The only stand-ins: a local RSA key
// in place of KMS (KMS cannot run here; the KMS signer has its own test) and a constant in place
// of the Secrets Manager read.

const CLIENT_ID = 'cis2-client';
const SECRET = 'cognito-client-secret-0123456789';
const REDIRECT_URI = 'https://auth.example.nhs.uk/oauth2/idpresponse';

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(check()).toBe(true);
}

describe('identity proxy against a CIS2-like OpenID provider', () => {
  let provider: ProviderProcess;
  let signer: LocalAssertionSigner;
  const logs: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    signer = new LocalAssertionSigner(privateKey, 'test-signing-key-1');
    // The provider trusts exactly what our JWKS endpoint publishes.
    const jwks = await createJwksHandler([signer])();
    provider = await startCis2Provider({ CLIENT_ID, REDIRECT_URI, CLIENT_JWKS: jwks.body });
  });

  afterAll(async () => {
    await provider?.stop();
  });

  function cis2(requiredAal: Cis2Aal): Cis2Provider {
    return { name: 'cis2', kind: 'cis2', issuer: provider.issuer, clientId: CLIENT_ID, clientSecretArn: 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:cis2', requiredAal, promptLogin: true };
  }

  function proxyFor(requiredAal: Cis2Aal, extra: Partial<ProxyDeps> = {}) {
    return createProxy({
      providers: [cis2(requiredAal)],
      signer,
      discovery: new DiscoveryCache(),
      expectedClientSecret: async () => SECRET,
      log: (entry) => logs.push(entry),
      ...extra,
    });
  }

  async function authorizationCode(proxy: ReturnType<typeof createProxy>, user: string): Promise<string> {
    const res = await proxy(
      getEvent('/cis2/authorize', { client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid profile nationalrbacaccess associatedorgs', state: 'st-1', nonce: 'n-1', login_hint: user }),
    );
    expect(res.statusCode).toBe(302);
    const back = await followUntilLeaving(res.headers.location, provider.issuer);
    const code = back.searchParams.get('code');
    if (!code) throw new Error(`no code in ${back.toString()}`);
    expect(back.searchParams.get('state')).toBe('st-1');
    return code;
  }

  function exchange(proxy: ReturnType<typeof createProxy>, code: string, secret = SECRET) {
    return proxy(postForm('/cis2/token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: CLIENT_ID, client_secret: secret }));
  }

  test('the authorize proxy adds acr_values and prompt=login and redirects to the discovered endpoint', async () => {
    // GIVEN
    const proxy = proxyFor('AAL3_ANY');
    // WHEN (a caller's own acr_values is replaced, and NHS login's vtr dropped: neither is trusted)
    const res = await proxy(getEvent('/cis2/authorize', { client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid', state: 's', acr_values: 'AAL1_ANY', vtr: '["P0.Cp"]' }));
    // THEN
    expect(res.statusCode).toBe(302);
    const location = new URL(res.headers.location);
    expect(`${location.origin}${location.pathname}`).toBe(`${provider.issuer}/auth`);
    expect(location.searchParams.getAll('acr_values')).toEqual(['AAL3_ANY']);
    expect(location.searchParams.has('vtr')).toBe(false);
    expect(location.searchParams.get('prompt')).toBe('login');
    expect(location.searchParams.get('state')).toBe('s');
  });

  test('the token proxy exchanges a code for tokens with a signed assertion the provider accepts', async () => {
    // GIVEN
    const proxy = proxyFor('AAL3_ANY');
    const code = await authorizationCode(proxy, 'aal3-user');
    // WHEN
    const res = await exchange(proxy, code);
    // THEN
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = JSON.parse(res.body);
    expect(body.access_token).toEqual(expect.any(String));
    const idToken = decodeJwt(body.id_token);
    expect(idToken).toMatchObject({ iss: provider.issuer, aud: CLIENT_ID, sub: 'aal3-user', acr: 'AAL3_ANY' });
  });

  test('an AAL2 token is accepted when AAL2_ANY is required', async () => {
    const proxy = proxyFor('AAL2_ANY');
    const res = await exchange(proxy, await authorizationCode(proxy, 'aal2-user'));
    expect(res.statusCode).toBe(200);
    expect(decodeJwt(JSON.parse(res.body).id_token).acr).toBe('AAL2_ANY');
  });

  test('fails with invalid_client on a wrong Cognito client secret, without calling the provider', async () => {
    // GIVEN
    const calls: string[] = [];
    const proxy = proxyFor('AAL3_ANY', { fetcher: (url, init) => (calls.push(String(url)), fetch(url, init)) });
    const code = await authorizationCode(proxy, 'aal3-user');
    // WHEN
    const res = await exchange(proxy, code, 'not-the-secret');
    // THEN
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body)).toEqual({ error: 'invalid_client', error_description: 'client authentication failed' });
    expect(calls).toEqual([]);
  });

  test('fails with access_denied when the ID token is below the required AAL', async () => {
    // GIVEN AAL3 required, and a user who authenticated at AAL2
    const proxy = proxyFor('AAL3_ANY');
    const code = await authorizationCode(proxy, 'aal2-user');
    // WHEN
    const res = await exchange(proxy, code);
    // THEN
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: 'access_denied', error_description: "the ID token's acr AAL2_ANY is below the required AAL3_ANY" });
    expect(res.body).not.toContain('id_token');
    // AND the log says so, with the event the assurance alarm counts
    expect(logs).toContainEqual({ event: ASSURANCE_REJECTED_EVENT, provider: 'cis2', acr: 'AAL2_ANY' });
  });

  test('fails with invalid_client when an assertion jti is replayed (the provider rejects it)', async () => {
    // GIVEN a proxy that (wrongly) reuses one jti
    const proxy = proxyFor('AAL3_ANY', { newJti: () => 'replayed-jti-1' });
    const first = await exchange(proxy, await authorizationCode(proxy, 'aal3-user'));
    expect(first.statusCode).toBe(200);
    // WHEN
    const second = await exchange(proxy, await authorizationCode(proxy, 'aal3-user'));
    // THEN
    expect(second.statusCode).toBe(401);
    expect(JSON.parse(second.body)).toEqual({ error: 'invalid_client', error_description: 'client authentication failed' });
    expect(logs).toContainEqual(expect.objectContaining({ event: 'token.provider_error', status: 401, error: 'invalid_client' }));
    await waitFor(() => provider.events.some((e) => e.detail === 'client assertion tokens must only be used once'));
  });

  test('fails with invalid_client when the assertion has expired', async () => {
    // GIVEN a signer clock ten minutes behind: the assertion expired before it was sent
    const proxy = proxyFor('AAL3_ANY', { now: () => Math.floor(Date.now() / 1000) - 600 });
    // WHEN
    const res = await exchange(proxy, await authorizationCode(proxy, 'aal3-user'));
    // THEN
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body).error).toBe('invalid_client');
    await waitFor(() => provider.events.some((e) => e.error === 'invalid_client' && /exp/.test(String(e.detail))));
  });

  test('fails with the provider error when the provider refuses the grant', async () => {
    // GIVEN a code the provider never issued
    const proxy = proxyFor('AAL3_ANY');
    // WHEN
    const res = await exchange(proxy, 'not-a-real-code');
    // THEN
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: 'invalid_grant', error_description: 'grant request is invalid' });
    // AND the caller's mistake is logged as such, not as a failing sign-in (no alarm)
    const entry = logs.filter((e) => e.status === 400 && e.error === 'invalid_grant').pop();
    expect(entry?.event).toBe('token.provider_error');
    expect(PROXY_FAILURE_EVENTS).not.toContain(entry?.event);
  });

  test('fails with server_error when the provider answers 5xx, logged as a failing sign-in', async () => {
    // GIVEN discovery and sign-in succeeded, then the token endpoint is failing (the provider itself stays up for discovery)
    const proxy = proxyFor('AAL3_ANY', {
      fetcher: async (url, init) => (String(url).endsWith('/token') ? new Response(JSON.stringify({ error: 'temporarily_unavailable' }), { status: 503 }) : fetch(url, init)),
    });
    const code = await authorizationCode(proxy, 'aal3-user');
    // WHEN
    const res = await exchange(proxy, code);
    // THEN the caller gets a server error AND the proxy errors alarm counts the event
    expect(res.statusCode).toBe(502);
    expect(JSON.parse(res.body).error).toBe('temporarily_unavailable');
    expect(logs).toContainEqual({ event: 'token.provider_unavailable', provider: 'cis2', status: 503, error: 'temporarily_unavailable' });
    expect(PROXY_FAILURE_EVENTS).toContain('token.provider_unavailable');
  });

  test('fails with server_error when the provider cannot be reached', async () => {
    // GIVEN discovery succeeded but the token endpoint is down
    const proxy = proxyFor('AAL3_ANY', {
      fetcher: async (url, init) => {
        if (String(url).endsWith('/token')) throw new TypeError('fetch failed');
        return fetch(url, init);
      },
    });
    const res = await exchange(proxy, await authorizationCode(proxy, 'aal3-user'));
    expect(res.statusCode).toBe(502);
    expect(JSON.parse(res.body).error).toBe('server_error');
    // AND the log holds an event the proxy errors alarm counts
    expect(logs).toContainEqual(expect.objectContaining({ event: 'token.provider_unreachable', provider: 'cis2' }));
    expect(PROXY_FAILURE_EVENTS).toContain('token.provider_unreachable');
  });

  test('passes userinfo and the provider JWKS through from discovery', async () => {
    // GIVEN
    const proxy = proxyFor('AAL3_ANY');
    const tokens = JSON.parse((await exchange(proxy, await authorizationCode(proxy, 'aal3-user'))).body);
    // WHEN
    const userinfo = await proxy({ rawPath: '/cis2/userinfo', headers: { Authorization: `Bearer ${tokens.access_token}` }, requestContext: { http: { method: 'GET' } } });
    const jwks = await proxy(getEvent('/cis2/jwks'));
    // THEN
    expect(userinfo.statusCode).toBe(200);
    expect(JSON.parse(userinfo.body)).toMatchObject({ sub: 'aal3-user', nhsid_nrbac_roles: [expect.objectContaining({ role_code: 'S8000:G8000:R8000' })], nhsid_user_orgs: [expect.objectContaining({ org_code: 'RXX' })] });
    expect(JSON.parse(jwks.body).keys[0]).toMatchObject({ kid: 'cis2-sig-1', kty: 'RSA' });
  });

  test('the bundled Lambda handler (as deployed) redirects an authorize request with acr_values', async () => {
    // GIVEN the esbuild bundle the construct deploys, configured through its environment
    const dir = runtimeBundleDir(path.join(__dirname, '..', '..', '..', '..', 'constructs', 'identity', 'runtime', 'proxy.lambda.ts'));
    process.env.PROVIDERS = JSON.stringify([cis2('AAL2_OR_AAL3_ANY')]);
    process.env.SIGNING_KEY_ID = 'unused-for-authorize';
    const { handler } = require(path.join(dir, 'index.js')) as { handler: ReturnType<typeof createProxy> };
    // WHEN
    const res = await handler(getEvent('/cis2/authorize', { client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid' }));
    // THEN
    expect(res.statusCode).toBe(302);
    expect(new URL(res.headers.location).searchParams.get('acr_values')).toBe('AAL2_OR_AAL3_ANY');
    delete process.env.PROVIDERS;
    delete process.env.SIGNING_KEY_ID;
  });

  test('accepts the Cognito secret by HTTP Basic authentication too', async () => {
    const proxy = proxyFor('AAL3_ANY');
    const code = await authorizationCode(proxy, 'aal3-user');
    const event = postForm('/cis2/token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
    const res = await proxy({ ...event, headers: { ...event.headers, Authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${SECRET}`).toString('base64')}` } });
    expect(res.statusCode).toBe(200);
  });

  test('fails closed with server_error when the expected secret cannot be read', async () => {
    const proxy = proxyFor('AAL3_ANY', { expectedClientSecret: () => Promise.reject(new Error('AccessDeniedException')) });
    const res = await exchange(proxy, 'any-code');
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ error: 'server_error', error_description: 'the identity proxy could not complete the request' });
    expect(logs).toContainEqual(expect.objectContaining({ event: 'proxy.failed', message: 'AccessDeniedException' }));
    expect(PROXY_FAILURE_EVENTS).toContain('proxy.failed');
  });
});
