import { json, type HttpResult } from './http';
import { buildJwks, type Jwks } from './jwks';
import { JWKS_FAILED_EVENT } from './log-events';
import type { PublicKeySource } from './signer';

/**
 * The JWKS endpoint: publishes the public keys providers verify our client assertions with.
 *
 * The set is cached for `ttlMs` (keys change only at rotation) and served with a matching max-age.
 */
export function createJwksHandler(
  sources: readonly PublicKeySource[],
  ttlMs = 5 * 60 * 1000,
  clock: () => number = Date.now,
  log: (entry: Record<string, unknown>) => void = (entry) => console.log(JSON.stringify(entry)),
): () => Promise<HttpResult> {
  let cached: { at: number; jwks: Promise<Jwks> } | undefined;
  return async () => {
    if (!cached || clock() - cached.at >= ttlMs) {
      const jwks = buildJwks(sources);
      cached = { at: clock(), jwks };
      jwks.catch(() => (cached = undefined));
    }
    try {
      return json(200, await cached.jwks, { 'cache-control': `public, max-age=${Math.floor(ttlMs / 1000)}` });
    } catch (err) {
      log({ event: JWKS_FAILED_EVENT, message: (err as Error).message });
      return json(503, { error: 'temporarily_unavailable', error_description: 'signing keys could not be read' });
    }
  };
}
