import { Client, getLagoError } from 'lago-javascript-client';
import { TestStack } from './support/test-stack';

jest.setTimeout(120_000);

/** Lago's official JavaScript client, unchanged, pointed at the gateway. */
describe('the official lago-javascript-client against the gateway', () => {
  let stack: TestStack;
  let lago: ReturnType<typeof Client>;

  beforeAll(async () => {
    stack = await TestStack.start();
    const org = await stack.seedOrganization('Client Org');
    lago = Client(org.apiKey, { baseUrl: `${stack.gatewayUrl}/api/v1` });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('creates, finds, lists and deletes a customer, and reads Lago errors', async () => {
    const { data: tax } = await lago.taxes.createTax({ tax: { name: 'VAT', code: 'vat_20', rate: '20.0' } });
    expect(tax.tax).toMatchObject({ code: 'vat_20', rate: 20 });

    const { data: created } = await lago.customers.createCustomer({
      customer: {
        external_id: 'client-1',
        name: 'Client Co',
        email: 'billing@client.test',
        currency: 'EUR',
        country: 'FR',
        tax_codes: ['vat_20'],
        metadata: [{ key: 'plan', value: 'gold', display_in_invoice: true }],
      },
    });
    expect(created.customer).toMatchObject({ external_id: 'client-1', name: 'Client Co', currency: 'EUR', country: 'FR', sequential_id: 1 });
    expect(created.customer.taxes?.map((t) => t.code)).toEqual(['vat_20']);

    const { data: found } = await lago.customers.findCustomer('client-1');
    expect(found.customer.lago_id).toBe(created.customer.lago_id);

    await lago.customers.createCustomer({ customer: { external_id: 'client-2', country: 'US' } });
    const { data: page } = await lago.customers.findAllCustomers({ page: 1, per_page: 10, 'countries[]': ['FR'] });
    expect(page.customers.map((c) => c.external_id)).toEqual(['client-1']);
    expect(page.meta).toMatchObject({ current_page: 1, total_count: 1 });

    const { data: deleted } = await lago.customers.destroyCustomer('client-1');
    expect(deleted.customer.lago_id).toBe(created.customer.lago_id);

    const notFound = await lago.customers.findCustomer('client-1').catch((error: unknown) => getLagoError<typeof lago.customers.findCustomer>(error));
    expect(notFound).toEqual({ status: 404, error: 'Not Found', code: 'customer_not_found' });

    const invalid = await lago.customers
      .createCustomer({ customer: { external_id: 'client-3', currency: 'XXX' as never } })
      .catch((error: unknown) => getLagoError<typeof lago.customers.createCustomer>(error));
    expect(invalid).toEqual({ status: 422, error: 'Unprocessable Entity', code: 'validation_errors', error_details: { currency: ['value_is_invalid'] } });

    const unauthorized = await Client('wrong-key', { baseUrl: `${stack.gatewayUrl}/api/v1` })
      .customers.findCustomer('client-2')
      .catch((error: unknown) => getLagoError<typeof lago.customers.findCustomer>(error));
    expect(unauthorized).toEqual({ status: 401, error: 'Unauthorized' });
  });
});
