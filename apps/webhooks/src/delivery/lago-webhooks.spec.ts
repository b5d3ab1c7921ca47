import type { PaymentRequestPaymentErrorV1, ProviderCustomerEventV1 } from '@app/contracts';
import { WEBHOOK_TYPES, lagoWebhooksFor, webhookBody, type LagoWebhook } from './lago-webhooks';

const CUSTOMER_ID = '6a1f0c1e-0000-4000-8000-00000000a101';
const INVOICE_ID = '6a1f0c1e-0000-4000-8000-00000000b101';
const REQUEST_ID = '6a1f0c1e-0000-4000-8000-00000000c101';
const ORG_ID = '6a1f0c1e-0000-4000-8000-00000000d101';

// A customer as `customer.upserted` carries it: base fields, metadata, then every optional collection.
const customer = () => ({
  lago_id: CUSTOMER_ID,
  billing_entity_code: 'acme',
  external_id: 'cus-lw-1',
  name: 'Lago Webhooks Co',
  billing_configuration: { payment_provider: 'stripe', payment_provider_code: 'stripe_main', provider_customer_id: 'cus_stripe_1' },
  skip_invoice_custom_sections: false,
  metadata: [{ lago_id: 'm1', key: 'k', value: 'v', display_in_invoice: true, created_at: '2026-01-01T00:00:00Z' }],
  taxes: [{ lago_id: 't1', code: 'vat' }],
  integration_customers: [{ lago_id: 'ic1', type: 'netsuite' }],
  applicable_invoice_custom_sections: [],
  error_details: [],
});
const CUSTOMER_BASE_KEYS = ['lago_id', 'billing_entity_code', 'external_id', 'name', 'billing_configuration', 'skip_invoice_custom_sections', 'metadata'];

// An invoice as our invoice events carry it (`toInvoiceV1(invoice, 'full')`).
const invoice = () => ({
  lago_id: INVOICE_ID,
  number: 'LW-001-001',
  status: 'finalized',
  payment_status: 'pending',
  total_amount_cents: 1200,
  voided_at: null,
  customer: customer(),
  subscriptions: [],
  billing_periods: [],
  fees: [{ lago_id: 'f1', amount_cents: 1000 }],
  credits: [],
  metadata: [{ lago_id: 'im1', key: 'po', value: '42' }],
  applied_taxes: [{ lago_id: 'at1', tax_code: 'vat' }],
  error_details: [],
  applied_invoice_custom_sections: [],
});
const INVOICE_BASE_KEYS = ['lago_id', 'number', 'status', 'payment_status', 'total_amount_cents', 'voided_at'];

const providerEvent = (extra: Partial<ProviderCustomerEventV1>): ProviderCustomerEventV1 => ({
  lago_customer_id: CUSTOMER_ID,
  external_customer_id: 'cus-lw-1',
  payment_provider: 'stripe',
  payment_provider_code: 'stripe_main',
  provider_customer_id: 'cus_stripe_1',
  ...extra,
});

const only = (webhooks: LagoWebhook[]): LagoWebhook => {
  expect(webhooks).toHaveLength(1);
  return webhooks[0]!;
};

describe('lagoWebhooksFor: customers', () => {
  it('customer.upserted of a new customer is customer.created with integration_customers and no other collection', () => {
    const w = only(lagoWebhooksFor('customer.upserted', customer(), { customerIsNew: true }));
    expect(w.webhook_type).toBe('customer.created');
    expect(w.object_type).toBe('customer');
    expect(Object.keys(w.object)).toEqual([...CUSTOMER_BASE_KEYS, 'integration_customers']);
    expect(w.object.integration_customers).toEqual([{ lago_id: 'ic1', type: 'netsuite' }]);
    expect(w.object.metadata).toEqual(customer().metadata);
  });

  it('customer.upserted of a known customer is customer.updated (also when the context says nothing)', () => {
    expect(only(lagoWebhooksFor('customer.upserted', customer(), { customerIsNew: false })).webhook_type).toBe('customer.updated');
    const w = only(lagoWebhooksFor('customer.upserted', customer(), {}));
    expect(w.webhook_type).toBe('customer.updated');
    expect(Object.keys(w.object)).toEqual([...CUSTOMER_BASE_KEYS, 'integration_customers']);
  });

  it('customer.deleted sends nothing (Lago has no customer deletion webhook)', () => {
    expect(lagoWebhooksFor('customer.deleted', customer(), {})).toEqual([]);
  });

  it('customer.payment_provider_created carries the customer without optional collections', () => {
    const w = only(lagoWebhooksFor('customer.payment_provider_created', providerEvent({ customer: customer() as never }), {}));
    expect(w).toMatchObject({ webhook_type: 'customer.payment_provider_created', object_type: 'customer' });
    expect(Object.keys(w.object)).toEqual(CUSTOMER_BASE_KEYS);
    expect(w.object.billing_configuration).toEqual({ payment_provider: 'stripe', payment_provider_code: 'stripe_main', provider_customer_id: 'cus_stripe_1' });
  });

  it('customer.payment_provider_created without the customer sends nothing', () => {
    expect(lagoWebhooksFor('customer.payment_provider_created', providerEvent({}), {})).toEqual([]);
  });

  it('customer.payment_provider_error is a payment_provider_customer_error in Lago’s key order', () => {
    const provider_error = { message: 'No such customer', error_code: 'resource_missing' };
    const w = only(lagoWebhooksFor('customer.payment_provider_error', providerEvent({ provider_error, customer: customer() as never }), {}));
    expect(w.webhook_type).toBe('customer.payment_provider_error');
    expect(w.object_type).toBe('payment_provider_customer_error');
    expect(JSON.stringify(w.object)).toBe(
      JSON.stringify({ lago_customer_id: CUSTOMER_ID, external_customer_id: 'cus-lw-1', payment_provider: 'stripe', payment_provider_code: 'stripe_main', provider_error }),
    );
  });

  it('customer.checkout_url_generated is a payment_provider_customer_checkout_url in Lago’s key order', () => {
    const w = only(lagoWebhooksFor('customer.checkout_url_generated', providerEvent({ checkout_url: 'https://checkout.example/s/1' }), {}));
    expect(w.webhook_type).toBe('customer.checkout_url_generated');
    expect(w.object_type).toBe('payment_provider_customer_checkout_url');
    expect(JSON.stringify(w.object)).toBe(
      JSON.stringify({
        lago_customer_id: CUSTOMER_ID,
        external_customer_id: 'cus-lw-1',
        payment_provider: 'stripe',
        payment_provider_code: 'stripe_main',
        checkout_url: 'https://checkout.example/s/1',
      }),
    );
  });
});

describe('lagoWebhooksFor: invoices', () => {
  it('invoice.created (a one-off invoice) is only invoice.one_off_created with customer, fees, applied_taxes, custom sections', () => {
    const w = only(lagoWebhooksFor('invoice.created', invoice(), {}));
    expect(w).toMatchObject({ webhook_type: 'invoice.one_off_created', object_type: 'invoice' });
    expect(Object.keys(w.object)).toEqual([...INVOICE_BASE_KEYS, 'customer', 'fees', 'applied_taxes', 'applied_invoice_custom_sections']);
    expect(Object.keys(w.object.customer as object)).toEqual(CUSTOMER_BASE_KEYS);
    expect(w.object.fees).toEqual([{ lago_id: 'f1', amount_cents: 1000 }]);
  });

  it('invoice.payment_status_updated shows customer and fees', () => {
    const w = only(lagoWebhooksFor('invoice.payment_status_updated', invoice(), {}));
    expect(w).toMatchObject({ webhook_type: 'invoice.payment_status_updated', object_type: 'invoice' });
    expect(Object.keys(w.object)).toEqual([...INVOICE_BASE_KEYS, 'customer', 'fees']);
  });

  it('invoice.payment_overdue shows customer, fees and applied_taxes', () => {
    const w = only(lagoWebhooksFor('invoice.payment_overdue', invoice(), {}));
    expect(w).toMatchObject({ webhook_type: 'invoice.payment_overdue', object_type: 'invoice' });
    expect(Object.keys(w.object)).toEqual([...INVOICE_BASE_KEYS, 'customer', 'fees', 'applied_taxes']);
  });

  it('invoice.voided shows customer, subscriptions, billing_periods, fees, credits, applied_taxes in the serializer’s order', () => {
    const { applied_taxes, fees, customer: c, ...rest } = invoice();
    const shuffled = { applied_taxes, ...rest, fees, customer: c };
    const w = only(lagoWebhooksFor('invoice.voided', shuffled, {}));
    expect(w).toMatchObject({ webhook_type: 'invoice.voided', object_type: 'invoice' });
    expect(Object.keys(w.object)).toEqual([...INVOICE_BASE_KEYS, 'customer', 'subscriptions', 'billing_periods', 'fees', 'credits', 'applied_taxes']);
  });

  it('invoice.payment_dispute_lost is a payment_dispute_lost object wrapping the invoice with its customer', () => {
    const w = only(lagoWebhooksFor('invoice.payment_dispute_lost', invoice(), {}));
    expect(w.webhook_type).toBe('invoice.payment_dispute_lost');
    expect(w.object_type).toBe('payment_dispute_lost');
    expect(Object.keys(w.object)).toEqual(['invoice']);
    const inner = w.object.invoice as Record<string, unknown>;
    expect(Object.keys(inner)).toEqual([...INVOICE_BASE_KEYS, 'customer']);
    expect(Object.keys(inner.customer as object)).toEqual(CUSTOMER_BASE_KEYS);
  });
});

describe('lagoWebhooksFor: payment requests', () => {
  const request = () => ({
    lago_id: REQUEST_ID,
    amount_cents: 1200,
    amount_currency: 'EUR',
    email: 'billing@example.test',
    payment_status: 'pending',
    created_at: '2026-01-02T00:00:00Z',
    customer: customer(),
    invoices: [invoice()],
  });

  it.each(['payment_request.created', 'payment_request.payment_status_updated'])('%s keeps its name; customer and invoices show base fields', (type) => {
    const w = only(lagoWebhooksFor(type, request(), {}));
    expect(w).toMatchObject({ webhook_type: type, object_type: 'payment_request' });
    expect(Object.keys(w.object)).toEqual(['lago_id', 'amount_cents', 'amount_currency', 'email', 'payment_status', 'created_at', 'customer', 'invoices']);
    expect(Object.keys(w.object.customer as object)).toEqual(CUSTOMER_BASE_KEYS);
    const invoices = w.object.invoices as Record<string, unknown>[];
    expect(invoices).toHaveLength(1);
    expect(Object.keys(invoices[0]!)).toEqual(INVOICE_BASE_KEYS);
  });

  it('payment_request.payment_failure is a payment_provider_payment_request_payment_error in Lago’s key order', () => {
    const failure: PaymentRequestPaymentErrorV1 = {
      provider_error: { message: 'Card declined', error_code: 'card_declined' },
      lago_customer_id: CUSTOMER_ID,
      lago_payment_request_id: REQUEST_ID,
      external_customer_id: 'cus-lw-1',
      lago_invoice_ids: [INVOICE_ID],
      payment_provider: 'stripe',
      payment_provider_code: 'stripe_main',
      provider_customer_id: 'cus_stripe_1',
    };
    const w = only(lagoWebhooksFor('payment_request.payment_failure', failure, {}));
    expect(w.webhook_type).toBe('payment_request.payment_failure');
    expect(w.object_type).toBe('payment_provider_payment_request_payment_error');
    expect(JSON.stringify(w.object)).toBe(
      JSON.stringify({
        lago_payment_request_id: REQUEST_ID,
        lago_invoice_ids: [INVOICE_ID],
        lago_customer_id: CUSTOMER_ID,
        external_customer_id: 'cus-lw-1',
        provider_customer_id: 'cus_stripe_1',
        payment_provider: 'stripe',
        payment_provider_code: 'stripe_main',
        provider_error: { message: 'Card declined', error_code: 'card_declined' },
      }),
    );
  });
});

describe('lagoWebhooksFor: anything else', () => {
  it('unknown event types and non-object payloads send nothing', () => {
    expect(lagoWebhooksFor('tax.upserted', { lago_id: 'x' }, {})).toEqual([]);
    expect(lagoWebhooksFor('payment.succeeded', { id: 'x' }, {})).toEqual([]);
    expect(lagoWebhooksFor('invoice.one_off_created', invoice(), {})).toEqual([]);
    expect(lagoWebhooksFor('invoice.created', null, {})).toEqual([]);
    expect(lagoWebhooksFor('customer.upserted', [customer()], { customerIsNew: true })).toEqual([]);
  });

  it('does not change the event payload', () => {
    const source = invoice();
    const before = JSON.stringify(source);
    lagoWebhooksFor('invoice.payment_dispute_lost', source, {});
    lagoWebhooksFor('invoice.created', source, {});
    expect(JSON.stringify(source)).toBe(before);
  });
});

describe('WEBHOOK_TYPES', () => {
  it('lists exactly the types the mapping produces', () => {
    const produced = new Set<string>();
    const events: [string, unknown, { customerIsNew?: boolean }][] = [
      ['customer.upserted', customer(), { customerIsNew: true }],
      ['customer.upserted', customer(), {}],
      ['customer.payment_provider_created', providerEvent({ customer: customer() as never }), {}],
      ['customer.payment_provider_error', providerEvent({ provider_error: { message: 'x', error_code: null } }), {}],
      ['customer.checkout_url_generated', providerEvent({ checkout_url: 'https://x' }), {}],
      ...['invoice.created', 'invoice.payment_status_updated', 'invoice.payment_overdue', 'invoice.voided', 'invoice.payment_dispute_lost'].map(
        (t): [string, unknown, object] => [t, invoice(), {}],
      ),
      ...['payment_request.created', 'payment_request.payment_status_updated', 'payment_request.payment_failure'].map(
        (t): [string, unknown, object] => [t, { lago_id: REQUEST_ID, customer: customer(), invoices: [] }, {}],
      ),
    ];
    for (const [type, payload, context] of events) for (const w of lagoWebhooksFor(type, payload, context)) produced.add(w.webhook_type);
    expect([...produced].sort()).toEqual([...WEBHOOK_TYPES].sort());
    expect(WEBHOOK_TYPES).toHaveLength(13);
    expect(WEBHOOK_TYPES).toContain('invoice.one_off_created');
    expect(WEBHOOK_TYPES).not.toContain('invoice.created');
    expect(WEBHOOK_TYPES).not.toContain('customer.deleted');
  });
});

describe('webhookBody', () => {
  it('is webhook_type, object_type, organization_id, then the object under its object_type, in that order', () => {
    const body = webhookBody({ webhook_type: 'customer.payment_provider_error', object_type: 'payment_provider_customer_error', object: { b: 1, a: [true, null] } }, ORG_ID);
    expect(body).toBe(
      `{"webhook_type":"customer.payment_provider_error","object_type":"payment_provider_customer_error","organization_id":"${ORG_ID}","payment_provider_customer_error":{"b":1,"a":[true,null]}}`,
    );
  });

  it('keeps the mapped object’s key order', () => {
    const w = only(lagoWebhooksFor('customer.checkout_url_generated', providerEvent({ checkout_url: 'https://c' }), {}));
    const body = webhookBody(w, ORG_ID);
    expect(Object.keys(JSON.parse(body))).toEqual(['webhook_type', 'object_type', 'organization_id', 'payment_provider_customer_checkout_url']);
    expect(body).toContain(
      `"payment_provider_customer_checkout_url":{"lago_customer_id":"${CUSTOMER_ID}","external_customer_id":"cus-lw-1","payment_provider":"stripe","payment_provider_code":"stripe_main","checkout_url":"https://c"}}`,
    );
  });

  it('escapes <, >, &, U+2028 and U+2029 as Rails does, and still parses back to the same object', () => {
    const object = { name: 'A&B <Ltd> \u2028\u2029 "q" é' };
    const body = webhookBody({ webhook_type: 'customer.updated', object_type: 'customer', object }, ORG_ID);
    expect(body).toContain('"name":"A\\u0026B \\u003cLtd\\u003e \\u2028\\u2029 \\"q\\" é"');
    expect(JSON.parse(body).customer).toEqual(object);
  });
});
