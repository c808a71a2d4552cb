import * as http from 'http';
import * as https from 'https';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { queryString } from './fhir-request';

/** AWS credentials for SigV4. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** One request to the data store, below its FHIR base. */
export interface StoreRequest {
  readonly method: string;
  /** Canonical path below the base: `/Patient/9`. */
  readonly path: string;
  readonly query: ReadonlyArray<readonly [string, string]>;
  readonly body?: { readonly contentType: string; readonly text: string };
  /** `If-Match`, for versioned updates. */
  readonly ifMatch?: string;
}

/** The data store's answer. */
export interface StoreResponse {
  readonly status: number;
  /** The headers passed back to the caller. */
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The headers of HealthLake's answer that are passed back to the caller. */
const PASSED_HEADERS = ['content-type', 'etag', 'last-modified', 'location'];

/**
 * A client for one HealthLake data store: every request signed with SigV4 over exactly the path
 * and query it sends (built from parts the gateway understood), with a timeout.
 */
export class HealthLakeClient {
  private readonly base: URL;
  private readonly signer: SignatureV4;

  constructor(endpoint: string, region: string, credentials: () => Credentials | Promise<Credentials>, private readonly timeoutMs = 20000) {
    this.base = new URL(endpoint);
    this.signer = new SignatureV4({ service: 'healthlake', region, credentials: async () => credentials(), sha256: Sha256 });
  }

  /** The store's FHIR base URL, with a trailing slash. */
  public get baseUrl(): string {
    return `${this.base.origin}${this.base.pathname.replace(/\/+$/, '')}/`;
  }

  /** Sends `req`, signed. Rejects when the store does not answer. */
  public async send(req: StoreRequest): Promise<StoreResponse> {
    const fullPath = `${this.base.pathname.replace(/\/+$/, '')}${req.path}`;
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of req.query) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const headers: Record<string, string> = { host: this.base.host, accept: 'application/fhir+json' };
    if (req.body) headers['content-type'] = req.body.contentType;
    if (req.ifMatch) headers['if-match'] = req.ifMatch;
    const signed = await this.signer.sign({
      method: req.method, protocol: this.base.protocol, hostname: this.base.hostname, port: this.base.port ? Number(this.base.port) : undefined,
      path: fullPath, query, headers, body: req.body?.text,
    });
    const qs = queryString(req.query);
    const client = this.base.protocol === 'https:' ? https : http;
    return new Promise<StoreResponse>((resolve, reject) => {
      const r = client.request(
        { method: req.method, protocol: this.base.protocol, hostname: this.base.hostname, port: this.base.port || undefined, path: `${fullPath}${qs ? `?${qs}` : ''}`, headers: signed.headers, timeout: this.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const out: Record<string, string> = {};
            for (const h of PASSED_HEADERS) {
              const v = res.headers[h];
              if (typeof v === 'string') out[h] = v;
            }
            resolve({ status: res.statusCode ?? 502, headers: out, body: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      r.on('timeout', () => r.destroy(new Error(`HealthLake did not answer within ${this.timeoutMs} ms`)));
      r.on('error', reject);
      if (req.body) r.write(req.body.text);
      r.end();
    });
  }
}
