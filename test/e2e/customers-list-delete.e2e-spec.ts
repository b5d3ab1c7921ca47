import { COUNTRY_CODES, CURRENCY_CODES } from '@app/contracts';
import { expectEventually, query } from '@app/test-support';
import { gatewayClient, TestStack, type SeededOrganization, lagoInvalid } from './support/test-stack';

jest.setTimeout(120_000);

/** GET /api/v1/customers (Lago's filters, errors and pagination) and DELETE, through the gateway. */
describe('customer list and delete, end to end', () => {
  let stack: TestStack;
  let org: SeededOrganization;
  let api: ReturnType<typeof gatewayClient>;

  beforeAll(async () => {
    stack = await TestStack.start();
    org = await stack.seedOrganization('List Org');
    api = gatewayClient(stack.gatewayUrl, org.apiKey);
    for (const customer of [
      { external_id: 'l-us', name: 'Foo Bar', customer_type: 'company', country: 'US', currency: 'USD' },
      { external_id: 'l-fr', name: 'Baz', customer_type: 'individual', country: 'FR', currency: 'EUR' },
      { external_id: 'l-de', name: 'Qux', country: 'DE', tax_identification_number: 'DE1' },
    ]) {
      expect((await api('POST', '/api/v1/customers', { customer })).status).toBe(200);
    }
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const externalIds = (body: Record<string, any>) => (body.customers as { external_id: string }[]).map((c) => c.external_id).sort();

  it('lists the organization’s customers with Lago’s meta (AC-34, AC-35)', async () => {
    const all = await api('GET', '/api/v1/customers');
    expect(all.status).toBe(200);
    expect(externalIds(all.body)).toEqual(['l-de', 'l-fr', 'l-us']);
    expect(all.body.meta).toEqual({ current_page: 1, next_page: null, prev_page: null, total_pages: 1, total_count: 3 });
    expect(all.body.customers[0].taxes).toEqual([]);

    const page = await api('GET', '/api/v1/customers?per_page=2&page=2');
    expect(page.body.meta).toEqual({ current_page: 2, next_page: null, prev_page: 1, total_pages: 2, total_count: 3 });
    expect(page.body.customers).toHaveLength(1);

    const none = await gatewayClient(stack.gatewayUrl, (await stack.seedOrganization()).apiKey)('GET', '/api/v1/customers');
    expect(none.body).toEqual({ customers: [], meta: { current_page: 0, next_page: null, prev_page: null, total_pages: 0, total_count: 0 } });
  });

  it('filters as Lago does (AC-36, AC-38)', async () => {
    expect(externalIds((await api('GET', '/api/v1/customers?countries[]=US&countries[]=FR')).body)).toEqual(['l-fr', 'l-us']);
    expect(externalIds((await api('GET', '/api/v1/customers?customer_type=company')).body)).toEqual(['l-us']);
    expect(externalIds((await api('GET', '/api/v1/customers?has_customer_type=true')).body)).toEqual(['l-fr', 'l-us']);
    expect(externalIds((await api('GET', '/api/v1/customers?search_term=oo%20b')).body)).toEqual(['l-us']);
    expect(externalIds((await api('GET', '/api/v1/customers?external_id=l-fr')).body)).toEqual(['l-fr']);
    expect(externalIds((await api('GET', '/api/v1/customers?has_tax_identification_number=true')).body)).toEqual(['l-de']);
    expect(externalIds((await api('GET', '/api/v1/customers?metadata[missing]=')).body)).toEqual(['l-de', 'l-fr', 'l-us']);
    expect(externalIds((await api('GET', '/api/v1/customers?metadata[missing]=x')).body)).toEqual([]);

    expect(externalIds((await api('GET', '/api/v1/customers?billing_entity_codes[]=list_org&billing_entity_codes[]=list_org')).body)).toHaveLength(3);
    expect(externalIds((await api('GET', '/api/v1/customers?billing_entity_codes=invalid_code')).body)).toHaveLength(3);
    expect(await api('GET', '/api/v1/customers?billing_entity_codes[]=list_org&billing_entity_codes[]=non_existent_code')).toEqual({
      status: 404,
      body: { status: 404, error: 'Not Found', code: 'billing_entity_not_found' },
    });
  });

  it('filters by account type and by metadata pairs (AC-36)', async () => {
    const own = gatewayClient(stack.gatewayUrl, (await stack.seedOrganization()).apiKey);
    const synced = { key: 'is_synced', value: 'true' };
    const last = { key: 'last_synced_at', value: '2025-01-01' };
    for (const customer of [
      { external_id: 'm-partner', account_type: 'partner' },
      { external_id: 'm-both', metadata: [synced, last] },
      { external_id: 'm-first', metadata: [synced, last, { key: 'first_synced_at', value: '2024-12-01' }] },
      { external_id: 'm-one', metadata: [synced] },
    ]) {
      expect((await own('POST', '/api/v1/customers', { customer })).status).toBe(200);
    }
    expect(externalIds((await own('GET', '/api/v1/customers?account_type[]=partner')).body)).toEqual(['m-partner']);
    expect(externalIds((await own('GET', '/api/v1/customers?account_type[]=customer')).body)).toEqual(['m-both', 'm-first', 'm-one']);
    expect(externalIds((await own('GET', '/api/v1/customers?metadata[is_synced]=true&metadata[last_synced_at]=2025-01-01&metadata[first_synced_at]=')).body)).toEqual([
      'm-both',
    ]);
    expect(externalIds((await own('GET', '/api/v1/customers?metadata[is_synced]=true')).body)).toEqual(['m-both', 'm-first', 'm-one']);
  });

  it('answers invalid filters with Lago’s 422 bodies (AC-37)', async () => {
    expect(await api('GET', '/api/v1/customers?has_customer_type=false&customer_type=company')).toEqual(
      lagoInvalid({ customer_type: ['must be nil when has_customer_type is false'] }),
    );
    expect(await api('GET', '/api/v1/customers?countries[]=INVALID')).toEqual(lagoInvalid({ countries: { '0': [`must be one of: ${COUNTRY_CODES.join(', ')}`] } }));
    expect(await api('GET', '/api/v1/customers?currencies[]=INVALID')).toEqual(lagoInvalid({ currencies: { '0': [`must be one of: ${CURRENCY_CODES.join(', ')}`] } }));
    expect(await api('GET', '/api/v1/customers?has_tax_identification_number=invalid')).toEqual(
      lagoInvalid({ has_tax_identification_number: ['must be one of: true, false'] }),
    );
    expect(await api('GET', '/api/v1/customers?metadata[nested][deeply]=true&metadata[is_synced][]=true')).toEqual(
      lagoInvalid({ metadata: { nested: ['must be a string'], is_synced: ['must be a string'] } }),
    );
    expect(await api('GET', '/api/v1/customers?per_page=0')).toEqual(lagoInvalid({ per_page: ['value_is_out_of_range'] }));
    expect(await api('GET', '/api/v1/customers?per_page=101')).toEqual(lagoInvalid({ per_page: ['value_is_out_of_range'] }));
  });

  it('deletes softly: 200 with the customer, gone from reads, replicas marked deleted, external_id reusable (AC-39, AC-24)', async () => {
    const created = (await api('POST', '/api/v1/customers', { customer: { external_id: 'l-del', name: 'Temp' } })).body.customer;
    const deleted = await api('DELETE', '/api/v1/customers/l-del');
    expect(deleted.status).toBe(200);
    expect(deleted.body.customer).toMatchObject({ lago_id: created.lago_id, external_id: 'l-del', name: 'Temp' });
    expect((await api('GET', '/api/v1/customers/l-del')).status).toBe(404);
    expect((await api('DELETE', '/api/v1/customers/l-del')).body).toEqual({ status: 404, error: 'Not Found', code: 'customer_not_found' });
    expect(externalIds((await api('GET', '/api/v1/customers')).body)).not.toContain('l-del');

    for (const service of ['invoicing', 'payment-sync'] as const) {
      await expectEventually(async () => {
        const [row] = await query<{ deleted_at: Date | null }>(stack.databases[service].url, 'select deleted_at from customer_replicas where id = $1', [created.lago_id]);
        expect(row?.deleted_at).toBeInstanceOf(Date);
      });
    }

    const reused = await api('POST', '/api/v1/customers', { customer: { external_id: 'l-del', name: 'New' } });
    expect(reused.status).toBe(200);
    expect(reused.body.customer.lago_id).not.toBe(created.lago_id);
    expect(reused.body.customer.sequential_id).toBe(created.sequential_id + 1);
  });
});
