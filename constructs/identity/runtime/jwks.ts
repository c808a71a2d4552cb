import { createPublicKey } from 'crypto';
import { ASSERTION_ALG, type PublicKeySource } from './signer';

/** One public key in a JWKS, as providers read it. */
export interface PublicJwk {
  readonly kty: string;
  readonly n: string;
  readonly e: string;
  readonly kid: string;
  readonly alg: string;
  readonly use: 'sig';
}

/** A JSON Web Key Set. */
export interface Jwks {
  readonly keys: PublicJwk[];
}

/** The RSA public JWK for a DER (SPKI) public key. */
export function publicJwkFromDer(der: Buffer, kid: string): PublicJwk {
  const jwk = createPublicKey({ key: der, format: 'der', type: 'spki' }).export({ format: 'jwk' });
  if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e) throw new Error(`signing key ${kid} is not an RSA key (got ${jwk.kty})`);
  return { kty: 'RSA', n: jwk.n, e: jwk.e, kid, alg: ASSERTION_ALG, use: 'sig' };
}

/**
 * The JWKS of every published key: the current signing key and any previous ones not yet retired,
 * so assertions signed just before a rotation still verify.
 */
export async function buildJwks(sources: readonly PublicKeySource[]): Promise<Jwks> {
  const keys = await Promise.all(sources.map(async (s) => publicJwkFromDer(await s.publicKeyDer(), s.keyId)));
  return { keys };
}
