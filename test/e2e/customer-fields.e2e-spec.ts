import { query } from '@app/test-support';
import { gatewayClient, TestStack, type SeededOrganization, lagoInvalid } from './support/test-stack';

jest.setTimeout(120_000);

/**
 * The customer fields of spec/customers.md section 3 through the gateway, by acceptance case.
 * No premium gates (decision 10.3): timezone and partner accounts are honoured for everyone.
 */
describe('customer fields, end to end', () => {
  let stack: TestStack;
  let org: SeededOrganization;
  let api: ReturnType<typeof gatewayClient>;

  beforeAll(async () => {
    stack = await TestStack.start();
    org = await stack.seedOrganization('Fields Org');
    api = gatewayClient(stack.gatewayUrl, org.apiKey);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const upsert = (customer: Record<string, unknown>) => api('POST', '/api/v1/customers', { customer });
  const count = async (externalId: string) =>
    (await query<{ n: number }>(stack.databases.customers.url, 'select count(*)::int as n from customers where external_id = $1', [externalId]))[0]!.n;

  it('AC-01/AC-03: creates with the sent fields; timezone is honoured and applicable', async () => {
    const res = await upsert({ external_id: 'f-01', name: 'Foo Bar Inc.', firstname: 'Foo', lastname: 'Bar', customer_type: 'company', currency: 'EUR', timezone: 'America/New_York', external_salesforce_id: 'foobar' });
    expect(res.status).toBe(200);
    expect(res.body.customer).toMatchObject({
      name: 'Foo Bar Inc.', firstname: 'Foo', lastname: 'Bar', customer_type: 'company', currency: 'EUR', external_salesforce_id: 'foobar',
      account_type: 'customer', billing_entity_code: 'fields_org', timezone: 'America/New_York', applicable_timezone: 'America/New_York',
    });
    expect((await upsert({ external_id: 'f-01b', timezone: 'Europe/Kiev' })).body).toEqual(lagoInvalid({ timezone: ['invalid_timezone'] }).body);
    expect((await upsert({ external_id: 'f-01c', timezone: 'Europe/Kyiv' })).body.customer.timezone).toBe('Europe/Kyiv');
  });

  it('AC-02: strips NUL bytes', async () => {
    const res = await upsert({ external_id: 'f-02', name: 'Foo\u0000Bar', firstname: '\u0000', lastname: '\u0000', currency: 'EUR' });
    expect(res.body.customer).toMatchObject({ name: 'FooBar', firstname: '', lastname: '' });
  });

  it('AC-04: finalize_zero_amount_invoice', async () => {
    expect((await upsert({ external_id: 'f-04', finalize_zero_amount_invoice: 'skip' })).body.customer.finalize_zero_amount_invoice).toBe('skip');
    expect((await upsert({ external_id: 'f-04', finalize_zero_amount_invoice: null })).body.customer.finalize_zero_amount_invoice).toBe('inherit');
    expect(await upsert({ external_id: 'f-04', finalize_zero_amount_invoice: 'bad value' })).toEqual(lagoInvalid({ finalize_zero_amount_invoice: ['invalid_value'] }));
  });

  it('AC-07/AC-17: account_type partner is applied; bad enums are value_is_invalid', async () => {
    expect((await upsert({ external_id: 'f-07', account_type: 'partner' })).body.customer.account_type).toBe('partner');
    expect(await upsert({ external_id: 'f-07', account_type: 'invalid' })).toEqual(lagoInvalid({ account_type: ['value_is_invalid'] }));
    expect(await upsert({ external_id: 'f-17', customer_type: 'default_type' })).toEqual(lagoInvalid({ customer_type: ['value_is_invalid'] }));
    expect(await count('f-17')).toBe(0);
  });

  it('AC-09/AC-10: metadata is created, then replaced by the sent set keeping known ids', async () => {
    const created = await upsert({ external_id: 'f-09', metadata: [{ key: 'Hello', value: 'Hi', display_in_invoice: true }, { key: 'test', value: 'x' }] });
    const [m1, m2] = created.body.customer.metadata;
    expect(m1).toMatchObject({ key: 'Hello', value: 'Hi', display_in_invoice: true });
    expect(m1.lago_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(m1.created_at).toMatch(/Z$/);
    expect(m2).toMatchObject({ key: 'test', value: 'x', display_in_invoice: false });

    const updated = await upsert({
      external_id: 'f-09',
      metadata: [{ id: m1.lago_id, key: 'new key', value: 'new value', display_in_invoice: true }, { key: 'Added key', value: 'Added value', display_in_invoice: true }],
    });
    const metadata = updated.body.customer.metadata as { lago_id: string; key: string }[];
    expect(metadata.map((m) => m.key)).toEqual(['new key', 'Added key']);
    expect(metadata[0]!.lago_id).toBe(m1.lago_id);
    expect(metadata.map((m) => m.lago_id)).not.toContain(m2.lago_id);

    // Absent or null keeps the set; re-sending a key without its id replaces the entry (decision 10.5).
    expect((await upsert({ external_id: 'f-09', name: 'x' })).body.customer.metadata).toHaveLength(2);
    expect((await upsert({ external_id: 'f-09', metadata: null })).body.customer.metadata).toHaveLength(2);
    const rekeyed = await upsert({ external_id: 'f-09', metadata: [{ key: 'new key', value: 'v2' }] });
    expect(rekeyed.body.customer.metadata.map((m: { key: string; value: string }) => [m.key, m.value])).toEqual([['new key', 'v2']]);
    expect((await upsert({ external_id: 'f-09', metadata: [] })).body.customer.metadata).toEqual([]);
    expect((await api('GET', '/api/v1/customers?metadata[new%20key]=v2')).body.customers).toEqual([]);
  });

  it('AC-11 and entry rules: count, mandatory, lengths, duplicate keys; nothing written', async () => {
    const six = Array.from({ length: 6 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    expect(await upsert({ external_id: 'f-11', metadata: six })).toEqual(lagoInvalid({ metadata: ['invalid_count'] }));
    expect(await upsert({ external_id: 'f-11', metadata: [{ key: 'k'.repeat(21), value: '' }] })).toEqual(
      lagoInvalid({ key: ['value_is_too_long'], value: ['value_is_mandatory'] }),
    );
    expect(await upsert({ external_id: 'f-11', metadata: [{ key: 'a', value: 'v'.repeat(101) }] })).toEqual(lagoInvalid({ value: ['value_is_too_long'] }));
    expect(await upsert({ external_id: 'f-11', metadata: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] })).toEqual(lagoInvalid({ key: ['value_already_exist'] }));
    expect(await count('f-11')).toBe(0);
  });

  it('AC-12/AC-13/AC-14: email normalisation and format', async () => {
    expect((await upsert({ external_id: 'f-12', email: 'foo\u200B\u200C\u200D\u00A0\u200E\u200Fbar@example.com' })).body.customer.email).toBe('foobar@example.com');
    expect((await upsert({ external_id: 'f-13', email: 'joão.silva@example.com' })).body.customer.email).toBe('joão.silva@example.com');
    expect((await upsert({ external_id: 'f-13', email: 'hello@something\u2013other.com' })).body.customer.email).toBe('hello@something-other.com');
    expect(await upsert({ external_id: 'f-14', email: '@missingusername.com' })).toEqual(lagoInvalid({ email: ['invalid_email_format'] }));
  });

  it('shipping address: per key, country upper-cased and checked as shipping_country', async () => {
    const created = await upsert({ external_id: 'f-ship', shipping_address: { address_line1: '1 Dock St', city: 'Leith', country: 'gb' } });
    expect(created.body.customer.shipping_address).toEqual({ address_line1: '1 Dock St', address_line2: null, city: 'Leith', zipcode: null, state: null, country: 'GB' });
    const updated = await upsert({ external_id: 'f-ship', shipping_address: { city: null, zipcode: 'EH6' } });
    expect(updated.body.customer.shipping_address).toEqual({ address_line1: '1 Dock St', address_line2: null, city: null, zipcode: 'EH6', state: null, country: 'GB' });
    expect(await upsert({ external_id: 'f-ship', shipping_address: { country: 'ZZ' } })).toEqual(lagoInvalid({ shipping_country: ['not_a_valid_country_code'] }));
  });

  it('AC-19: skip plus section codes is refused and creates nothing; codes alone clear the flag', async () => {
    expect(await upsert({ external_id: 'f-19', skip_invoice_custom_sections: true, invoice_custom_section_codes: ['A', 'B'] })).toEqual(
      lagoInvalid({ invoice_custom_sections: ['skip_sections_and_selected_ids_sent_together'] }),
    );
    expect(await count('f-19')).toBe(0);
    expect((await upsert({ external_id: 'f-19', skip_invoice_custom_sections: true })).body.customer).toMatchObject({ skip_invoice_custom_sections: true, applicable_invoice_custom_sections: [] });
    expect((await upsert({ external_id: 'f-19', invoice_custom_section_codes: [] })).body.customer.skip_invoice_custom_sections).toBe(false);
  });

  it('AC-20: the organization’s billing entity by code; another code is Lago’s 404 and writes nothing', async () => {
    expect((await upsert({ external_id: 'f-20', billing_entity_code: 'fields_org' })).body.customer.billing_entity_code).toBe('fields_org');
    expect(await upsert({ external_id: 'f-20b', billing_entity_code: 'archived_entity' })).toEqual({
      status: 404,
      body: { status: 404, error: 'Not Found', code: 'billing_entity_not_found' },
    });
    expect(await count('f-20b')).toBe(0);
  });

  it('AC-22/AC-23: absent keys keep their values, null clears', async () => {
    const full = { external_id: 'f-22', name: 'Old', country: 'FR', address_line1: 'a1', address_line2: 'a2', state: 's', zipcode: 'z', email: 'e@x.test', city: 'c', url: 'u', phone: 'p', logo_url: 'l', legal_name: 'ln', legal_number: 'lnum' };
    await upsert(full);
    const updated = (await upsert({ external_id: 'f-22', name: 'Foo Bar', currency: 'EUR' })).body.customer;
    const { external_id: _id, name: _name, ...kept } = full;
    expect(updated).toMatchObject({ ...kept, name: 'Foo Bar', currency: 'EUR' });
    expect((await upsert({ external_id: 'f-22', email: null })).body.customer.email).toBeNull();
  });

  it('billing_configuration: grace period (no premium gate), issuing-date settings and document locale (AC-05 without the provider)', async () => {
    const billing = { invoice_grace_period: 3, subscription_invoice_issuing_date_anchor: 'current_period_end', subscription_invoice_issuing_date_adjustment: 'keep_anchor', document_locale: 'fr' };
    const created = await upsert({ external_id: 'f-bc', billing_configuration: billing });
    expect(created.body.customer.billing_configuration).toEqual({ ...billing, payment_provider: null, payment_provider_code: null });
    const updated = await upsert({ external_id: 'f-bc', billing_configuration: { invoice_grace_period: null } });
    expect(updated.body.customer.billing_configuration).toMatchObject({ invoice_grace_period: null, document_locale: 'fr' });
    expect(await upsert({ external_id: 'f-bc2', billing_configuration: { document_locale: 'xx', invoice_grace_period: -1, subscription_invoice_issuing_date_anchor: 'never' } })).toEqual(
      lagoInvalid({ document_locale: ['not_a_valid_language_code'], invoice_grace_period: ['value_is_out_of_range'], subscription_invoice_issuing_date_anchor: ['value_is_invalid'] }),
    );
    expect(await count('f-bc2')).toBe(0);
  });

  it('AC-26/AC-32: integration customers are stored and returned as Lago shows them, declaratively', async () => {
    const created = await upsert({
      external_id: 'f-ic',
      integration_customers: [
        { integration_type: 'netsuite', integration_code: 'netsuite', external_customer_id: 'ns-1', subsidiary_id: '2', sync_with_provider: true },
        { integration_type: 'hubspot', integration_code: 'hub', targeted_object: 'companies' },
      ],
    });
    expect(created.status).toBe(200);
    const [netsuite, hubspot] = created.body.customer.integration_customers;
    expect(netsuite).toEqual({
      lago_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      external_customer_id: 'ns-1',
      type: 'netsuite',
      integration_code: 'netsuite',
      code: 'netsuite',
      is_default: true,
      category: 'accounting',
      subsidiary_id: '2',
      sync_with_provider: true,
    });
    expect(hubspot).toMatchObject({ type: 'hubspot', category: 'crm', targeted_object: 'companies' });

    // Listed by id: kept and updated; not listed: removed.
    const updated = await upsert({ external_id: 'f-ic', integration_customers: [{ id: netsuite.lago_id, integration_type: 'netsuite', external_customer_id: 'ns-2' }] });
    expect(updated.body.customer.integration_customers).toEqual([expect.objectContaining({ lago_id: netsuite.lago_id, external_customer_id: 'ns-2' })]);
    expect((await upsert({ external_id: 'f-ic', name: 'no change' })).body.customer.integration_customers).toHaveLength(1);
    expect((await api('GET', '/api/v1/customers?external_id=f-ic')).body.customers[0].integration_customers).toHaveLength(1);

    expect(await upsert({ external_id: 'f-ic2', integration_customers: [{ integration_type: 'netsuite' }, { integration_type: 'netsuite' }] })).toEqual(
      lagoInvalid({ integration_customers: ['invalid_count_per_integration_type'] }),
    );
    expect(await upsert({ external_id: 'f-ic2', integration_customers: [{ integration_type: 'quickbooks' }] })).toEqual(lagoInvalid({ integration_type: ['value_is_invalid'] }));
    expect(await count('f-ic2')).toBe(0);
    const partner = await upsert({ external_id: 'f-ic3', account_type: 'partner', integration_customers: [{ integration_type: 'xero' }] });
    expect(partner.body.customer).toMatchObject({ account_type: 'partner', integration_customers: [] });
  });

  it('AC-21/AC-25: the billing entity changes only when sent; the currency may change (decision 10.2)', async () => {
    await upsert({ external_id: 'f-21', billing_entity_code: 'fields_org', currency: 'USD' });
    const renamed = await upsert({ external_id: 'f-21', name: 'Updated name' });
    expect(renamed.body.customer).toMatchObject({ name: 'Updated name', billing_entity_code: 'fields_org', currency: 'USD' });
    expect((await upsert({ external_id: 'f-21', billing_entity_code: null })).body.customer.billing_entity_code).toBe('fields_org');
    expect((await upsert({ external_id: 'f-21', currency: 'CAD' })).body.customer.currency).toBe('CAD');
  });
});
