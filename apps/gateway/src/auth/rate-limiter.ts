/** What the limiter decided for one request, and what the response's rate-limit headers say. */
export interface RateLimitDecision {
  allowed: boolean;
  /** `X-RateLimit-Limit`: the most requests a key may make at once. */
  limit: number;
  /** `X-RateLimit-Remaining`: requests the key may still make now, this one counted. */
  remaining: number;
  /** `X-RateLimit-Reset`: seconds until the key may again make `limit` requests at once. */
  resetSeconds: number;
  /** `Retry-After` of a refusal: seconds until the key may make one more request (0 when allowed). */
  retryAfterSeconds: number;
}

export interface RateLimitOptions {
  /** Requests a key may make at once, and earns back per window. */
  requests: number;
  windowMs: number;
}

interface Bucket {
  /** What the key may still spend, in 1/windowMs of a request (one request costs windowMs units). */
  units: number;
  /** When `units` was last brought up to date (ms). */
  at: number;
}

/**
 * A token bucket per API key, in this process: a key may make `requests` requests at once and earns
 * them back continuously, `requests` per `windowMs`. Unlike a fixed window it never lets a key make
 * twice its limit across a window edge. The state is kept in integer units (one request is `windowMs`
 * units, a millisecond earns `requests` units), so refills are exact and the moment a request is
 * earned back is exact to the millisecond. A bucket untouched for a whole window is full again,
 * which is what an absent bucket means, so it is dropped: memory holds only keys used in the last
 * window (and only authenticated keys ever get here).
 */
export class RateLimiter {
  /** Least recently used first, so idle buckets are found at the head. */
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.capacity = options.requests * options.windowMs;
    if (!Number.isSafeInteger(this.capacity) || options.requests < 1 || options.windowMs < 1) throw new Error('rate limit: requests and windowMs must be positive and their product a safe integer');
  }

  /** Counts one request of `key` if it is within the limit; a refused request costs nothing. */
  take(key: string): RateLimitDecision {
    const now = this.now();
    this.forgetIdle(now);
    const { requests, windowMs } = this.options;
    const bucket = this.buckets.get(key);
    let units = bucket ? this.refilled(bucket, now) : this.capacity;
    const allowed = units >= windowMs;
    if (allowed) units -= windowMs;
    this.buckets.delete(key);
    this.buckets.set(key, { units, at: now });
    const perSecond = requests * 1000;
    return {
      allowed,
      limit: requests,
      remaining: Math.floor(units / windowMs),
      resetSeconds: Math.ceil((this.capacity - units) / perSecond),
      retryAfterSeconds: allowed ? 0 : Math.ceil((windowMs - units) / perSecond),
    };
  }

  /** Keys with a bucket (for tests of the memory bound). */
  get size(): number {
    return this.buckets.size;
  }

  private refilled(bucket: Bucket, now: number): number {
    // A clock that stepped back earns nothing; a whole window earns a full bucket.
    const elapsed = Math.max(0, now - bucket.at);
    if (elapsed >= this.options.windowMs) return this.capacity;
    return Math.min(this.capacity, bucket.units + elapsed * this.options.requests);
  }

  private forgetIdle(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.at < this.options.windowMs) return;
      this.buckets.delete(key);
    }
  }
}

/** The response headers of a decision (`Retry-After` only on a refusal). */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(decision.limit),
    'X-RateLimit-Remaining': String(decision.remaining),
    'X-RateLimit-Reset': String(decision.resetSeconds),
    ...(decision.allowed ? {} : { 'Retry-After': String(decision.retryAfterSeconds) }),
  };
}
