/** The fields of an OpenID Provider's discovery document the proxy uses. */
export interface ProviderMetadata {
  readonly issuer: string;
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly jwks_uri: string;
  readonly userinfo_endpoint?: string;
}

/** Fetches a URL; `fetch` in production, injectable for tests. */
export type Fetcher = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * Reads each provider's endpoints from `<issuer>/.well-known/openid-configuration`, cached per issuer.
 *
 * Endpoints are never hard-coded: NHS identity providers move them, and discovery is the contract.
 */
export class DiscoveryCache {
  private readonly entries = new Map<string, { at: number; metadata: Promise<ProviderMetadata> }>();

  constructor(
    private readonly fetcher: Fetcher = fetch,
    private readonly ttlMs = 60 * 60 * 1000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The provider's metadata, from the cache if fresher than the TTL. */
  get(issuer: string): Promise<ProviderMetadata> {
    const hit = this.entries.get(issuer);
    if (hit && this.clock() - hit.at < this.ttlMs) return hit.metadata;
    const metadata = this.load(issuer);
    this.entries.set(issuer, { at: this.clock(), metadata });
    // A failed fetch must not be cached: the next request tries again.
    metadata.catch(() => this.entries.delete(issuer));
    return metadata;
  }

  private async load(issuer: string): Promise<ProviderMetadata> {
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const res = await this.fetcher(url, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`discovery at ${url} answered HTTP ${res.status}`);
    const doc = (await res.json()) as Partial<ProviderMetadata>;
    if (doc.issuer !== issuer) throw new Error(`discovery at ${url} names issuer ${doc.issuer}, expected ${issuer}`);
    for (const field of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
      if (typeof doc[field] !== 'string' || !doc[field]) throw new Error(`discovery at ${url} has no ${field}`);
    }
    return doc as ProviderMetadata;
  }
}
