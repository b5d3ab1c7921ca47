import { ApiKey } from '../organizations/api-key.entity';

/** Where keys come from: a look-up by the SHA-256 digest of the value (OrganizationsRepository). */
export interface ApiKeySource {
  findKeyByDigest(digest: Buffer): Promise<ApiKey | null>;
}

export interface ApiKeyCacheOptions {
  /** How long a look-up, found or not, is reused; 0 reuses nothing. */
  ttlMs: number;
  /** Most look-ups kept, found and not found each. */
  maxEntries: number;
}

/**
 * The active API key a presented value names. Look-ups go by the value's SHA-256 digest and are
 * confirmed with a constant-time comparison of the digests; their results are reused for `ttlMs`,
 * so a busy key costs one query per TTL instead of one per request, and concurrent look-ups of one
 * value share one query. A revocation, or any change of the key or its organization, made by
 * another process (the CLI) takes effect when that process announces it (`forgetAll`, see
 * KeyChangesListener), and within `ttlMs` in any case; an expiry takes effect at once, since it
 * is checked on every request.
 *
 * Values that name no key are remembered too, apart from the keys found, with their own bound: a
 * client retrying with a wrong or revoked key costs one query per TTL, and a flood of made-up
 * values only ever evicts other made-up values, never a real key. A newly issued key is unaffected:
 * its random value was never presented before it existed.
 */
export class ActiveApiKeys {
  private readonly found: ExpiringMap<ApiKey>;
  private readonly notFound: ExpiringMap<true>;
  private readonly loading = new Map<string, Promise<ApiKey | null>>();
  /** Counts `forgetAll` calls: a query that started before one must not be remembered after it. */
  private generation = 0;

  constructor(
    private readonly source: ApiKeySource,
    options: ApiKeyCacheOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.found = new ExpiringMap(options.ttlMs, options.maxEntries);
    this.notFound = new ExpiringMap(options.ttlMs, options.maxEntries);
  }

  async find(value: string): Promise<ApiKey | null> {
    const digest = ApiKey.hash(value);
    const id = digest.toString('base64');
    const now = this.now();
    const cached = this.found.get(id, now) ?? (this.notFound.get(id, now) ? null : undefined);
    const key = cached === undefined ? await this.load(id, digest) : cached;
    return key?.authenticates(digest, new Date(this.now())) ? key : null;
  }

  /** Drops every remembered look-up: keys or organizations changed. */
  forgetAll(): void {
    this.generation++;
    this.found.clear();
    this.notFound.clear();
    this.loading.clear();
  }

  private load(id: string, digest: Buffer): Promise<ApiKey | null> {
    const pending = this.loading.get(id);
    if (pending) return pending;
    // The TTL runs from the start of the query, so nothing is reused longer than ttlMs after it read.
    const startedAt = this.now();
    const generation = this.generation;
    const loaded = this.source
      .findKeyByDigest(digest)
      .then((key) => {
        if (generation !== this.generation) return key;
        if (key) this.found.set(id, key, startedAt, this.now());
        else this.notFound.set(id, true, startedAt, this.now());
        return key;
      })
      .finally(() => {
        if (this.loading.get(id) === loaded) this.loading.delete(id);
      });
    this.loading.set(id, loaded);
    return loaded;
  }
}

/**
 * Entries that expire `ttlMs` after they were read, at most `maxEntries` of them. With one TTL for
 * all, the oldest insertion is the first to expire, so the head of the map is what goes first.
 */
class ExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  clear(): void {
    this.entries.clear();
  }

  get(id: string, now: number): V | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt > now) return entry.value;
    this.entries.delete(id);
    return undefined;
  }

  set(id: string, value: V, readAt: number, now: number): void {
    if (this.ttlMs === 0) return;
    this.entries.delete(id);
    this.entries.set(id, { value, expiresAt: readAt + this.ttlMs });
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && entry.expiresAt > now) return;
      this.entries.delete(oldest);
    }
  }
}
