import { generateKeyPairSync } from 'crypto';
import { decodeJwt } from 'jose';
import { DiscoveryCache } from '../../../../constructs/identity/runtime/discovery';
import { createJwksHandler } from '../../../../constructs/identity/runtime/jwks-handler';
import type { NhsLoginProvider } from '../../../../constructs/identity/runtime/provider-config';
import { createProxy } from '../../../../constructs/identity/runtime/proxy';
import { ASSURANCE_REJECTED_EVENT, PROXY_FAILURE_EVENTS } from '../../../../constructs/identity/runtime/log-events';
import { LocalAssertionSigner } from '../../../../constructs/identity/runtime/signer';
import { getEvent, postForm } from './support/events';
import { followUntilLeaving, startCis2Provider, type ProviderProcess } from './support/provider-process';

// End to end against oidc-provider behaving like NHS login (private_key_jwt, `vot` in the ID token)
// on loopback. A local RSA key stands in for KMS, a constant for the Secrets Manager read.

const CLIENT_ID = 'nhs-login-client';
const SECRET = 'cognito-nhs-login-secret-0123456789';
const REDIRECT_URI = 'https://auth.example.nhs.uk/oauth2/idpresponse';

describe('identity proxy against an NHS-login-like OpenID provider', () => {
  let provider: ProviderProcess;
  let proxy: ReturnType<typeof createProxy>;
  const logs: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    const signer = new LocalAssertionSigner(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'nhs-login-key-1');
    provider = await startCis2Provider({ PROFILE: 'nhs-login', CLIENT_ID, REDIRECT_URI, CLIENT_JWKS: (await createJwksHandler([signer])()).body });
    const config: NhsLoginProvider = {
      name: 'nhs-login', kind: 'nhs-login', issuer: provider.issuer, clientId: CLIENT_ID, clientSecretArn: 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:nhs-login', vectorOfTrust: 'P9.Cp.Cd', promptLogin: false,
    };
    proxy = createProxy({ providers: [config], signer, discovery: new DiscoveryCache(), expectedClientSecret: async () => SECRET, log: (entry) => logs.push(entry) });
  });

  afterAll(async () => {
    await provider?.stop();
  });

  async function tokensFor(user: string) {
    const res = await proxy(getEvent('/nhs-login/authorize', { client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid profile', state: 's', login_hint: user }));
    const code = (await followUntilLeaving(res.headers.location, provider.issuer)).searchParams.get('code') ?? '';
    return proxy(postForm('/nhs-login/token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: CLIENT_ID, client_secret: SECRET }));
  }

  test('the authorize proxy adds vtr (a JSON list) and no acr_values or prompt', async () => {
    const res = await proxy(getEvent('/nhs-login/authorize', { client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid', state: 's' }));
    expect(res.statusCode).toBe(302);
    const location = new URL(res.headers.location);
    expect(location.searchParams.get('vtr')).toBe('["P9.Cp.Cd"]');
    expect(location.searchParams.has('acr_values')).toBe(false);
    expect(location.searchParams.has('prompt')).toBe(false);
  });

  test('a P9 identity is exchanged for tokens', async () => {
    const res = await tokensFor('p9-user');
    expect(res.statusCode).toBe(200);
    expect(decodeJwt(JSON.parse(res.body).id_token)).toMatchObject({ sub: 'p9-user', vot: 'P9.Cp.Cd' });
  });

  test('fails with access_denied when the vector of trust is below P9.Cp.Cd', async () => {
    const res = await tokensFor('p5-user');
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: 'access_denied', error_description: "the ID token's vot P5.Cp.Cd is below the required P9.Cp.Cd" });
    // AND the log says so with the claim NHS login states assurance in
    expect(logs).toContainEqual({ event: ASSURANCE_REJECTED_EVENT, provider: 'nhs-login', vot: 'P5.Cp.Cd' });
  });

  test('fails with invalid_request when the authorize request names another client', async () => {
    const res = await proxy(getEvent('/nhs-login/authorize', { client_id: 'someone-else', redirect_uri: REDIRECT_URI, response_type: 'code' }));
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error).toBe('invalid_request');
  });

  test('fails with 404 on an unknown provider or route and 405 on a wrong method', async () => {
    expect((await proxy(getEvent('/other/token'))).statusCode).toBe(404);
    expect((await proxy(getEvent('/nhs-login/introspect'))).statusCode).toBe(404);
    expect((await proxy(getEvent('/nhs-login/token'))).statusCode).toBe(405);
  });

  test('fails with 502 temporarily_unavailable when the discovery document cannot be read', async () => {
    // GIVEN a provider whose issuer answers nothing (a closed loopback port)
    const downLogs: Array<Record<string, unknown>> = [];
    const down = createProxy({
      providers: [{ name: 'nhs-login', kind: 'nhs-login', issuer: 'http://127.0.0.1:9', clientId: CLIENT_ID, clientSecretArn: 'arn', vectorOfTrust: 'P9.Cp.Cd', promptLogin: false }],
      signer: new LocalAssertionSigner(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'k'),
      discovery: new DiscoveryCache(),
      expectedClientSecret: async () => SECRET,
      log: (entry) => downLogs.push(entry),
    });
    // WHEN
    const res = await down(getEvent('/nhs-login/authorize', { client_id: CLIENT_ID }));
    // THEN
    expect(res.statusCode).toBe(502);
    expect(JSON.parse(res.body).error).toBe('temporarily_unavailable');
    // AND the outage is logged with an event the proxy errors alarm counts
    expect(downLogs).toEqual([expect.objectContaining({ event: 'discovery.failed', provider: 'nhs-login' })]);
    expect(PROXY_FAILURE_EVENTS).toContain('discovery.failed');
  });
});
