import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ChargeOverError } from '../chargeover/chargeover-envelope';
import { LagoError } from '../http/lago-errors';
import { ApiKey, type ApiKeyPermissions } from '../organizations/api-key.entity';
import { Organization } from '../organizations/organization.entity';
import { ActiveApiKeys } from './active-api-keys';
import { ApiKeyGuard, ApiResource, ChargeOverBasicAuthGuard, ORGANIZATION, type AuthenticatedRequest } from './api-key.guard';
import { RateLimiter } from './rate-limiter';

const CHARGEOVER_401 = {
  code: 401,
  status: 'Error',
  message: 'Invalid or incorrect authorization [Missing (basic) authorization header.]',
  details: {},
  response: false,
};

@ApiResource('customer')
class CustomerRoutes {
  handle(): void {}
}

class UndeclaredRoutes {
  handle(): void {}
}

/** Keys by digest, as the repository finds them; records every look-up (the digest, hex). */
class FakeKeySource {
  readonly lookups: string[] = [];
  private readonly keys: ApiKey[] = [];

  add(key: ApiKey): void {
    this.keys.push(key);
  }

  async findKeyByDigest(digest: Buffer): Promise<ApiKey | null> {
    this.lookups.push(digest.toString('hex'));
    return this.keys.find((key) => key.valueSha256.equals(digest)) ?? null;
  }
}

function organization(): Organization {
  const org = new Organization();
  org.name = 'Guard Spec Org';
  org.documentNumberPrefix = 'GUA-0001';
  org.defaultBillingEntityCode = 'guard_spec_org';
  return org;
}

function request(method: string, authorization?: string): AuthenticatedRequest {
  return { method, path: '/api/v3/customer', headers: authorization === undefined ? {} : { authorization } } as unknown as AuthenticatedRequest;
}

/** Headers the guard set on the response, by context. */
const responseHeaders = new WeakMap<AuthenticatedRequest, Record<string, string>>();

function context(req: AuthenticatedRequest, routes: new () => { handle(): void } = CustomerRoutes): ExecutionContext {
  const headers = responseHeaders.get(req) ?? {};
  responseHeaders.set(req, headers);
  const response = { set: (values: Record<string, string>) => Object.assign(headers, values) };
  return {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => response }),
    getHandler: () => routes.prototype.handle,
    getClass: () => routes,
  } as unknown as ExecutionContext;
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

/** What canActivate throws (fails the test if it lets the request through). */
async function refusalOf(guard: { canActivate(context: ExecutionContext): Promise<boolean> }, req: AuthenticatedRequest, routes?: new () => { handle(): void }): Promise<unknown> {
  const outcome = await guard.canActivate(context(req, routes)).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a refusal, got ${String(outcome.value)}`);
  return outcome.error;
}

function setup(permissions: ApiKeyPermissions | null = null, requestsPerMinute = 1_000) {
  const org = organization();
  const { key, value } = ApiKey.issue(org, 'guard-spec', null, permissions);
  const organizations = new FakeKeySource();
  organizations.add(key);
  // No reuse of look-ups here, so every request's look-up shows; the cache has its own spec.
  const keys = new ActiveApiKeys(organizations, { ttlMs: 0, maxEntries: 1 });
  // The clock stands still: nothing is earned back within a test.
  const limiter = new RateLimiter({ requests: requestsPerMinute, windowMs: 60_000 }, () => 0);
  return {
    org,
    key,
    value,
    organizations,
    chargeOver: new ChargeOverBasicAuthGuard(keys, limiter, new Reflector()),
    lago: new ApiKeyGuard(keys, limiter, new Reflector()),
  };
}

describe('ChargeOverBasicAuthGuard', () => {
  it('accepts Basic <key id>:<key value> and sets the organization on the request', async () => {
    const { chargeOver, key, value, org, organizations } = setup();
    const req = request('GET', basic(key.id, value));

    await expect(chargeOver.canActivate(context(req))).resolves.toBe(true);

    expect(req[ORGANIZATION]).toStrictEqual(org.toContext());
    expect(req[ORGANIZATION]?.id).toBe(org.id);
    expect(organizations.lookups).toStrictEqual([ApiKey.hash(value).toString('hex')]);
  });

  it('accepts a lower-case scheme and surrounding spaces', async () => {
    const { chargeOver, key, value } = setup();
    const req = request('POST', `basic   ${Buffer.from(`${key.id}:${value}`).toString('base64')}  `);

    await expect(chargeOver.canActivate(context(req))).resolves.toBe(true);
  });

  it.each([
    ['a wrong key id', (id: string, value: string) => basic('00000000-0000-4000-8000-000000000000', value)],
    ['the key id in other case', (id: string, value: string) => basic(id.toUpperCase(), value)],
    ['an empty key id', (_id: string, value: string) => basic('', value)],
    ['a wrong key value', (id: string) => basic(id, 'not-the-key')],
    ['id and value swapped', (id: string, value: string) => basic(value, id)],
    ['an empty key value', (id: string) => basic(id, '')],
    ['no colon', (_id: string, value: string) => `Basic ${Buffer.from(value).toString('base64')}`],
    ['a Bearer header with the key', (_id: string, value: string) => `Bearer ${value}`],
    ['the key without a scheme', (_id: string, value: string) => value],
    ['Basic with nothing after it', () => 'Basic '],
    ['Basic with text that is not base64', (id: string, value: string) => `Basic ${id}:${value}`],
    ['a ChargeOver signature header', () => 'ChargeOver co_public_key="abc" co_signature="def"'],
    ['an empty header', () => ''],
  ])('%s is ChargeOver\'s 401', async (_label, header) => {
    const { chargeOver, key, value } = setup();
    const req = request('GET', header(key.id, value));

    const error = await refusalOf(chargeOver, req);

    expect(error).toBeInstanceOf(ChargeOverError);
    expect((error as ChargeOverError).status).toBe(401);
    expect((error as ChargeOverError).body).toStrictEqual(CHARGEOVER_401);
    expect(req[ORGANIZATION]).toBeUndefined();
  });

  it('no Authorization header is the same 401', async () => {
    const { chargeOver } = setup();

    const error = await refusalOf(chargeOver, request('GET'));

    expect(error).toBeInstanceOf(ChargeOverError);
    expect((error as ChargeOverError).body).toStrictEqual(CHARGEOVER_401);
  });

  it('an empty value is refused before any lookup', async () => {
    const { chargeOver, key, organizations } = setup();

    await refusalOf(chargeOver, request('GET', basic(key.id, '')));

    expect(organizations.lookups).toStrictEqual([]);
  });

  it('a key value over 200 characters is refused before any lookup', async () => {
    const { chargeOver, key, organizations } = setup();

    const error = await refusalOf(chargeOver, request('GET', basic(key.id, 'k'.repeat(201))));

    expect((error as ChargeOverError).status).toBe(401);
    expect(organizations.lookups).toStrictEqual([]);
  });

  it('a read-only key may GET', async () => {
    const { chargeOver, key, value } = setup({ customer: ['read'] });

    await expect(chargeOver.canActivate(context(request('GET', basic(key.id, value))))).resolves.toBe(true);
  });

  it.each(['POST', 'PUT', 'DELETE'])('a read-only key on %s is ChargeOver\'s 403', async (method) => {
    const { chargeOver, key, value } = setup({ customer: ['read'] });
    const req = request(method, basic(key.id, value));

    const error = await refusalOf(chargeOver, req);

    expect(error).toBeInstanceOf(ChargeOverError);
    expect((error as ChargeOverError).status).toBe(403);
    expect((error as ChargeOverError).body).toStrictEqual({
      code: 403,
      status: 'Error',
      message: 'This API key is not allowed to do this [write_action_not_allowed_for_customer].',
      details: {},
      response: false,
    });
    expect(req[ORGANIZATION]).toBeUndefined();
  });

  it('a key with permissions on another resource only is 403 on GET', async () => {
    const { chargeOver, key, value } = setup({ invoice: ['read', 'write'] });

    const error = await refusalOf(chargeOver, request('GET', basic(key.id, value)));

    expect((error as ChargeOverError).status).toBe(403);
    expect((error as ChargeOverError).message).toBe('This API key is not allowed to do this [read_action_not_allowed_for_customer].');
  });

  it('a route without @ApiResource is a programming error, not a 401 or 403', async () => {
    const { chargeOver, key, value } = setup();

    const error = await refusalOf(chargeOver, request('GET', basic(key.id, value)), UndeclaredRoutes);

    expect(error).not.toBeInstanceOf(ChargeOverError);
    expect((error as Error).message).toBe('route GET /api/v3/customer declares no @ApiResource');
  });
});

describe('ApiKeyGuard', () => {
  it('accepts Bearer <key value> and sets the organization on the request', async () => {
    const { lago, value, org } = setup();
    const req = request('POST', `Bearer ${value}`);

    await expect(lago.canActivate(context(req))).resolves.toBe(true);

    expect(req[ORGANIZATION]).toStrictEqual(org.toContext());
  });

  it('does not check the first word of the header (as Lago)', async () => {
    const { lago, value } = setup();

    await expect(lago.canActivate(context(request('GET', `Token ${value}`)))).resolves.toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['a wrong key', 'Bearer not-the-key'],
    ['the key without a scheme', 'KEY_ONLY'],
    ['an empty header', ''],
    ['a key over 200 characters', `Bearer ${'k'.repeat(201)}`],
  ])('%s is Lago\'s 401', async (_label, header) => {
    const { lago, value } = setup();
    const req = request('GET', header === 'KEY_ONLY' ? value : header);

    const error = await refusalOf(lago, req);

    expect(error).toBeInstanceOf(LagoError);
    expect((error as LagoError).status).toBe(401);
    expect((error as LagoError).body).toStrictEqual({ status: 401, error: 'Unauthorized' });
    expect(req[ORGANIZATION]).toBeUndefined();
  });

  it('ChargeOver\'s Basic header is Lago\'s 401 (the base64 text is not a key)', async () => {
    const { lago, key, value } = setup();

    const error = await refusalOf(lago, request('GET', basic(key.id, value)));

    expect(error).toBeInstanceOf(LagoError);
    expect((error as LagoError).status).toBe(401);
  });

  it('a read-only key on POST is Lago\'s 403 with the action code', async () => {
    const { lago, value } = setup({ customer: ['read'] });

    const error = await refusalOf(lago, request('POST', `Bearer ${value}`));

    expect(error).toBeInstanceOf(LagoError);
    expect((error as LagoError).status).toBe(403);
    expect((error as LagoError).body).toStrictEqual({ status: 403, error: 'Forbidden', code: 'write_action_not_allowed_for_customer' });
  });

  it('a write-only key on GET is Lago\'s 403 read_action_not_allowed_for_customer', async () => {
    const { lago, value } = setup({ customer: ['write'] });

    const error = await refusalOf(lago, request('GET', `Bearer ${value}`));

    expect((error as LagoError).body).toStrictEqual({ status: 403, error: 'Forbidden', code: 'read_action_not_allowed_for_customer' });
  });
});

describe('rate limit in both guards', () => {
  const headersOf = (req: AuthenticatedRequest) => responseHeaders.get(req);

  it('counts each authenticated request and puts the key\'s headers on the response', async () => {
    const { lago, value } = setup(null, 2);
    const req = request('GET', `Bearer ${value}`);

    await lago.canActivate(context(req));

    expect(headersOf(req)).toStrictEqual({ 'X-RateLimit-Limit': '2', 'X-RateLimit-Remaining': '1', 'X-RateLimit-Reset': '30' });
  });

  it('past the limit is Lago\'s 429 rate_limit_exceeded with Retry-After, and the request is not let through', async () => {
    const { lago, value } = setup(null, 1);
    await lago.canActivate(context(request('POST', `Bearer ${value}`)));
    const req = request('POST', `Bearer ${value}`);

    const error = await refusalOf(lago, req);

    expect(error).toBeInstanceOf(LagoError);
    expect([(error as LagoError).status, (error as LagoError).body]).toStrictEqual([429, { status: 429, error: 'Too Many Requests', code: 'rate_limit_exceeded' }]);
    expect(headersOf(req)).toStrictEqual({ 'X-RateLimit-Limit': '1', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '60', 'Retry-After': '60' });
    expect(req[ORGANIZATION]).toBeUndefined();
  });

  it('past the limit is ChargeOver\'s 429 envelope under HTTP Basic', async () => {
    const { chargeOver, key, value } = setup(null, 1);
    await chargeOver.canActivate(context(request('GET', basic(key.id, value))));

    const error = await refusalOf(chargeOver, request('GET', basic(key.id, value)));

    expect(error).toBeInstanceOf(ChargeOverError);
    expect((error as ChargeOverError).body).toStrictEqual({
      code: 429,
      status: 'Error',
      message: 'Too many requests with this API key; retry after the seconds in Retry-After.',
      details: {},
      response: false,
    });
  });

  it('one key has one budget across Lago\'s API and ChargeOver\'s', async () => {
    const { lago, chargeOver, key, value } = setup(null, 1);
    await lago.canActivate(context(request('GET', `Bearer ${value}`)));

    const error = await refusalOf(chargeOver, request('GET', basic(key.id, value)));

    expect((error as ChargeOverError).status).toBe(429);
  });

  it('a wrong key or a wrong key id is a 401 that spends nothing and sets no headers', async () => {
    const { lago, chargeOver, key, value } = setup(null, 1);
    const wrong = request('GET', 'Bearer not-the-key');
    await refusalOf(lago, wrong);
    await refusalOf(chargeOver, request('GET', basic('00000000-0000-4000-8000-000000000000', value)));

    expect(headersOf(wrong)).toStrictEqual({});
    await expect(chargeOver.canActivate(context(request('GET', basic(key.id, value))))).resolves.toBe(true);
  });

  it('the limit comes before permissions: a refused write is counted and carries the headers, then the key is limited', async () => {
    const { lago, value } = setup({ customer: ['read'] }, 1);
    const write = request('POST', `Bearer ${value}`);

    const forbidden = await refusalOf(lago, write);
    const limited = await refusalOf(lago, request('GET', `Bearer ${value}`));

    expect((forbidden as LagoError).status).toBe(403);
    expect(headersOf(write)).toMatchObject({ 'X-RateLimit-Remaining': '0' });
    expect((limited as LagoError).status).toBe(429);
  });
});
