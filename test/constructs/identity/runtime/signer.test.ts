import { constants, createHash, createPublicKey, generateKeyPairSync, privateEncrypt, verify } from 'crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { buildJwks } from '../../../../constructs/identity/runtime/jwks';
import { createJwksHandler } from '../../../../constructs/identity/runtime/jwks-handler';
import { KmsAssertionSigner, LocalAssertionSigner, signClientAssertion } from '../../../../constructs/identity/runtime/signer';

// KMS cannot run locally: the KMS signer is tested against aws-sdk-client-mock, which answers
// with a real RSA signature made by a local key, so the output is checked cryptographically.

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const TOKEN_ENDPOINT = 'https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare/access_token';

describe('KmsAssertionSigner', () => {
  const kmsMock = mockClient(KMSClient);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  beforeEach(() => {
    kmsMock.reset();
    // KMS with MessageType DIGEST signs the given SHA-256 digest as PKCS#1 v1.5: RSA over the
    // DigestInfo (SHA-256 algorithm identifier + digest), as done here with the local key.
    kmsMock.on(SignCommand).callsFake((input: { Message: Uint8Array }) => ({
      KeyId: `arn:aws:kms:eu-west-2:111122223333:key/${KEY_ID}`,
      Signature: privateEncrypt(
        { key: privateKey, padding: constants.RSA_PKCS1_PADDING },
        Buffer.concat([Buffer.from('3031300d060960864801650304020105000420', 'hex'), Buffer.from(input.Message)]),
      ),
      SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
    }));
    kmsMock.on(GetPublicKeyCommand).resolves({ KeyId: KEY_ID, KeyUsage: 'SIGN_VERIFY', KeySpec: 'RSA_2048', PublicKey: publicKey.export({ format: 'der', type: 'spki' }) });
  });

  test('sends exactly one Sign request: the key, DIGEST, RSASSA_PKCS1_V1_5_SHA_256 and the SHA-256 of the signing input', async () => {
    // GIVEN
    const signer = new KmsAssertionSigner(new KMSClient({ region: 'eu-west-2' }), KEY_ID);
    // WHEN
    const jwt = await signClientAssertion(signer, { clientId: 'client-1', audience: TOKEN_ENDPOINT, now: 1_800_000_000, lifetimeSeconds: 120, jti: 'jti-1' });
    // THEN
    const calls = kmsMock.commandCalls(SignCommand);
    expect(calls).toHaveLength(1);
    const signingInput = jwt.split('.').slice(0, 2).join('.');
    expect(calls[0].args[0].input).toEqual({
      KeyId: KEY_ID,
      MessageType: 'DIGEST',
      SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
      Message: createHash('sha256').update(signingInput).digest(),
    });
    expect(verify('sha256', Buffer.from(signingInput), publicKey, Buffer.from(jwt.split('.')[2], 'base64url'))).toBe(true);
  });

  test('makes an RFC 7523 assertion that verifies against the published JWKS (RS256, kid = key id)', async () => {
    // GIVEN
    const signer = new KmsAssertionSigner(new KMSClient({ region: 'eu-west-2' }), KEY_ID);
    const jwks = JSON.parse((await createJwksHandler([signer])()).body);
    // WHEN
    const jwt = await signClientAssertion(signer, { clientId: 'client-1', audience: TOKEN_ENDPOINT, now: Math.floor(Date.now() / 1000), lifetimeSeconds: 300 });
    // THEN
    expect(jwks.keys).toEqual([expect.objectContaining({ kid: KEY_ID, alg: 'RS256', use: 'sig', kty: 'RSA' })]);
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'RS256', typ: 'JWT', kid: KEY_ID });
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks), { issuer: 'client-1', subject: 'client-1', audience: TOKEN_ENDPOINT, algorithms: ['RS256'] });
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('fails when KMS returns no signature', async () => {
    kmsMock.on(SignCommand).resolves({});
    const signer = new KmsAssertionSigner(new KMSClient({ region: 'eu-west-2' }), KEY_ID);
    await expect(signer.sign(Buffer.from('x'))).rejects.toThrow(`KMS Sign returned no signature for key ${KEY_ID}`);
  });

  test('fails to publish a key that is not SIGN_VERIFY', async () => {
    kmsMock.on(GetPublicKeyCommand).resolves({ KeyId: KEY_ID, KeyUsage: 'ENCRYPT_DECRYPT', PublicKey: publicKey.export({ format: 'der', type: 'spki' }) });
    await expect(buildJwks([new KmsAssertionSigner(new KMSClient({ region: 'eu-west-2' }), KEY_ID)])).rejects.toThrow(/not a SIGN_VERIFY key/);
  });
});

describe('client assertions and key rotation', () => {
  const current = new LocalAssertionSigner(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'key-2');
  const previous = new LocalAssertionSigner(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'key-1');

  test('gives every assertion a unique jti', async () => {
    const claims = { clientId: 'c', audience: TOKEN_ENDPOINT, now: 1_800_000_000, lifetimeSeconds: 60 };
    const jtis = new Set(await Promise.all([1, 2, 3].map(async () => JSON.parse(Buffer.from((await signClientAssertion(current, claims)).split('.')[1], 'base64url').toString()).jti)));
    expect(jtis.size).toBe(3);
  });

  test('a JWKS of current and previous keys verifies assertions from both until the previous key is retired', async () => {
    // GIVEN an assertion signed just before rotation, and one after
    const now = Math.floor(Date.now() / 1000);
    const before = await signClientAssertion(previous, { clientId: 'c', audience: TOKEN_ENDPOINT, now, lifetimeSeconds: 60 });
    const after = await signClientAssertion(current, { clientId: 'c', audience: TOKEN_ENDPOINT, now, lifetimeSeconds: 60 });
    // WHEN both keys are published
    const both = createLocalJWKSet(await buildJwks([current, previous]));
    // THEN both verify
    await expect(jwtVerify(before, both)).resolves.toBeDefined();
    await expect(jwtVerify(after, both)).resolves.toBeDefined();
    // AND once the previous key is retired, its assertions no longer verify
    const retired = createLocalJWKSet(await buildJwks([current]));
    await expect(jwtVerify(before, retired)).rejects.toThrow(/no applicable key found/);
  });

  test('fails to sign an assertion valid for more than five minutes', async () => {
    await expect(signClientAssertion(current, { clientId: 'c', audience: TOKEN_ENDPOINT, now: 0, lifetimeSeconds: 301 })).rejects.toThrow(
      'assertion lifetime must be 1 to 300 seconds, got 301',
    );
  });

  test('the JWKS endpoint answers 503 without keys when a key cannot be read', async () => {
    const broken = { keyId: 'k', publicKeyDer: () => Promise.reject(new Error('AccessDenied')) };
    const logged: Record<string, unknown>[] = [];
    const res = await createJwksHandler([broken], 1000, Date.now, (e) => logged.push(e))();
    expect(res.statusCode).toBe(503);
    expect(logged).toEqual([{ event: 'jwks.failed', message: 'AccessDenied' }]);
    expect(JSON.parse(res.body).error).toBe('temporarily_unavailable');
  });

  test('the JWKS is a public key only (no private parameters)', async () => {
    const jwks = await buildJwks([current]);
    expect(Object.keys(jwks.keys[0]).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    expect(createPublicKey({ key: { ...jwks.keys[0] }, format: 'jwk' }).type).toBe('public');
  });
});
