import { gatewayEnv } from './gateway.env';

describe('gatewayEnv: rate limit, key cache and body limit', () => {
  it('defaults: 100000 requests per 60 s per key, look-ups reused 5 s (10000 kept), bodies up to 1 MiB', () => {
    const env = gatewayEnv({});

    expect(env.rateLimit).toStrictEqual({ requests: 100_000, windowMs: 60_000 });
    expect(env.apiKeyCache).toStrictEqual({ ttlMs: 5_000, maxEntries: 10_000 });
    expect(env.bodyLimitBytes).toBe(1024 * 1024);
  });

  it('reads each from its variable', () => {
    const env = gatewayEnv({ RATE_LIMIT_REQUESTS: '5', RATE_LIMIT_WINDOW_MS: '1000', API_KEY_CACHE_TTL_MS: '0', API_KEY_CACHE_MAX_ENTRIES: '50', BODY_LIMIT: '256kb' });

    expect(env.rateLimit).toStrictEqual({ requests: 5, windowMs: 1_000 });
    expect(env.apiKeyCache).toStrictEqual({ ttlMs: 0, maxEntries: 50 });
    expect(env.bodyLimitBytes).toBe(256 * 1024);
  });

  it.each([
    ['2mb', 2 * 1024 * 1024],
    ['2MB', 2 * 1024 * 1024],
    ['1500', 1500],
    ['1500b', 1500],
    ['64mb', 64 * 1024 * 1024],
  ])('BODY_LIMIT=%s is %i bytes', (text, bytes) => {
    expect(gatewayEnv({ BODY_LIMIT: text }).bodyLimitBytes).toBe(bytes);
  });

  it.each([
    ['RATE_LIMIT_REQUESTS', '0'],
    ['RATE_LIMIT_REQUESTS', 'many'],
    ['RATE_LIMIT_REQUESTS', '10000001'],
    ['RATE_LIMIT_WINDOW_MS', '999'],
    ['RATE_LIMIT_WINDOW_MS', '86400001'],
    ['API_KEY_CACHE_TTL_MS', '-1'],
    ['API_KEY_CACHE_TTL_MS', '600001'],
    ['API_KEY_CACHE_MAX_ENTRIES', '0'],
    ['BODY_LIMIT', '1 mb'],
    ['BODY_LIMIT', '1gb'],
    ['BODY_LIMIT', '0'],
    ['BODY_LIMIT', '-1mb'],
  ])('refuses %s=%s at boot, naming the variable', (name, value) => {
    expect(() => gatewayEnv({ [name]: value })).toThrow(new RegExp(`invalid configuration: .*${name}`));
  });

  it('refuses a BODY_LIMIT over 64 MiB', () => {
    expect(() => gatewayEnv({ BODY_LIMIT: '65mb' })).toThrow(/BODY_LIMIT \(at most 64mb\)/);
  });
});
