import { KMSClient } from '@aws-sdk/client-kms';
import type { HttpResult } from './http';
import { createJwksHandler } from './jwks-handler';
import { KmsAssertionSigner } from './signer';

// Lambda entry: PUBLISHED_KEY_IDS lists the current key and every previous key not yet retired.
const kms = new KMSClient({});
const keyIds = JSON.parse(process.env.PUBLISHED_KEY_IDS ?? '[]') as string[];
const jwks = createJwksHandler(keyIds.map((id) => new KmsAssertionSigner(kms, id)));

/** The JWKS Lambda handler (API Gateway HTTP API, payload 2.0). */
export const handler = (): Promise<HttpResult> => jwks();
