import { expectEventually, query } from '@app/test-support';
import { gatewayClient, TestStack, type SeededOrganization } from './support/test-stack';

jest.setTimeout(120_000);

const UNAUTHORIZED = {
  code: 401,
  status: 'Error',
  message: 'Invalid or incorrect authorization [Missing (basic) authorization header.]',
  details: {},
  response: false,
};
const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** A client of the ChargeOver API with HTTP Basic credentials (key id : key). */
function chargeOverClient(baseUrl: string, username: string, password: string) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${baseUrl}/api/v3${path}`, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, body: json as Record<string, any>, location: res.headers.get('location') };
  };
  return call;
}

/** ChargeOver's 400 envelope. */
const invalid = (details: Record<string, unknown> = {}, message = 'Missing or invalid parameter.') => ({
  status: 400,
  body: { code: 400, status: 'Error', message, details, response: false },
});

/** The ChargeOver customer API (`/api/v3/customer`) through the gateway, over the same customers as Lago's API. */
describe('ChargeOver customer API, end to end', () => {
  let stack: TestStack;
  let org: SeededOrganization;
  let co: ReturnType<typeof chargeOverClient>;
  let lago: ReturnType<typeof gatewayClient>;

  beforeAll(async () => {
    stack = await TestStack.start();
    org = await stack.seedOrganization('ChargeOver Org');
    co = chargeOverClient(stack.gatewayUrl, org.apiKeyId, org.apiKey);
    lago = gatewayClient(stack.gatewayUrl, org.apiKey);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const customersDb = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => query<T>(stack.databases.customers.url, sql, params);
  // Counted per organization: only this file's organizations are asserted on.
  const rowCount = async () => (await customersDb<{ n: number }>('select count(*)::int as n from customers where organization_id = $1', [org.id]))[0]!.n;
  const create = async (body: Record<string, unknown>) => {
    const res = await co('POST', '/customer', body);
    expect(res.status).toBe(201);
    return res.body.response.id as number;
  };

  it('answers 401 in ChargeOver’s envelope without valid Basic credentials, and 403 for a key without the permission', async () => {
    const raw = (authorization?: string) =>
      fetch(`${stack.gatewayUrl}/api/v3/customer`, { headers: authorization ? { authorization } : {} }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    for (const header of [undefined, `Bearer ${org.apiKey}`, 'Basic', 'Basic !!!', basic(org.apiKeyId, 'wrong'), basic('someone-else', org.apiKey), basic('', '')]) {
      expect(await raw(header)).toEqual({ status: 401, body: UNAUTHORIZED });
    }
    // A malformed body with bad credentials is still the 401: authentication comes first.
    expect(await chargeOverClient(stack.gatewayUrl, org.apiKeyId, 'nope')('POST', '/customer', '{oops')).toMatchObject({ status: 401, body: UNAUTHORIZED });
    expect(await raw(basic(org.apiKeyId, org.apiKey))).toEqual({ status: 200, body: { code: 200, status: 'OK', message: '', details: {}, response: [] } });

    const readOnly = await stack.issueApiKeyWithId(org.id, { customer: ['read'] });
    const reader = chargeOverClient(stack.gatewayUrl, readOnly.id, readOnly.value);
    expect((await reader('GET', '/customer')).status).toBe(200);
    const refused = await reader('POST', '/customer', { company: 'Nope' });
    expect(refused).toMatchObject({ status: 403, body: { code: 403, status: 'Error', response: false } });
    expect(refused.body.message).toContain('write_action_not_allowed_for_customer');
    expect(await rowCount()).toBe(0);
  });

  it('creates a customer from the seed’s fields, maps them onto Lago’s customer and publishes customer.upserted', async () => {
    const body = {
      external_key: 'co-acme',
      company: 'Acme Widgets',
      language_id: 2,
      currency_id: 1,
      class_id: 3,
      admin_id: 4,
      campaign_id: 5,
      campaign_details: 'Trade show 2026',
      superuser_username: 'jdoe',
      superuser_email: 'jane@acme.test',
      superuser_first_name: 'Jane',
      superuser_last_name: 'Doe',
      superuser_phone: '+1 555 0100',
      bill_addr1: '56 Cowles Road',
      bill_addr2: 'Suite 2',
      bill_addr3: 'Building B',
      bill_city: 'Willington',
      bill_state: 'CT',
      bill_postcode: 6279,
      bill_country: 'USA',
      ship_addr1: '1 Dock St',
      ship_city: 'Toronto',
      ship_state: 'ON',
      ship_postcode: 'M5V 1A1',
      ship_country: 'Canada',
      custom_1: 'gold',
      custom_20: 'last',
      brand_id: 1,
      terms_id: 5,
      no_taxes: 1,
      no_dunning: true,
      no_latefees: '0',
      no_procfees: false,
      invoice_delivery: 'print',
      dunning_delivery: 'email',
      tax_ident: 'US-123',
      tags: ['vip', 'east'],
      unknown_field: 'ignored',
    };
    const created = await co('POST', '/customer', body);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ code: 201, status: 'OK', message: '', details: {}, response: { id: expect.any(Number) } });
    const id = created.body.response.id as number;
    expect(created.location).toBe(`${stack.gatewayUrl}/api/v3/customer/${id}`);

    const read = await co('GET', `/customer/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ code: 200, status: 'OK', message: '', details: {} });
    const customer = read.body.response;
    expect(customer).toMatchObject({
      customer_id: id,
      superuser_id: id,
      parent_customer_id: null,
      external_key: 'co-acme',
      company: 'Acme Widgets',
      language_id: 2,
      currency_id: 1,
      currency_iso4217: 'USD',
      currency_symbol: '$',
      class_id: 3,
      admin_id: 4,
      campaign_id: 5,
      campaign_details: 'Trade show 2026',
      brand_id: 1,
      terms_id: 5,
      terms_name: 'Net 30',
      terms_days: 30,
      superuser_username: 'jdoe',
      superuser_email: 'jane@acme.test',
      superuser_name: 'Jane Doe',
      superuser_first_name: 'Jane',
      superuser_last_name: 'Doe',
      superuser_phone: '+1 555 0100',
      bill_addr1: '56 Cowles Road',
      bill_addr2: 'Suite 2, Building B',
      bill_city: 'Willington',
      bill_state: 'CT',
      bill_postcode: '6279',
      bill_country: 'USA',
      ship_addr1: '1 Dock St',
      ship_city: 'Toronto',
      ship_country: 'Canada',
      custom_1: 'gold',
      custom_2: null,
      custom_20: 'last',
      no_taxes: true,
      no_dunning: true,
      no_latefees: false,
      no_procfees: false,
      invoice_delivery: 'print',
      dunning_delivery: 'email',
      tax_ident: 'US-123',
      tags: ['vip', 'east'],
      paid: 0,
      total: 0,
      balance: 0,
      customer_status_str: 'active-current',
      customer_status_state: 'a',
    });
    expect(customer.token).toMatch(/^[0-9a-f]{32}$/);
    expect(customer.write_datetime).toMatch(TIME);
    expect(customer.mod_datetime).toMatch(TIME);
    expect(customer.bill_block).toBe('Acme Widgets\n56 Cowles Road\nSuite 2, Building B\nWillington, CT 6279\nUSA');
    expect(customer).not.toHaveProperty('unknown_field');

    // The same customer through Lago's API, in Lago's terms.
    const viaLago = await lago('GET', '/api/v1/customers/co-acme');
    expect(viaLago.status).toBe(200);
    expect(viaLago.body.customer).toMatchObject({
      external_id: 'co-acme',
      sequential_id: id,
      name: 'Acme Widgets',
      customer_type: 'company',
      firstname: 'Jane',
      lastname: 'Doe',
      email: 'jane@acme.test',
      phone: '+1 555 0100',
      currency: 'USD',
      country: 'US',
      address_line1: '56 Cowles Road',
      address_line2: 'Suite 2, Building B',
      city: 'Willington',
      state: 'CT',
      zipcode: '6279',
      tax_identification_number: 'US-123',
      net_payment_term: 30,
      billing_configuration: { document_locale: 'fr' },
      shipping_address: { address_line1: '1 Dock St', city: 'Toronto', state: 'ON', zipcode: 'M5V 1A1', country: 'CA' },
      metadata: [],
    });
    expect(viaLago.body.customer.lago_id.replace(/-/g, '')).toBe(customer.token);

    // One customer.upserted in the customers service's outbox, carrying the Lago object; the invoicing replica has it.
    const events = await customersDb<{ event_type: string; payload: any }>(
      "select event_type, value::jsonb->'payload' as payload from outbox where key = $1 order by seq",
      [viaLago.body.customer.lago_id],
    );
    expect(events.map((e) => e.event_type)).toEqual(['customer.upserted']);
    expect(events[0]!.payload).toMatchObject({ external_id: 'co-acme', name: 'Acme Widgets', sequential_id: id, currency: 'USD' });
    await expectEventually(async () => {
      const replica = await query<{ n: number }>(stack.databases.invoicing.url, 'select count(*)::int as n from customer_replicas where id = $1', [viaLago.body.customer.lago_id]);
      expect(replica[0]!.n).toBe(1);
    });
  });

  it('refuses a missing company, a malformed body and bad values with ChargeOver’s 400, writing nothing', async () => {
    const before = await rowCount();
    const cases: [unknown, Record<string, unknown>][] = [
      [{}, { company: 'required' }],
      [{ company: '   ' }, { company: 'required' }],
      [{ company: null }, { company: 'required' }],
      [{ company: { name: 'x' } }, { company: 'invalid' }],
      [{ company: 'X', currency_id: 999 }, { currency_id: 'unknown_id' }],
      [{ company: 'X', language_id: 'fr' }, { language_id: 'invalid' }],
      [{ company: 'X', terms_id: 77 }, { terms_id: 'unknown_id' }],
      [{ company: 'X', superuser_email: 'not-an-email' }, { superuser_email: 'invalid' }],
      [{ company: 'X', no_taxes: 'maybe' }, { no_taxes: 'invalid' }],
      [{ company: 'X', invoice_delivery: 'fax' }, { invoice_delivery: 'invalid' }],
      [{ company: 'X', tags: { a: 1 } }, { tags: 'invalid' }],
      [{ company: 'X', parent_customer_id: -3 }, { parent_customer_id: 'invalid' }],
      [{ company: 'x'.repeat(256) }, { company: 'too_long' }],
      [{ company: 'X', custom_3: true }, { custom_3: 'invalid' }],
    ];
    for (const [body, details] of cases) expect(await co('POST', '/customer', body)).toMatchObject(invalid(details));
    for (const body of ['{"company": "Broken"', '[]', '"text"', 'null']) expect(await co('POST', '/customer', body)).toMatchObject(invalid());
    expect(await co('POST', '/customer', '{"company":"X"}', { 'content-type': 'text/plain' })).toMatchObject({ status: 400, body: { code: 400, message: 'Missing or invalid parameter.' } });
    expect(await rowCount()).toBe(before);
  });

  it('never reuses an external_key: a duplicate is a 400, also after the customer was deleted', async () => {
    const id = await create({ company: 'Once', external_key: 'co-once' });
    const before = await rowCount();
    const duplicate = invalid({ external_key: 'taken' }, 'A customer with this external_key exists or existed; external keys are never reused.');
    expect(await co('POST', '/customer', { company: 'Twice', external_key: 'co-once' })).toEqual({ ...duplicate, location: null });

    expect(await co('DELETE', `/customer/${id}`)).toMatchObject({ status: 200, body: { code: 200, status: 'OK', message: '', details: {}, response: true } });
    expect(await co('GET', `/customer/${id}`)).toMatchObject({ status: 404, body: { code: 404, status: 'Error', response: false } });
    expect((await lago('GET', '/api/v1/customers/co-once')).status).toBe(404);
    expect(await co('DELETE', `/customer/${id}`)).toMatchObject({ status: 404, body: { code: 404, status: 'Error' } });
    expect(await co('POST', '/customer', { company: 'Again', external_key: 'co-once' })).toMatchObject(duplicate);
    // Lago's own rule still holds on its API: a deleted customer's external_id is free there.
    expect((await lago('POST', '/api/v1/customers', { customer: { external_id: 'co-once', name: 'Lago reuse' } })).status).toBe(200);
    expect(await co('POST', '/customer', { company: 'Again', external_key: 'co-once' })).toMatchObject(duplicate);
    expect(await rowCount()).toBe(before + 1);
    const events = await customersDb<{ event_type: string }>(
      'select event_type from outbox where key = (select id::text from customers where organization_id = $1 and sequential_id = $2) order by seq',
      [org.id, id],
    );
    expect(events.map((e) => e.event_type)).toEqual(['customer.upserted', 'customer.deleted']);
  });

  it('finds customers by id, external_key and token; unknown ones are 404, malformed ids 400', async () => {
    const id = await create({ company: 'Findable', external_key: 'find:me, please' });
    const byKey = await co('GET', `/customer/external_key:${encodeURIComponent('find:me, please')}`);
    expect(byKey.status).toBe(200);
    expect(byKey.body.response.customer_id).toBe(id);
    const byToken = await co('GET', `/customer/token:${byKey.body.response.token}`);
    expect(byToken.body.response.customer_id).toBe(id);
    expect(await co('GET', '/customer/external_key:nobody')).toMatchObject({ status: 404, body: { code: 404, status: 'Error', response: false } });
    expect(await co('GET', '/customer/999999')).toMatchObject({ status: 404, body: { code: 404, status: 'Error', response: false } });
    expect(await co('GET', '/customer/abc')).toMatchObject(invalid({ customer_id: 'invalid' }));
    expect(await co('GET', '/customer/0')).toMatchObject(invalid({ customer_id: 'invalid' }));
    expect(await co('GET', '/nothing-here')).toMatchObject(invalid());

    // A customer made without an external key gets one for Lago, and ChargeOver shows none.
    const bare = await create({ company: 'No Key' });
    expect((await co('GET', `/customer/${bare}`)).body.response.external_key).toBeNull();
    expect((await lago('GET', `/api/v1/customers/co-${bare}`)).body.customer).toMatchObject({ name: 'No Key', sequential_id: bare });
    expect((await co('GET', `/customer/external_key:co-${bare}`)).status).toBe(404);

    // Another organization sees none of them.
    const other = await stack.seedOrganization();
    const stranger = chargeOverClient(stack.gatewayUrl, other.apiKeyId, other.apiKey);
    expect((await stranger('GET', `/customer/${id}`)).status).toBe(404);
    expect((await stranger('GET', '/customer/external_key:find:me, please')).status).toBe(404);
    expect((await stranger('GET', '/customer')).body.response).toEqual([]);
    expect((await stranger('GET', '/customer/_count')).body.response).toBe(0);
    expect((await stranger('PUT', `/customer/${id}`, { company: 'Mine now' })).status).toBe(404);
    expect((await stranger('DELETE', `/customer/${id}`)).status).toBe(404);
    expect((await co('GET', `/customer/${id}`)).body.response.company).toBe('Findable');
  });

  it('queries with where (the nine operators), order, limit and offset, and counts', async () => {
    const own = await stack.seedOrganization();
    const q = chargeOverClient(stack.gatewayUrl, own.apiKeyId, own.apiKey);
    const ids: Record<string, number> = {};
    for (const [company, extra] of [
      ['Alpha', { bill_state: 'CT', bill_country: 'United States', custom_1: 'gold', superuser_email: 'a@alpha.test', external_key: 'k-alpha' }],
      ['Beta, Inc.', { bill_state: 'NY', bill_country: 'USA', custom_1: 'silver', external_key: 'k-beta' }],
      ['Gamma', { bill_state: 'ON', bill_country: 'Canada', external_key: 'k-gamma' }],
      ['Delta', { bill_country: 'Narnia' }],
    ] as const) {
      const res = await q('POST', '/customer', { company, ...extra });
      expect(res.status).toBe(201);
      ids[company] = res.body.response.id;
    }
    const names = async (qs: string) => {
      const res = await q('GET', `/customer?${qs}`);
      expect(res).toMatchObject({ status: 200, body: { code: 200, status: 'OK' } });
      return (res.body.response as { company: string }[]).map((c) => c.company);
    };
    const where = (...terms: string[]) => `where=${terms.map(encodeURIComponent).join(',')}`;
    expect(await names('')).toEqual(['Alpha', 'Beta, Inc.', 'Gamma', 'Delta']);
    expect(await names(where('bill_state:EQUALS:CT'))).toEqual(['Alpha']);
    expect(await names(where('bill_state:NOTEQUALS:CT'))).toEqual(['Beta, Inc.', 'Gamma', 'Delta']);
    expect(await names(where(`customer_id:GT:${ids.Alpha}`))).toEqual(['Beta, Inc.', 'Gamma', 'Delta']);
    expect(await names(where(`customer_id:GTE:${ids.Gamma}`))).toEqual(['Gamma', 'Delta']);
    expect(await names(where(`customer_id:LT:${ids.Gamma}`))).toEqual(['Alpha', 'Beta, Inc.']);
    expect(await names(where(`customer_id:LTE:${ids.Alpha}`))).toEqual(['Alpha']);
    expect(await names(where('company:CONTAINS:ET'))).toEqual(['Beta, Inc.']);
    expect(await names(where('company:CONTAINS:a, inc'.replace(',', '\\,')))).toEqual(['Beta, Inc.']);
    expect(await names(where('custom_1:IS:NULL'))).toEqual(['Gamma', 'Delta']);
    expect(await names(where('custom_1:ISNOT:NULL'))).toEqual(['Alpha', 'Beta, Inc.']);
    expect(await names(where('bill_state:ISNOT:NULL', 'custom_1:EQUALS:silver'))).toEqual(['Beta, Inc.']);
    expect(await names(where('bill_country:EQUALS:Narnia'))).toEqual(['Delta']);
    expect(await names(where('external_key:EQUALS:k-gamma'))).toEqual(['Gamma']);
    expect(await names(where('superuser_email:EQUALS:a@alpha.test'))).toEqual(['Alpha']);
    expect(await names(where('write_datetime:GTE:2000-01-01 00:00:00', 'write_datetime:LT:2999-12-31'))).toHaveLength(4);
    expect(await names(where('mod_datetime:LT:2000-01-01'))).toEqual([]);
    expect(await names(where('customer_status_state:EQUALS:a', 'customer_status_str:EQUALS:active-current'))).toHaveLength(4);
    expect(await names('order=company:DESC')).toEqual(['Gamma', 'Delta', 'Beta, Inc.', 'Alpha']);
    expect(await names('order=custom_1:asc,customer_id:desc')).toEqual(['Alpha', 'Beta, Inc.', 'Delta', 'Gamma']);
    expect(await names('limit=2&offset=1')).toEqual(['Beta, Inc.', 'Gamma']);
    expect(await names('limit=2&offset=10')).toEqual([]);

    expect((await q('GET', '/customer/_count')).body).toEqual({ code: 200, status: 'OK', message: '', details: {}, response: 4 });
    expect((await q('GET', `/customer/_count?${where('bill_country:CONTAINS:united')}`)).body.response).toBe(1);

    for (const qs of [
      where('favourite_colour:EQUALS:red'),
      where('company:LIKE:A'),
      where('company'),
      where('customer_id:EQUALS:one'),
      where('write_datetime:GT:yesterday'),
      where('write_datetime:GT:2026-02-30 00:00:00'),
      'order=company:SIDEWAYS',
      'order=nope:ASC',
      'limit=0',
      'limit=-1',
      'offset=x',
      'where[a]=b',
    ]) {
      const res = await q('GET', `/customer?${qs}`);
      expect({ qs, status: res.status, code: res.body.code, message: res.body.message, response: res.body.response }).toEqual({
        qs,
        status: 400,
        code: 400,
        message: 'Missing or invalid parameter.',
        response: false,
      });
    }
    expect((await q('GET', `/customer/_count?${where('nope:EQUALS:1')}`)).status).toBe(400);
  });

  it('updates only the fields sent (202 with Location); null clears; the external key is set once', async () => {
    const id = await create({ company: 'Before', superuser_email: 'old@x.test', bill_city: 'Paris', bill_country: 'France', custom_2: 'keep', tags: ['a'] });
    const before = (await co('GET', `/customer/${id}`)).body.response;

    const updated = await co('PUT', `/customer/${id}`, { company: 'After', bill_city: null, custom_3: 'new', tags: 'x, y', currency_id: 4 });
    expect(updated.status).toBe(202);
    expect(updated.body).toEqual({ code: 202, status: 'OK', message: '', details: {}, response: { id } });
    expect(updated.location).toBe(`${stack.gatewayUrl}/api/v3/customer/${id}`);
    const after = (await co('GET', `/customer/${id}`)).body.response;
    expect(after).toMatchObject({
      company: 'After',
      superuser_email: 'old@x.test',
      bill_city: null,
      bill_country: 'France',
      custom_2: 'keep',
      custom_3: 'new',
      tags: ['x', 'y'],
      currency_id: 4,
      currency_iso4217: 'EUR',
      write_datetime: before.write_datetime,
    });

    // Refusals change nothing.
    for (const [body, details] of [
      [{ company: '' }, { company: 'required' }],
      [{ company: 'Fine', currency_id: 12345 }, { currency_id: 'unknown_id' }],
      [{ external_key: null }, { external_key: 'invalid' }],
    ] as const) {
      expect(await co('PUT', `/customer/${id}`, body)).toMatchObject(invalid(details));
    }
    expect((await co('PUT', '/customer/987654', { company: 'Ghost' })).status).toBe(404);
    expect((await co('GET', `/customer/${id}`)).body.response).toEqual(after);

    // A customer without an external key may be given one, once; then it cannot change.
    expect((await co('PUT', `/customer/${id}`, { external_key: 'k-set-later' })).status).toBe(202);
    expect((await co('GET', `/customer/external_key:k-set-later`)).body.response.customer_id).toBe(id);
    expect((await lago('GET', '/api/v1/customers/k-set-later')).body.customer.name).toBe('After');
    expect(await co('PUT', `/customer/${id}`, { external_key: 'k-other' })).toMatchObject(
      invalid({ external_key: 'immutable' }, 'This customer already has an external_key; it cannot be changed.'),
    );
    expect((await co('PUT', `/customer/${id}`, { external_key: 'k-set-later', company: 'Same key' })).status).toBe(202);
    const taken = await create({ company: 'Other', external_key: 'k-taken' });
    const keyless = await create({ company: 'Keyless' });
    expect(await co('PUT', `/customer/${keyless}`, { external_key: 'k-taken' })).toMatchObject(invalid({ external_key: 'taken' }, expect.any(String)));
    expect(taken).toBeGreaterThan(0);
  });

  it('round-trips ChargeOver → Lago → ChargeOver, and shows Lago customers to ChargeOver', async () => {
    const id = await create({ company: 'Round Trip', external_key: 'rt-1', bill_country: 'USA', custom_5: 'co-only', no_dunning: true, superuser_name: 'Ada King Lovelace' });
    expect((await lago('GET', '/api/v1/customers/rt-1')).body.customer).toMatchObject({ firstname: 'Ada', lastname: 'King Lovelace', country: 'US' });

    // Lago's upsert changes what it knows; ChargeOver's own fields stay.
    const upsert = await lago('POST', '/api/v1/customers', {
      customer: { external_id: 'rt-1', name: 'Round Trip Ltd', country: 'FR', currency: 'EUR', net_payment_term: 15, metadata: [{ key: 'k', value: 'v', display_in_invoice: false }] },
    });
    expect(upsert.status).toBe(200);
    const back = (await co('GET', `/customer/${id}`)).body.response;
    expect(back).toMatchObject({
      customer_id: id,
      external_key: 'rt-1',
      company: 'Round Trip Ltd',
      bill_country: 'France',
      currency_id: 4,
      currency_iso4217: 'EUR',
      currency_symbol: '€',
      terms_days: 15,
      terms_id: 4,
      terms_name: 'Net 15',
      custom_5: 'co-only',
      no_dunning: true,
      superuser_first_name: 'Ada',
    });
    // Re-sending the same country keeps ChargeOver's spelling of it.
    await co('PUT', `/customer/${id}`, { bill_country: 'République française' });
    expect((await lago('POST', '/api/v1/customers', { customer: { external_id: 'rt-1', country: 'FR' } })).status).toBe(200);
    expect((await co('GET', `/customer/${id}`)).body.response.bill_country).toBe('France');
    await co('PUT', `/customer/${id}`, { bill_country: 'france' });
    expect((await lago('GET', '/api/v1/customers/rt-1')).body.customer.country).toBe('FR');
    expect((await lago('POST', '/api/v1/customers', { customer: { external_id: 'rt-1', country: 'FR' } })).status).toBe(200);
    expect((await co('GET', `/customer/${id}`)).body.response.bill_country).toBe('france');

    // A customer made through Lago's API is a ChargeOver customer too.
    const made = await lago('POST', '/api/v1/customers', { customer: { external_id: 'from-lago', name: 'Lago Made', country: 'DE', currency: 'GBP', email: 'l@lago.test' } });
    const seq = made.body.customer.sequential_id as number;
    const seen = await co('GET', '/customer/external_key:from-lago');
    expect(seen.body.response).toMatchObject({ customer_id: seq, company: 'Lago Made', bill_country: 'Germany', currency_id: 3, currency_symbol: '£', superuser_email: 'l@lago.test', external_key: 'from-lago' });
    // ... which ChargeOver can change and delete; Lago sees both.
    expect((await co('PUT', `/customer/${seq}`, { company: 'Changed by ChargeOver', custom_1: 'x' })).status).toBe(202);
    expect((await lago('GET', '/api/v1/customers/from-lago')).body.customer.name).toBe('Changed by ChargeOver');
    expect((await co('DELETE', `/customer/${seq}`)).status).toBe(200);
    expect((await lago('GET', '/api/v1/customers/from-lago')).status).toBe(404);
  });

  it('shows the customer’s invoice amounts and overdue status from invoicing’s events', async () => {
    expect((await lago('POST', '/api/v1/add_ons', { add_on: { name: 'Setup', code: 'co-setup', amount_cents: 12345, amount_currency: 'USD' } })).status).toBe(200);
    const id = await create({ company: 'Owes Money', external_key: 'owes', currency_id: 1, terms_id: 1 });
    const invoice = await lago('POST', '/api/v1/invoices', { invoice: { external_customer_id: 'owes', fees: [{ add_on_code: 'co-setup' }] } });
    expect(invoice.status).toBe(200);
    const shown = await expectEventually(async () => {
      const res = (await co('GET', `/customer/${id}`)).body.response;
      expect(res).toMatchObject({ total: 123.45, paid: 0, balance: 123.45, customer_status_str: 'active-overdue', customer_status_name: 'Over Due' });
      return res;
    });
    expect(shown.terms_name).toBe('Due on Receipt');
    expect(await coNames(`where=${encodeURIComponent('customer_status_str:EQUALS:active-overdue')}`)).toEqual(['Owes Money']);

    expect((await lago('PUT', `/api/v1/invoices/${invoice.body.invoice.lago_id}`, { invoice: { payment_status: 'succeeded' } })).status).toBe(200);
    await expectEventually(async () => {
      expect((await co('GET', `/customer/${id}`)).body.response).toMatchObject({ total: 123.45, paid: 123.45, balance: 0, customer_status_str: 'active-current' });
    });
  });

  const coNames = async (qs: string) => ((await co('GET', `/customer?${qs}`)).body.response as { company: string }[]).map((c) => c.company);
});
