import { AppProcess, expectEventually, freePort } from '@app/test-support';
import { gatewayClient, TestStack } from './support/test-stack';

jest.setTimeout(120_000);

/** Organizations and API keys managed with the CLI, as an operator would, and enforced by the gateway. */
describe('organizations and API keys (CLI + gateway)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const cli = (...args: string[]) => stack.cli(...args);

  const unauthorized = { status: 401, body: { status: 401, error: 'Unauthorized' } };

  it('creates an organization whose key works, issues more keys; a revoked key stops working when announced (within the key cache TTL at worst), an expired one at once', async () => {
    const created = JSON.parse(await cli('organization:create', '--name', 'Acme Billing', '--document-number-prefix', 'acme-1'));
    expect(created).toMatchObject({ name: 'Acme Billing', document_number_prefix: 'ACME-1' });
    const first = gatewayClient(stack.gatewayUrl, created.api_key);
    const customer = await first('POST', '/api/v1/customers', { customer: { external_id: 'cli-1' } });
    expect(customer.status).toBe(200);
    expect(customer.body.customer.slug).toBe('ACME-1-001');

    const second = JSON.parse(await cli('api-key:issue', '--organization', created.organization_id, '--name', 'ci'));
    const viaSecond = await gatewayClient(stack.gatewayUrl, second.api_key)('GET', '/api/v1/customers/cli-1');
    expect(viaSecond.status).toBe(200);
    expect(viaSecond.body.customer.lago_id).toBe(customer.body.customer.lago_id);

    const listed = await cli('api-key:list', '--organization', created.organization_id);
    expect(listed).toContain(`…${second.api_key.slice(-4)}`);
    expect(listed).not.toContain(second.api_key);

    expect((await cli('api-key:revoke', '--key', created.api_key_id)).trim()).toBe('revoked');
    // The CLI announces the revocation and the gateway drops its cached look-ups when it hears it;
    // the cache TTL (API_KEY_CACHE_TTL_MS, 5 s by default) bounds it should the announcement be missed.
    await expectEventually(async () => expect(await first('GET', '/api/v1/customers/cli-1')).toEqual(unauthorized), { timeoutMs: 10_000, intervalMs: 250 });
    expect((await gatewayClient(stack.gatewayUrl, second.api_key)('GET', '/api/v1/customers/cli-1')).status).toBe(200);

    const expired = JSON.parse(await cli('api-key:issue', '--organization', created.organization_id, '--expires-at', '2020-01-01T00:00:00Z'));
    expect(await gatewayClient(stack.gatewayUrl, expired.api_key)('GET', '/api/v1/customers/cli-1')).toEqual(unauthorized);
  });

  it('accepts any single word before the key, as Lago does, and nothing else in its place', async () => {
    const org = await stack.seedOrganization();
    const call = (authorization: string) => fetch(`${stack.gatewayUrl}/api/v1/customers/none`, { headers: { authorization } }).then((r) => r.status);
    expect(await call(`Token ${org.apiKey}`)).toBe(404);
    expect(await call(org.apiKey)).toBe(401);
    expect(await call(`Bearer ${org.apiKey.toUpperCase()}`)).toBe(401);
  });

  it('limits a key to its permissions with Lago’s 403 (AC-40); a key without permissions may do everything', async () => {
    const org = JSON.parse(await cli('organization:create', '--name', 'Perms Org'));
    const issue = async (permissions: object) =>
      gatewayClient(stack.gatewayUrl, JSON.parse(await cli('api-key:issue', '--organization', org.organization_id, '--permissions', JSON.stringify(permissions))).api_key);
    const full = gatewayClient(stack.gatewayUrl, org.api_key);
    const readOnly = await issue({ customer: ['read'] });
    const writeOnly = await issue({ customer: ['write'], tax: ['read', 'write'] });

    expect(await readOnly('POST', '/api/v1/customers', { customer: { external_id: 'perm-1' } })).toEqual({
      status: 403,
      body: { status: 403, error: 'Forbidden', code: 'write_action_not_allowed_for_customer' },
    });
    expect((await full('GET', '/api/v1/customers/perm-1')).status).toBe(404); // the refused write wrote nothing
    expect((await writeOnly('POST', '/api/v1/customers', { customer: { external_id: 'perm-1' } })).status).toBe(200);
    expect(await writeOnly('GET', '/api/v1/customers')).toEqual({ status: 403, body: { status: 403, error: 'Forbidden', code: 'read_action_not_allowed_for_customer' } });
    expect((await readOnly('GET', '/api/v1/customers/perm-1')).status).toBe(200);
    expect(await readOnly('DELETE', '/api/v1/customers/perm-1')).toEqual({
      status: 403,
      body: { status: 403, error: 'Forbidden', code: 'write_action_not_allowed_for_customer' },
    });
    // Resources the map does not name are denied; tax is named for the second key.
    expect((await readOnly('GET', '/api/v1/taxes')).body.code).toBe('read_action_not_allowed_for_tax');
    expect((await writeOnly('GET', '/api/v1/taxes')).status).toBe(200);
    expect((await full('GET', '/api/v1/taxes')).status).toBe(200);
    // 401 still comes first for a bad key; 403 comes before the body is read.
    expect((await readOnly('POST', '/api/v1/customers', 'not json')).status).toBe(403);

    await expect(cli('api-key:issue', '--organization', org.organization_id, '--permissions', '{"customers":["read"]}')).rejects.toThrow(/unknown resource "customers"/);
    await expect(cli('api-key:issue', '--organization', org.organization_id, '--permissions', '{"customer":["delete"]}')).rejects.toThrow(/subset/);
  });

  it('rate-limits each key from configuration with Lago’s 429 and X-RateLimit-* headers, before anything is written; other keys are not held back', async () => {
    // A second gateway of the same stack, configured with a small limit: 3 requests per minute per key.
    const limited = new AppProcess('gateway', await freePort(), {
      KAFKA_BROKERS: process.env.TEST_KAFKA_BROKERS ?? '',
      DATABASE_URL: stack.databases.gateway.url,
      RATE_LIMIT_REQUESTS: '3',
      RATE_LIMIT_WINDOW_MS: '60000',
    });
    await limited.start();
    try {
      const org = await stack.seedOrganization();
      const other = await stack.seedOrganization();
      const post = (key: string, external_id: string) =>
        fetch(`${limited.url}/api/v1/customers`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ customer: { external_id } }),
        });
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await post(org.apiKey, `limited-${i}`));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
      expect(answers.map((a) => a.headers.get('x-ratelimit-limit'))).toEqual(['3', '3', '3', '3']);
      expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
      const refused = answers[3]!;
      expect(await refused.json()).toEqual({ status: 429, error: 'Too Many Requests', code: 'rate_limit_exceeded' });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(refused.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
      // The refused request reached no owner: its customer does not exist.
      const api = gatewayClient(stack.gatewayUrl, org.apiKey);
      expect((await api('GET', '/api/v1/customers/limited-2')).status).toBe(200);
      expect((await api('GET', '/api/v1/customers/limited-3')).status).toBe(404);
      // ChargeOver's API counts against the same key and answers in its envelope.
      const basic = `Basic ${Buffer.from(`${org.apiKeyId}:${org.apiKey}`).toString('base64')}`;
      const co = await fetch(`${limited.url}/api/v3/customer`, { headers: { authorization: basic } });
      expect(co.status).toBe(429);
      expect(await co.json()).toMatchObject({ code: 429, status: 'Error', response: false });
      // Another organization's key has its own allowance; a wrong key is a 401 that counts nothing.
      expect((await post(other.apiKey, 'other-0')).status).toBe(200);
      const wrong = await post('not-a-key', 'x');
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('x-ratelimit-limit')).toBeNull();
    } finally {
      await limited.stop();
    }
  });

  it('refuses bad CLI input without writing anything', async () => {
    await expect(cli('api-key:issue', '--organization', '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 2 });
    await expect(cli('organization:create', '--name', 'X', '--document-number-prefix', 'ELEVENCHARS')).rejects.toThrow(/1 to 10 characters/);
    expect(await cli('organization:list')).not.toMatch(/\bX\b/);
  });
});
