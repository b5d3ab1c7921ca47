import { ApiKey } from '../organizations/api-key.entity';
import { Organization } from '../organizations/organization.entity';
import { ActiveApiKeys } from './active-api-keys';

function issue(expiresAt: Date | null = null): { key: ApiKey; value: string } {
  const organization = new Organization();
  organization.name = 'Cache Spec Org';
  return ApiKey.issue(organization, 'cache-spec', expiresAt);
}

/** The repository's look-up by digest, over keys the test holds; counts the queries per digest. */
class FakeSource {
  readonly keys: ApiKey[] = [];
  readonly queries: string[] = [];
  /** Queries waiting for the test to settle them, oldest first (while holding). */
  private waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private holding = false;

  /** From now on queries wait for `settle`. */
  hold(): void {
    this.holding = true;
  }

  /** Settles the oldest (or newest) waiting query: it answers, or fails with `error`. */
  settle({ newest = false, error }: { newest?: boolean; error?: Error } = {}): void {
    const query = newest ? this.waiting.pop() : this.waiting.shift();
    if (error) query!.reject(error);
    else query!.resolve();
  }

  /** Answers every waiting query and stops holding. */
  settleAll(): void {
    this.holding = false;
    this.waiting.splice(0).forEach((query) => query.resolve());
  }

  /** Reads when the query starts, as a database would, and answers when released. */
  async findKeyByDigest(digest: Buffer): Promise<ApiKey | null> {
    this.queries.push(digest.toString('hex'));
    const row = this.keys.find((key) => key.valueSha256.equals(digest)) ?? null;
    if (this.holding) await new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    return row;
  }

  queriesOf(value: string): number {
    return this.queries.filter((q) => q === ApiKey.hash(value).toString('hex')).length;
  }
}

const TTL = 5_000;

/** A cache over a source that holds one active key (`key`, whose value is `value`). */
function setup(options: { ttlMs?: number; maxEntries?: number } = {}) {
  const source = new FakeSource();
  const clock = { now: Date.parse('2026-06-01T12:00:00Z') };
  const keys = new ActiveApiKeys(source, { ttlMs: options.ttlMs ?? TTL, maxEntries: options.maxEntries ?? 100 }, () => clock.now);
  const { key, value } = issue();
  source.keys.push(key);
  return { source, clock, keys, key, value };
}

describe('ActiveApiKeys', () => {
  it('finds a key by the digest of its value; the value itself never leaves', async () => {
    const { source, keys, key, value } = setup();

    await expect(keys.find(value)).resolves.toBe(key);

    expect(source.queries).toStrictEqual([ApiKey.hash(value).toString('hex')]);
  });

  it('reuses a found key until the TTL has passed, then queries again', async () => {
    const { source, clock, keys, key, value } = setup();
    await keys.find(value);

    clock.now += TTL - 1;
    await expect(keys.find(value)).resolves.toBe(key);
    expect(source.queriesOf(value)).toBe(1);

    clock.now += 1;
    await expect(keys.find(value)).resolves.toBe(key);
    expect(source.queriesOf(value)).toBe(2);
  });

  it('a revocation made elsewhere takes effect within the TTL', async () => {
    const { source, clock, keys, key, value } = setup();
    await keys.find(value);

    // The CLI revokes the key in the database: the cached copy does not know yet.
    const stored = new ApiKey();
    Object.assign(stored, key, { revokedAt: new Date(clock.now) });
    source.keys.splice(0, 1, stored);
    clock.now += TTL - 1;
    const beforeTtl = await keys.find(value);
    clock.now += 1;
    const atTtl = await keys.find(value);

    expect(beforeTtl).toBe(key);
    expect(atTtl).toBeNull();
  });

  it('an expiry takes effect at once, even for a cached key', async () => {
    const { source, clock, keys } = setup();
    const { key, value } = issue(new Date(Date.parse('2026-06-01T12:00:01Z')));
    source.keys.push(key);
    await expect(keys.find(value)).resolves.toBe(key);

    clock.now += 1_000;

    await expect(keys.find(value)).resolves.toBeNull();
    expect(source.queriesOf(value)).toBe(1);
  });

  it('remembers a value that names no key for the TTL, so a client retrying a wrong key costs one query per TTL', async () => {
    const { source, clock, keys } = setup();

    for (let i = 0; i < 5; i++) await expect(keys.find('wrong-key')).resolves.toBeNull();
    expect(source.queriesOf('wrong-key')).toBe(1);

    clock.now += TTL;
    await keys.find('wrong-key');
    expect(source.queriesOf('wrong-key')).toBe(2);
  });

  it('a newly issued key works at once, though made-up values were refused just before', async () => {
    const { source, keys } = setup();
    await keys.find('made-up');
    const { key, value } = issue();
    source.keys.push(key);

    await expect(keys.find(value)).resolves.toBe(key);
  });

  it('keeps at most maxEntries look-ups of each kind, and a flood of made-up values never evicts a real key', async () => {
    const { source, keys, value } = setup({ maxEntries: 3 });
    await keys.find(value);

    for (let i = 0; i < 4; i++) await keys.find(`made-up-${i}`);
    await keys.find('made-up-3');
    await keys.find('made-up-0');
    await keys.find(value);

    expect(source.queriesOf('made-up-3')).toBe(1);
    expect(source.queriesOf('made-up-0')).toBe(2);
    expect(source.queriesOf(value)).toBe(1);
  });

  it('concurrent look-ups of one value share one query', async () => {
    const { source, keys, key, value } = setup();
    source.hold();

    const pending = [keys.find(value), keys.find(value), keys.find(value)];
    await Promise.resolve();
    source.settleAll();

    await expect(Promise.all(pending)).resolves.toStrictEqual([key, key, key]);
    expect(source.queriesOf(value)).toBe(1);
  });

  it('the TTL runs from the start of the query, not its end', async () => {
    const { source, clock, keys, key, value } = setup();
    source.hold();
    const first = keys.find(value);
    await Promise.resolve();
    clock.now += 2_000;
    source.settleAll();
    await first;

    clock.now += TTL - 2_000;
    await keys.find(value);

    expect(source.queriesOf(value)).toBe(2);
  });

  it('a failed query is not remembered: it fails this look-up and the next one queries again', async () => {
    const { source, keys, key, value } = setup();
    source.hold();
    const failing = keys.find(value);
    await Promise.resolve();
    source.settle({ error: new Error('connection terminated') });
    await expect(failing).rejects.toThrow('connection terminated');
    source.settleAll();

    await expect(keys.find(value)).resolves.toBe(key);
    expect(source.queriesOf(value)).toBe(2);
  });

  it('with a TTL of 0 every look-up queries', async () => {
    const { source, keys, value } = setup({ ttlMs: 0 });

    await keys.find(value);
    await keys.find(value);
    await keys.find('wrong-key');
    await keys.find('wrong-key');

    expect(source.queries).toHaveLength(4);
  });

  it('confirms the digest itself: a key the source returns for another value is refused', async () => {
    const { source, keys } = setup();
    const { key } = issue();
    source.findKeyByDigest = async () => key;

    await expect(keys.find('another-value')).resolves.toBeNull();
  });

  it('forgetAll (an announced change) drops what was found and what was not', async () => {
    const { source, keys, key, value } = setup();
    await keys.find(value);
    await keys.find('wrong-key');

    keys.forgetAll();
    await keys.find(value);
    await keys.find('wrong-key');

    expect(source.queriesOf(value)).toBe(2);
    expect(source.queriesOf('wrong-key')).toBe(2);
  });

  it('a query in flight during forgetAll is neither shared afterwards nor remembered: it read the old state', async () => {
    const { source, keys, key, value } = setup();
    source.hold();
    const before = keys.find(value);
    await Promise.resolve();

    // The key is revoked and the change announced while the first query is out.
    source.keys.splice(0, 1, Object.assign(new ApiKey(), key, { revokedAt: new Date(0) }));
    keys.forgetAll();
    const after = keys.find(value);
    await Promise.resolve();
    // The new query answers first; the old one, answering last, must not overwrite it.
    source.settle({ newest: true });
    await expect(after).resolves.toBeNull();
    source.settleAll();
    await expect(before).resolves.toBe(key);

    await expect(keys.find(value)).resolves.toBeNull();
    expect(source.queriesOf(value)).toBe(2);
  });
});
