import type { KeyObject } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';

/** A local JWT issuer: real keys made with jose, JWKS served over HTTP on 127.0.0.1. */
export interface LocalIssuer {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly publicKey: KeyLike;
  readonly publicPem: string;
  sign(claims: JWTPayload, options?: { expiresIn?: string | number; notBefore?: string | number; alg?: string; key?: KeyLike | Uint8Array }): Promise<string>;
  close(): Promise<void>;
}

/** Starts a JWKS issuer on an ephemeral loopback port. */
export async function startIssuer(): Promise<LocalIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  const server = http.createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const publicPem = (publicKey as unknown as KeyObject).export({ type: 'spki', format: 'pem' }).toString();
  return {
    issuer: base,
    jwksUri: `${base}/.well-known/jwks.json`,
    publicKey,
    publicPem,
    async sign(claims, options = {}) {
      const alg = options.alg ?? 'RS256';
      let jwt = new SignJWT(claims).setProtectedHeader({ alg, kid: 'test-key-1' }).setIssuedAt();
      if (claims.iss === undefined) jwt = jwt.setIssuer(base);
      if (options.expiresIn !== undefined) jwt = jwt.setExpirationTime(options.expiresIn);
      if (options.notBefore !== undefined) jwt = jwt.setNotBefore(options.notBefore);
      return jwt.sign(options.key ?? privateKey);
    },
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

/** One request the HealthLake stand-in received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A local HTTP server standing in for Amazon HealthLake, which cannot run locally: it records
 * each request and answers with a FHIR resource.
 */
export interface HealthLakeStandIn {
  readonly endpoint: string;
  readonly received: ReceivedRequest[];
  close(): Promise<void>;
}

/** Starts the HealthLake stand-in on an ephemeral loopback port. */
export async function startHealthLakeStandIn(): Promise<HealthLakeStandIn> {
  const received: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/fhir+json' });
      res.end(JSON.stringify({ resourceType: 'Patient', id: '9', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}/datastore/0123456789abcdef0123456789abcdef/r4/`,
    received,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
