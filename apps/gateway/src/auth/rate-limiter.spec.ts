import { RateLimiter, rateLimitHeaders } from './rate-limiter';

/** A limiter on a clock the test moves. */
function limiter(requests: number, windowMs: number) {
  const clock = { now: 1_000_000 };
  const limits = new RateLimiter({ requests, windowMs }, () => clock.now);
  /** Takes until refused; returns how many were allowed. */
  const burst = (key: string) => {
    let allowed = 0;
    while (limits.take(key).allowed) allowed++;
    return allowed;
  };
  return { limits, clock, burst };
}

describe('RateLimiter', () => {
  it('allows `requests` at once and counts them down, then refuses', () => {
    const { limits } = limiter(3, 60_000);

    const decisions = [1, 2, 3, 4].map(() => limits.take('key-a'));

    expect(decisions.map((d) => [d.allowed, d.remaining])).toStrictEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
  });

  it('earns a request back at the exact millisecond (4 per second: one every 250 ms), not a millisecond before', () => {
    const { limits, clock, burst } = limiter(4, 1_000);
    expect(burst('key-a')).toBe(4);

    clock.now += 249;
    const early = limits.take('key-a');
    clock.now += 1;
    const onTime = limits.take('key-a');
    const after = limits.take('key-a');

    expect([early.allowed, early.retryAfterSeconds]).toStrictEqual([false, 1]);
    expect(onTime.allowed).toBe(true);
    expect(after.allowed).toBe(false);
  });

  it('a refused request costs nothing: the next one is earned back on time, however many were refused', () => {
    const { limits, clock, burst } = limiter(2, 10_000);
    burst('key-a');
    for (let i = 0; i < 100; i++) limits.take('key-a');

    clock.now += 5_000;

    expect(limits.take('key-a').allowed).toBe(true);
  });

  it('never lets a key burst past `requests` across what a fixed window would call its edge', () => {
    const { limits, clock, burst } = limiter(10, 1_000);
    limits.take('key-a');

    clock.now += 999;
    const beforeEdge = burst('key-a');
    clock.now += 1;
    const afterEdge = burst('key-a');

    // A fixed window opened by the first request would allow 9 then 10 more: 19 in 2 ms.
    expect(beforeEdge + afterEdge).toBe(10);
  });

  it('never holds more than `requests`, however long the key was idle', () => {
    const { limits, clock } = limiter(3, 60_000);
    limits.take('key-a');

    clock.now += 10 * 60_000;

    expect(limits.take('key-a').remaining).toBe(2);
  });

  it('counts each key apart', () => {
    const { limits, burst } = limiter(2, 60_000);
    burst('key-a');

    expect(limits.take('key-b')).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('Reset is the seconds until the key may again make `requests` at once, rounded up; Retry-After until the next one', () => {
    const { limits, clock } = limiter(3, 60_000);

    expect(limits.take('key-a').resetSeconds).toBe(20);
    clock.now += 1;
    // 1 ms earned: 39.999 s until full, shown as 40.
    expect(limits.take('key-a').resetSeconds).toBe(40);
    expect(limits.take('key-a')).toMatchObject({ resetSeconds: 60, retryAfterSeconds: 0 });
    clock.now += 15_000;
    expect(limits.take('key-a')).toMatchObject({ allowed: false, resetSeconds: 45, retryAfterSeconds: 5 });
  });

  it('a clock that steps back earns nothing and takes nothing away', () => {
    const { limits, clock, burst } = limiter(2, 60_000);
    burst('key-a');

    clock.now -= 30_000;
    const back = limits.take('key-a');
    clock.now += 30_000;
    const again = limits.take('key-a');

    expect(back.allowed).toBe(false);
    expect(again.allowed).toBe(true);
  });

  it('forgets a key idle for a whole window (its bucket is full again), so memory holds only recent keys', () => {
    const { limits, clock } = limiter(5, 60_000);
    limits.take('key-a');
    clock.now += 30_000;
    limits.take('key-b');
    expect(limits.size).toBe(2);

    clock.now += 30_000;
    limits.take('key-c');
    expect(limits.size).toBe(2);
    clock.now += 30_000;
    limits.take('key-c');
    expect(limits.size).toBe(1);

    expect(limits.take('key-a').remaining).toBe(4);
  });

  it('refuses settings whose arithmetic would not be exact', () => {
    expect(() => new RateLimiter({ requests: 2 ** 30, windowMs: 2 ** 30 })).toThrow(/safe integer/);
    expect(() => new RateLimiter({ requests: 0, windowMs: 1_000 })).toThrow(/positive/);
  });
});

describe('rateLimitHeaders', () => {
  it('names limit, remaining and reset on an allowed request, without Retry-After', () => {
    expect(rateLimitHeaders({ allowed: true, limit: 100, remaining: 99, resetSeconds: 1, retryAfterSeconds: 0 })).toStrictEqual({
      'X-RateLimit-Limit': '100',
      'X-RateLimit-Remaining': '99',
      'X-RateLimit-Reset': '1',
    });
  });

  it('adds Retry-After to a refusal', () => {
    expect(rateLimitHeaders({ allowed: false, limit: 100, remaining: 0, resetSeconds: 60, retryAfterSeconds: 2 })).toStrictEqual({
      'X-RateLimit-Limit': '100',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': '60',
      'Retry-After': '2',
    });
  });
});
