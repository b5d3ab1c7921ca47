import { expectEventually, query } from '@app/test-support';
import { gatewayClient, TestStack, type SeededOrganization, lagoInvalid } from './support/test-stack';

jest.setTimeout(120_000);

/** Lago's tax endpoints through the gateway (payment-requests spec section 8.1), owned by invoicing. */
describe('taxes, end to end', () => {
  let stack: TestStack;
  let org: SeededOrganization;
  let api: ReturnType<typeof gatewayClient>;

  beforeAll(async () => {
    stack = await TestStack.start();
    org = await stack.seedOrganization('Tax Org');
    api = gatewayClient(stack.gatewayUrl, org.apiKey);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const notFound = { status: 404, body: { status: 404, error: 'Not Found', code: 'tax_not_found' } };
  const taxEvents = (lagoId: string) =>
    query<{ event_type: string; published_at: Date | null; value: string }>(
      stack.databases.invoicing.url,
      'select event_type, published_at, value from outbox where key = $1 order by seq',
      [lagoId],
    );

  it('creates a tax with Lago’s tax object and publishes tax.upserted', async () => {
    const res = await api('POST', '/api/v1/taxes', { tax: { name: 'VAT FR', code: 'vat_fr', rate: '20.55', description: 'French VAT', applied_to_organization: true } });
    expect(res.status).toBe(200);
    expect(res.body.tax).toEqual({
      lago_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'VAT FR',
      code: 'vat_fr',
      rate: 20.55,
      description: 'French VAT',
      applied_to_organization: true,
      add_ons_count: 0,
      customers_count: 0,
      plans_count: 0,
      charges_count: 0,
      commitments_count: 0,
      created_at: expect.stringMatching(/Z$/),
      applied_to_billing_entities_codes: ['tax_org'],
    });
    await expectEventually(async () => {
      const events = await taxEvents(res.body.tax.lago_id);
      expect(events.map((e) => e.event_type)).toEqual(['tax.upserted']);
      expect(events[0]!.published_at).not.toBeNull();
      expect(JSON.parse(events[0]!.value).payload).toEqual(res.body.tax);
    });
    expect(await api('GET', '/api/v1/taxes/vat_fr')).toEqual({ status: 200, body: { tax: res.body.tax } });
  });

  it('validates: required fields, numeric rate, unique code among live taxes', async () => {
    expect(await api('POST', '/api/v1/taxes', { tax: { description: 'x' } })).toEqual(
      lagoInvalid({ name: ['value_is_mandatory'], code: ['value_is_mandatory'], rate: ['value_is_mandatory'] }),
    );
    expect(await api('POST', '/api/v1/taxes', { tax: { name: 'T', code: 'bad_rate', rate: 'twenty' } })).toEqual(lagoInvalid({ rate: ['value_is_invalid'] }));
    await api('POST', '/api/v1/taxes', { tax: { name: 'Dup', code: 'dup', rate: 5 } });
    expect(await api('POST', '/api/v1/taxes', { tax: { name: 'Dup again', code: 'dup', rate: 6 } })).toEqual(lagoInvalid({ code: ['value_already_exist'] }));
    expect(await api('POST', '/api/v1/taxes', { tax: 'nope' })).toEqual({ status: 400, body: { status: 400, error: 'BadRequest: param is missing or the value is empty or invalid: tax' } });
    expect(await api('GET', '/api/v1/taxes/bad_rate')).toEqual(notFound);
  });

  it('updates by code (including the code itself) and refuses a taken code', async () => {
    await api('POST', '/api/v1/taxes', { tax: { name: 'Old', code: 'upd', rate: 10 } });
    await api('POST', '/api/v1/taxes', { tax: { name: 'Other', code: 'taken', rate: 1 } });
    const renamed = await api('PUT', '/api/v1/taxes/upd', { tax: { name: 'New', code: 'upd2', rate: 12.5 } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.tax).toMatchObject({ name: 'New', code: 'upd2', rate: 12.5, description: null });
    expect(await api('GET', '/api/v1/taxes/upd')).toEqual(notFound);
    expect(await api('PUT', '/api/v1/taxes/upd2', { tax: { code: 'taken' } })).toEqual(lagoInvalid({ code: ['value_already_exist'] }));
    expect(await api('PUT', '/api/v1/taxes/nope', { tax: { name: 'x' } })).toEqual(notFound);
    expect(await api('PUT', '/api/v1/taxes/upd2', { tax: { name: '' } })).toEqual(lagoInvalid({ name: ['value_is_mandatory'] }));
  });

  it('deletes: tax.deleted, gone from reads, code free again', async () => {
    const created = (await api('POST', '/api/v1/taxes', { tax: { name: 'Temp', code: 'temp', rate: 3 } })).body.tax;
    const deleted = await api('DELETE', '/api/v1/taxes/temp');
    expect(deleted).toEqual({ status: 200, body: { tax: created } });
    expect(await api('GET', '/api/v1/taxes/temp')).toEqual(notFound);
    expect(await api('DELETE', '/api/v1/taxes/temp')).toEqual(notFound);
    await expectEventually(async () => expect((await taxEvents(created.lago_id)).map((e) => e.event_type)).toEqual(['tax.upserted', 'tax.deleted']));
    expect((await api('POST', '/api/v1/taxes', { tax: { name: 'Again', code: 'temp', rate: 4 } })).status).toBe(200);
  });

  it('lists the organization’s taxes with pagination, and no other organization sees them', async () => {
    const all = await api('GET', '/api/v1/taxes?per_page=2');
    expect(all.status).toBe(200);
    expect(all.body.taxes).toHaveLength(2);
    expect(all.body.meta).toMatchObject({ current_page: 1, next_page: 2, prev_page: null });
    const outsider = gatewayClient(stack.gatewayUrl, (await stack.seedOrganization()).apiKey);
    expect((await outsider('GET', '/api/v1/taxes')).body).toEqual({
      taxes: [],
      meta: { current_page: 0, next_page: null, prev_page: null, total_pages: 0, total_count: 0 },
    });
    expect(await outsider('GET', '/api/v1/taxes/vat_fr')).toEqual(notFound);
    expect(await outsider('DELETE', '/api/v1/taxes/vat_fr')).toEqual(notFound);
    expect((await api('GET', '/api/v1/taxes/vat_fr')).status).toBe(200);
  });

  describe('customers with tax_codes (AC-31)', () => {
    const customerCount = async (externalId: string) =>
      (await query<{ n: number }>(stack.databases.customers.url, 'select count(*)::int as n from customers where external_id = $1', [externalId]))[0]!.n;

    it('applies taxes by code, replaces the set, refuses an unknown code without writing anything', async () => {
      const tax = (await api('POST', '/api/v1/taxes', { tax: { name: 'GST', code: '123456789', rate: 10 } })).body.tax;
      const created = await api('POST', '/api/v1/customers', { customer: { external_id: 'tc-1', tax_codes: ['123456789', '123456789'] } });
      expect(created.status).toBe(200);
      expect(created.body.customer.taxes).toEqual([tax]);
      expect((await api('GET', '/api/v1/customers/tc-1')).body.customer.taxes).toEqual([tax]);
      expect((await api('GET', '/api/v1/customers?external_id=tc-1')).body.customers[0].taxes).toEqual([tax]);
      expect((await api('POST', '/api/v1/customers', { customer: { external_id: 'tc-1', name: 'kept' } })).body.customer.taxes).toEqual([tax]);

      await expectEventually(async () => expect((await api('GET', '/api/v1/taxes/123456789')).body.tax.customers_count).toBe(1));
      // By lago_id: the replica also holds other organizations' customers replayed from the topic.
      const [replica] = await query<{ snapshot: { taxes: { code: string }[] } }>(stack.databases.invoicing.url, 'select snapshot from customer_replicas where id = $1', [
        created.body.customer.lago_id,
      ]);
      expect(replica!.snapshot.taxes.map((t) => t.code)).toEqual(['123456789']);

      expect((await api('POST', '/api/v1/customers', { customer: { external_id: 'tc-1', tax_codes: [] } })).body.customer.taxes).toEqual([]);
      expect(await api('POST', '/api/v1/customers', { customer: { external_id: 'tc-2', tax_codes: ['123456789', 'unknown'] } })).toEqual({
        status: 404,
        body: { status: 404, error: 'Not Found', code: 'tax_not_found' },
      });
      expect(await customerCount('tc-2')).toBe(0);
      expect(await api('POST', '/api/v1/customers', { customer: { external_id: 'tc-2', tax_codes: [1] } })).toEqual(lagoInvalid({ tax_codes: ['value_is_invalid'] }));
    });

    it('shows a tax’s later changes on its customers, and a deleted tax no longer applies', async () => {
      await api('POST', '/api/v1/taxes', { tax: { name: 'Local', code: 'local', rate: 5 } });
      await api('POST', '/api/v1/customers', { customer: { external_id: 'tc-3', tax_codes: ['local'] } });
      await api('PUT', '/api/v1/taxes/local', { tax: { rate: 7.5 } });
      await expectEventually(async () => expect((await api('GET', '/api/v1/customers/tc-3')).body.customer.taxes[0]?.rate).toBe(7.5));
      await api('DELETE', '/api/v1/taxes/local');
      await expectEventually(async () => expect((await api('GET', '/api/v1/customers/tc-3')).body.customer.taxes).toEqual([]));
    });
  });
});
