import { createHash, createPrivateKey, createPublicKey, randomUUID, sign as rsaSign, type KeyObject } from 'crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';

/**
 * Signs RFC 7523 client assertions. The key never leaves its store: KMS in AWS, a local key in tests.
 *
 * `keyId` is the JWS `kid`, and the same value names the key in the published JWKS.
 */
export interface AssertionSigner {
  /** The key id published as `kid` in the JWS header and the JWKS. */
  readonly keyId: string;
  /** RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signature over the JWS signing input. */
  sign(signingInput: Buffer): Promise<Buffer>;
}

/** Publishes the public half of a signing key, as SPKI DER (what KMS GetPublicKey returns). */
export interface PublicKeySource {
  /** The key id, used as `kid`. */
  readonly keyId: string;
  /** The public key, DER-encoded SubjectPublicKeyInfo. */
  publicKeyDer(): Promise<Buffer>;
}

/** The JWS algorithm every assertion uses (KMS RSASSA_PKCS1_V1_5_SHA_256). */
export const ASSERTION_ALG = 'RS256';

/** The KMS signing algorithm matching RS256. */
export const KMS_SIGNING_ALGORITHM = 'RSASSA_PKCS1_V1_5_SHA_256';

/**
 * Signs with a KMS asymmetric key (RSA_2048, SIGN_VERIFY).
 *
 * Sends the SHA-256 digest (MessageType DIGEST) so the signing input's size never matters.
 */
export class KmsAssertionSigner implements AssertionSigner, PublicKeySource {
  constructor(
    private readonly kms: KMSClient,
    public readonly keyId: string,
  ) {}

  async sign(signingInput: Buffer): Promise<Buffer> {
    const digest = createHash('sha256').update(signingInput).digest();
    const out = await this.kms.send(
      new SignCommand({ KeyId: this.keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: KMS_SIGNING_ALGORITHM }),
    );
    if (!out.Signature) throw new Error(`KMS Sign returned no signature for key ${this.keyId}`);
    return Buffer.from(out.Signature);
  }

  async publicKeyDer(): Promise<Buffer> {
    const out = await this.kms.send(new GetPublicKeyCommand({ KeyId: this.keyId }));
    if (!out.PublicKey) throw new Error(`KMS GetPublicKey returned no key for ${this.keyId}`);
    if (out.KeyUsage && out.KeyUsage !== 'SIGN_VERIFY') throw new Error(`KMS key ${this.keyId} is not a SIGN_VERIFY key (got ${out.KeyUsage})`);
    return Buffer.from(out.PublicKey);
  }
}

/** Signs with an RSA private key held in process: for tests and local development only. */
export class LocalAssertionSigner implements AssertionSigner, PublicKeySource {
  private readonly privateKey: KeyObject;

  constructor(
    privateKey: KeyObject | string,
    public readonly keyId: string,
  ) {
    this.privateKey = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  }

  async sign(signingInput: Buffer): Promise<Buffer> {
    return rsaSign('sha256', signingInput, this.privateKey);
  }

  async publicKeyDer(): Promise<Buffer> {
    return createPublicKey(this.privateKey).export({ format: 'der', type: 'spki' });
  }
}

/** What goes into one client assertion. */
export interface AssertionClaims {
  /** The OAuth client id: both `iss` and `sub` (RFC 7523 section 3). */
  readonly clientId: string;
  /** The provider's token endpoint: the `aud`. */
  readonly audience: string;
  /** Seconds since the epoch. */
  readonly now: number;
  /** Seconds the assertion stays valid; at most 300. */
  readonly lifetimeSeconds: number;
  /** A unique id; a provider rejects a second use. */
  readonly jti?: string;
}

/** The longest lifetime an assertion may have: CIS2 and NHS login accept at most 5 minutes. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Builds and signs an RFC 7523 client assertion (compact JWS). */
export async function signClientAssertion(signer: AssertionSigner, claims: AssertionClaims): Promise<string> {
  if (claims.lifetimeSeconds <= 0 || claims.lifetimeSeconds > MAX_ASSERTION_LIFETIME_SECONDS) {
    throw new Error(`assertion lifetime must be 1 to ${MAX_ASSERTION_LIFETIME_SECONDS} seconds, got ${claims.lifetimeSeconds}`);
  }
  const header = { alg: ASSERTION_ALG, typ: 'JWT', kid: signer.keyId };
  const payload = {
    iss: claims.clientId,
    sub: claims.clientId,
    aud: claims.audience,
    jti: claims.jti ?? randomUUID(),
    iat: claims.now,
    exp: claims.now + claims.lifetimeSeconds,
  };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = await signer.sign(Buffer.from(signingInput, 'ascii'));
  return `${signingInput}.${b64url(signature)}`;
}
