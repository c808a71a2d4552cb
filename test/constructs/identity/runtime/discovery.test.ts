import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { DiscoveryCache } from '../../../../constructs/identity/runtime/discovery';

// Discovery against a real HTTP server on loopback that counts requests and can be told to fail.

describe('DiscoveryCache', () => {
  let server: Server;
  let issuer: string;
  let requests = 0;
  let mode: 'ok' | 'fail' | 'wrong-issuer' | 'no-token-endpoint' = 'ok';

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests++;
      if (req.url !== '/realm/.well-known/openid-configuration' || mode === 'fail') {
        res.writeHead(503).end();
        return;
      }
      const doc: Record<string, string> = {
        issuer: mode === 'wrong-issuer' ? 'https://elsewhere.example' : issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/access_token`,
        jwks_uri: `${issuer}/connect/jwk_uri`,
      };
      if (mode === 'no-token-endpoint') delete doc.token_endpoint;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realm`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    requests = 0;
    mode = 'ok';
  });

  test('reads the endpoints from discovery once per TTL', async () => {
    // GIVEN
    let now = 0;
    const cache = new DiscoveryCache(fetch, 1000, () => now);
    // WHEN
    const first = await cache.get(issuer);
    await cache.get(issuer);
    now = 1001;
    await cache.get(issuer);
    // THEN
    expect(first.token_endpoint).toBe(`${issuer}/access_token`);
    expect(requests).toBe(2);
  });

  test('does not cache a failure: the next call tries again', async () => {
    const cache = new DiscoveryCache();
    mode = 'fail';
    await expect(cache.get(issuer)).rejects.toThrow(/answered HTTP 503/);
    mode = 'ok';
    await expect(cache.get(issuer)).resolves.toMatchObject({ issuer });
  });

  test('fails when the document names another issuer', async () => {
    mode = 'wrong-issuer';
    await expect(new DiscoveryCache().get(issuer)).rejects.toThrow(`names issuer https://elsewhere.example, expected ${issuer}`);
  });

  test('fails when the document has no token endpoint', async () => {
    mode = 'no-token-endpoint';
    await expect(new DiscoveryCache().get(issuer)).rejects.toThrow(/has no token_endpoint/);
  });
});
