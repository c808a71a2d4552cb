import { KMSClient } from '@aws-sdk/client-kms';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DiscoveryCache } from './discovery';
import type { HttpEvent, HttpResult } from './http';
import type { ProxiedProvider } from './provider-config';
import { createProxy } from './proxy';
import { KmsAssertionSigner } from './signer';

// Lambda entry: wires the proxy to KMS and Secrets Manager from the environment the construct sets.
const providers = JSON.parse(process.env.PROVIDERS ?? '[]') as ProxiedProvider[];
const secrets = new SecretsManagerClient({});
const secretCache = new Map<string, { at: number; value: Promise<string> }>();
const SECRET_TTL_MS = 5 * 60 * 1000;

async function loadSecret(arn: string): Promise<string> {
  const out = await secrets.send(new GetSecretValueCommand({ SecretId: arn }));
  if (!out.SecretString) throw new Error(`secret ${arn} has no string value`);
  return out.SecretString;
}

const proxy = createProxy({
  providers,
  signer: new KmsAssertionSigner(new KMSClient({}), process.env.SIGNING_KEY_ID ?? ''),
  discovery: new DiscoveryCache(),
  assertionLifetimeSeconds: Number(process.env.ASSERTION_LIFETIME_SECONDS ?? '120'),
  expectedClientSecret: (provider) => {
    const hit = secretCache.get(provider.clientSecretArn);
    if (hit && Date.now() - hit.at < SECRET_TTL_MS) return hit.value;
    const value = loadSecret(provider.clientSecretArn);
    secretCache.set(provider.clientSecretArn, { at: Date.now(), value });
    value.catch(() => secretCache.delete(provider.clientSecretArn));
    return value;
  },
});

/** The identity proxy's Lambda handler (API Gateway HTTP API, payload 2.0). */
export const handler = (event: HttpEvent): Promise<HttpResult> => proxy(event);
