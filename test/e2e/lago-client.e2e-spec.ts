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

describe('the served OpenAPI description', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('describes every endpoint from the DTOs, without authentication', async () => {
    const res = await fetch(`${stack.gatewayUrl}/api/docs-json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { required?: string[]; properties: Record<string, { enum?: string[] }> }> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/add_ons',
      '/api/v1/add_ons/{code}',
      '/api/v1/credit_notes',
      '/api/v1/credit_notes/{lago_id}',
      '/api/v1/credit_notes/{lago_id}/void',
      '/api/v1/customers',
      '/api/v1/customers/{external_id}',
      '/api/v1/customers/{external_id}/payment_requests',
      '/api/v1/customers/{external_id}/payments',
      '/api/v1/invoices',
      '/api/v1/invoices/{lago_id}',
      '/api/v1/invoices/{lago_id}/lose_dispute',
      '/api/v1/invoices/{lago_id}/void',
      '/api/v1/payment_providers',
      '/api/v1/payment_providers/{code}',
      '/api/v1/payment_requests',
      '/api/v1/payment_requests/{lago_id}',
      '/api/v1/payments',
      '/api/v1/payments/{lago_id}',
      '/api/v1/taxes',
      '/api/v1/taxes/{code}',
      '/api/v1/webhook_endpoints',
      '/api/v1/webhook_endpoints/{lago_id}',
      '/api/v1/webhooks',
      '/api/v1/webhooks/hmac_key',
      '/api/v1/webhooks/json_public_key',
      '/api/v1/webhooks/public_key',
      '/api/v1/webhooks/{lago_id}',
      '/api/v1/webhooks/{lago_id}/retry',
    ]);
    expect(Object.keys(doc.paths['/api/v1/customers']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/customers/{external_id}']!).sort()).toEqual(['delete', 'get']);
    const body = doc.components.schemas.CustomerBody!;
    expect(body.required).toEqual(['external_id']);
    expect(body.properties.customer_type!.enum).toEqual(['company', 'individual']);
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(['metadata', 'shipping_address', 'billing_configuration', 'tax_codes', 'integration_customers']));
    expect(Object.keys(doc.components.schemas.CustomerV1!.properties)).toEqual(expect.arrayContaining(['lago_id', 'sequential_id', 'slug', 'applicable_timezone', 'taxes']));
    // Secrets are documented as write-only inputs; the response object has no secret field.
    expect(Object.keys(doc.components.schemas.PaymentProviderV1!.properties)).not.toEqual(expect.arrayContaining(['secret_key']));
    expect(Object.keys(doc.components.schemas.PaymentProviderBody!.properties)).toEqual(expect.arrayContaining(['secret_key', 'access_token', 'api_key']));
    const ui = await fetch(`${stack.gatewayUrl}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});
