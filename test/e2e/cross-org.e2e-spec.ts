import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectEventually } from '@app/test-support';
import { apiKeySecrets, leakedSecrets, paymentSecretsKey, secretsInLogs, type Secret } from './support/api-answers';
import { gatewayRoutes } from './support/public-routes';
import { rawRequest } from './support/raw-http';
import { snapshotDiff, StackSnapshots, type Snapshot } from './support/stack-snapshots';
import { TestStack, type SeededOrganization } from './support/test-stack';

jest.setTimeout(120_000);

/** What a client got: the status, the parsed body, and the text (for the leak checks). */
interface Answer {
  status: number;
  body: any;
  text: string;
}

const notFound = (code: string) => ({ status: 404, body: { status: 404, error: 'Not Found', code } });
const CHARGEOVER_NOT_FOUND = { status: 404, body: { code: 404, status: 'Error', message: 'The requested object was not found.', details: {}, response: false } };
const lagoAuth = (org: SeededOrganization) => ({ authorization: `Bearer ${org.apiKey}` });
const basicAuth = (org: SeededOrganization) => ({ authorization: `Basic ${Buffer.from(`${org.apiKeyId}:${org.apiKey}`).toString('base64')}` });

/**
 * Organization A creates one resource of every kind; organization B's key then tries every route
 * on A's ids, codes and external ids, and every list (C, a third organization, does what creates:
 * it may reuse A's codes for its own resources). B gets the route's not-found answer, no list or
 * answer shows anything of A's, and nothing of A's changes: not in any database, not as A reads
 * it back. Then no secret shows in any app log or any answer but the route meant to serve it.
 */
describe('cross-organization access, route by route', () => {
  let stack: TestStack;
  let A: SeededOrganization;
  let B: SeededOrganization;
  let C: SeededOrganization;
  let receiver: Server;
  let snapshots: StackSnapshots;
  let baseline: Snapshot;
  /** A's ids, codes and the marker in every name and description A wrote. */
  const a = {} as Record<
    'marker' | 'customer' | 'customerLagoId' | 'coCustomerId' | 'coToken' | 'invoice' | 'paidInvoice' | 'fee' | 'paymentRequest' | 'payment' | 'creditNote' | 'endpoint' | 'webhook' | 'hmacKey',
    string
  >;
  /** Every lago_id A's resources have: none may show in an answer to B or C. */
  const aIds: string[] = [];
  const answers: { who: string; route: string; text: string }[] = [];
  const secret = randomBytes(12).toString('hex');
  const secrets: Secret[] = [];
  let readBackBefore: unknown;

  /** A client that records every answer (for the leak and secret checks). */
  const client =
    (who: string, auth: Record<string, string>) =>
    async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
      const res = await rawRequest(stack.gatewayUrl, method, path, { ...auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, body === undefined ? undefined : JSON.stringify(body));
      answers.push({ who, route: `${method} ${path}`, text: res.text });
      return { status: res.status, body: res.json ?? res.text, text: res.text };
    };
  let asA: ReturnType<typeof client>;
  let asB: ReturnType<typeof client>;
  let asC: ReturnType<typeof client>;
  let coA: ReturnType<typeof client>;
  let coB: ReturnType<typeof client>;
  let coC: ReturnType<typeof client>;

  const ok = async (answer: Promise<Answer>, status = 200) => {
    const res = await answer;
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${res.text}`);
    return res.body as Record<string, any>;
  };

  /** The Idempotency-Key A created a resource with; the other organizations send the same key, and must not get A's stored answer. */
  const idem = (what: string) => ({ 'idempotency-key': `${a.marker}-${what}` });

  /** Nothing of A's in an answer to another organization: none of A's lago_ids, not A's marker. */
  const expectNoTraceOfA = (res: Answer) => {
    for (const id of aIds) expect(res.text).not.toContain(id);
    expect(res.text).not.toContain(a.marker);
    expect(res.text).not.toContain(A.id);
  };
  /** The route's not-found answer, and nothing of A's in it. */
  const expectNotFound = (res: Answer, code: string) => {
    expect({ status: res.status, body: res.body }).toEqual(notFound(code));
    expectNoTraceOfA(res);
  };
  const expectChargeOverNotFound = (res: Answer) => {
    expect({ status: res.status, body: res.body }).toEqual(CHARGEOVER_NOT_FOUND);
    expectNoTraceOfA(res);
  };
  /** A list answer of another organization: 200, none of A's items. */
  const expectListWithoutA = (res: Answer, key: string) => {
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body[key])).toBe(true);
    expectNoTraceOfA(res);
  };

  /** Everything of A's as A reads it through the API. */
  const readBackA = async () => {
    const paths = [
      '/api/v1/customers',
      `/api/v1/customers/${a.customer}`,
      '/api/v1/customers/x_synced',
      '/api/v1/customers/x_co',
      `/api/v1/customers/${a.customer}/payment_requests`,
      `/api/v1/customers/${a.customer}/payments`,
      '/api/v1/taxes',
      '/api/v1/taxes/x_vat',
      '/api/v1/add_ons',
      '/api/v1/add_ons/x_addon',
      '/api/v1/invoices',
      `/api/v1/invoices/${a.invoice}`,
      `/api/v1/invoices/${a.paidInvoice}`,
      '/api/v1/payment_requests',
      `/api/v1/payment_requests/${a.paymentRequest}`,
      '/api/v1/payments',
      `/api/v1/payments/${a.payment}`,
      '/api/v1/credit_notes',
      `/api/v1/credit_notes/${a.creditNote}`,
      '/api/v1/payment_providers',
      '/api/v1/payment_providers/x_stripe',
      '/api/v1/webhook_endpoints',
      `/api/v1/webhook_endpoints/${a.endpoint}`,
      '/api/v1/webhooks/hmac_key',
      `/api/v1/webhooks/${a.webhook}`,
    ];
    const lago = await Promise.all(paths.map(async (path) => [path, (await asA('GET', path)).body] as const));
    const chargeOver = await Promise.all(
      ['/api/v3/customer', '/api/v3/customer/_count', `/api/v3/customer/${a.coCustomerId}`, '/api/v3/customer/1'].map(async (path) => [path, (await coA('GET', path)).body] as const),
    );
    return Object.fromEntries([...lago, ...chargeOver]);
  };

  beforeAll(async () => {
    const hooks: string[] = [];
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
        hooks.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    stack = await TestStack.start();
    [A, B, C] = [await stack.seedOrganization('Org A'), await stack.seedOrganization('Org B'), await stack.seedOrganization('Org C')];
    [asA, asB, asC] = [client('A', lagoAuth(A)), client('B', lagoAuth(B)), client('C', lagoAuth(C))];
    [coA, coB, coC] = [client('A', basicAuth(A)), client('B', basicAuth(B)), client('C', basicAuth(C))];
    a.marker = `canary${randomBytes(6).toString('hex')}`;
    a.customer = 'x_cus';
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/${a.marker}`;

    a.endpoint = (await ok(asA('POST', '/api/v1/webhook_endpoints', { webhook_endpoint: { webhook_url: receiverUrl, signature_algo: 'hmac' } }, idem('endpoint')))).webhook_endpoint.lago_id;
    // One Stripe outage while A's customer syncs: payment-sync's retry path (and what it logs) runs with A's secret key.
    stack.stubs.addFault({ provider: 'stripe', method: 'POST', pathPrefix: '/v1/customers', kind: 'status', status: 500, times: 1 });
    const provider = await ok(
      asA('POST', '/api/v1/payment_providers', {
        payment_provider: { code: 'x_stripe', name: `A Stripe ${a.marker}`, provider_type: 'stripe', secret_key: `sk_test_${secret}`, webhook_secret: `whsec_${secret}` },
      }, idem('provider')),
    );
    await ok(asA('POST', '/api/v1/taxes', { tax: { name: `A VAT ${a.marker}`, code: 'x_vat', rate: 20 } }, idem('tax')));
    const addOn = await ok(asA('POST', '/api/v1/add_ons', { add_on: { name: `A Setup ${a.marker}`, code: 'x_addon', amount_cents: 1000, amount_currency: 'EUR', tax_codes: ['x_vat'] } }));
    const customer = await ok(asA('POST', '/api/v1/customers', { customer: { external_id: a.customer, name: `A Customer ${a.marker}`, currency: 'EUR', net_payment_term: 0, email: `${a.marker}@a.test` } }, idem('customer')));
    const synced = await ok(
      asA('POST', '/api/v1/customers', {
        customer: { external_id: 'x_synced', name: `A Synced ${a.marker}`, currency: 'EUR', billing_configuration: { payment_provider: 'stripe', payment_provider_code: 'x_stripe', sync_with_provider: true } },
      }),
    );
    const created = await ok(coA('POST', '/api/v3/customer', { company: `A Co ${a.marker}`, external_key: 'x_co', superuser_email: `co-${a.marker}@a.test` }, idem('co-customer')), 201);
    a.coCustomerId = String(created.response.id);
    const coCustomer = await ok(asA('GET', '/api/v1/customers/x_co'));
    a.coToken = (coCustomer.customer.lago_id as string).replace(/-/g, '');
    const invoice = (await ok(asA('POST', '/api/v1/invoices', { invoice: { external_customer_id: a.customer, fees: [{ add_on_code: 'x_addon', description: `fee ${a.marker}` }] } }))).invoice;
    const paid = (await ok(asA('POST', '/api/v1/invoices', { invoice: { external_customer_id: a.customer, fees: [{ add_on_code: 'x_addon' }] } }))).invoice;
    [a.invoice, a.paidInvoice, a.fee] = [invoice.lago_id, paid.lago_id, paid.fees[0].lago_id];
    await expectEventually(async () => expect((await asA('GET', `/api/v1/invoices/${a.invoice}`)).body.invoice.payment_overdue).toBe(true));
    a.paymentRequest = (await ok(asA('POST', '/api/v1/payment_requests', { payment_request: { external_customer_id: a.customer, lago_invoice_ids: [a.invoice] } }))).payment_request.lago_id;
    a.payment = (await ok(asA('POST', '/api/v1/payments', { payment: { invoice_id: a.paidInvoice, amount_cents: 100, reference: `ref ${a.marker}`.slice(0, 40) } }))).payment.lago_id;
    a.creditNote = (
      await ok(asA('POST', '/api/v1/credit_notes', { credit_note: { invoice_id: a.paidInvoice, reason: 'other', description: `note ${a.marker}`, offset_amount_cents: 120, items: [{ fee_id: a.fee, amount_cents: 100 }] } }))
    ).credit_note.lago_id;
    await expectEventually(async () => expect((await asA('GET', '/api/v1/customers/x_synced')).body.customer.billing_configuration.provider_customer_id).toMatch(/^cus_/), { timeoutMs: 30_000 });
    a.webhook = await expectEventually(async () => {
      const [first] = (await asA('GET', '/api/v1/webhooks')).body.webhooks as { lago_id: string }[];
      expect(first).toBeDefined();
      return first!.lago_id;
    });
    a.hmacKey = (await ok(asA('GET', '/api/v1/webhooks/hmac_key'))).webhook.hmac_key;
    a.customerLagoId = customer.customer.lago_id;
    aIds.push(a.customerLagoId, synced.customer.lago_id, coCustomer.customer.lago_id, provider.payment_provider.lago_id, addOn.add_on.lago_id, a.invoice, a.paidInvoice, a.fee, a.paymentRequest, a.payment, a.creditNote, a.endpoint, a.webhook, a.hmacKey, a.coToken);
    // C's own connection under A's code, with its own webhook secret: the provider-webhook case signs with it.
    await ok(asC('POST', '/api/v1/payment_providers', { payment_provider: { code: 'x_stripe', name: 'C Stripe', provider_type: 'stripe', secret_key: `sk_test_c${secret}`, webhook_secret: `whsec_c${secret}` } }));
    expect(hooks.length).toBeGreaterThan(0);

    snapshots = await StackSnapshots.open(stack, [A.id]);
    baseline = await snapshots.settle(60_000);
    readBackBefore = await readBackA();
  });

  afterAll(async () => {
    await snapshots?.close();
    await stack?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  /** One row of the table: a route, what the other organization does there, and what it must get. */
  const CASES: { route: string; does: string; run: () => Promise<void> }[] = [
    { route: 'POST /api/v1/customers', does: "C upserts A's external_id with A's Idempotency-Key: C's own customer", run: async () => {
      const res = await asC('POST', '/api/v1/customers', { customer: { external_id: a.customer, name: 'C Customer' } }, idem('customer'));
      expect(res.status).toBe(200);
      expect(res.body.customer).toMatchObject({ external_id: a.customer, name: 'C Customer' });
      expectNoTraceOfA(res);
    } },
    { route: 'GET /api/v1/customers', does: 'B lists, searches A’s name and external_id', run: async () => {
      for (const query of ['', `?search_term=${a.marker}`, `?search_term=${a.customer}`, '?with_deleted=true']) expectListWithoutA(await asB('GET', `/api/v1/customers${query}`), 'customers');
    } },
    { route: 'GET /api/v1/customers/:external_id', does: "B reads A's customer by external_id and by lago_id", run: async () => {
      expectNotFound(await asB('GET', `/api/v1/customers/${a.customer}`), 'customer_not_found');
      expectNotFound(await asB('GET', `/api/v1/customers/${a.customerLagoId}`), 'customer_not_found');
    } },
    { route: 'DELETE /api/v1/customers/:external_id', does: "B deletes A's customer", run: async () => expectNotFound(await asB('DELETE', `/api/v1/customers/${a.customer}`), 'customer_not_found') },
    { route: 'GET /api/v1/customers/:external_id/payment_requests', does: "B lists A's customer's payment requests", run: async () => {
      expectNotFound(await asB('GET', `/api/v1/customers/${a.customer}/payment_requests`), 'customer_not_found');
    } },
    { route: 'GET /api/v1/customers/:external_id/payments', does: "B lists A's customer's payments", run: async () => expectNotFound(await asB('GET', `/api/v1/customers/${a.customer}/payments`), 'customer_not_found') },
    { route: 'POST /api/v1/taxes', does: "C creates a tax with A's code and Idempotency-Key: C's own", run: async () => {
      const res = await asC('POST', '/api/v1/taxes', { tax: { name: 'C VAT', code: 'x_vat', rate: 5 } }, idem('tax'));
      expect({ status: res.status, rate: res.body.tax?.rate }).toEqual({ status: 200, rate: 5 });
      expectNoTraceOfA(res);
    } },
    { route: 'GET /api/v1/taxes', does: 'B lists taxes', run: async () => expectListWithoutA(await asB('GET', '/api/v1/taxes'), 'taxes') },
    { route: 'GET /api/v1/taxes/:code', does: "B reads A's tax", run: async () => expectNotFound(await asB('GET', '/api/v1/taxes/x_vat'), 'tax_not_found') },
    { route: 'PUT /api/v1/taxes/:code', does: "B changes A's tax rate", run: async () => expectNotFound(await asB('PUT', '/api/v1/taxes/x_vat', { tax: { rate: 99 } }), 'tax_not_found') },
    { route: 'DELETE /api/v1/taxes/:code', does: "B deletes A's tax", run: async () => expectNotFound(await asB('DELETE', '/api/v1/taxes/x_vat'), 'tax_not_found') },
    { route: 'POST /api/v1/add_ons', does: "B creates an add-on with A's tax", run: async () => {
      expectNotFound(await asB('POST', '/api/v1/add_ons', { add_on: { name: 'B', code: 'b_addon', amount_cents: 1, amount_currency: 'EUR', tax_codes: ['x_vat'] } }), 'tax_not_found');
    } },
    { route: 'GET /api/v1/add_ons', does: 'B lists add-ons', run: async () => expectListWithoutA(await asB('GET', '/api/v1/add_ons'), 'add_ons') },
    { route: 'GET /api/v1/add_ons/:code', does: "B reads A's add-on", run: async () => expectNotFound(await asB('GET', '/api/v1/add_ons/x_addon'), 'add_on_not_found') },
    { route: 'PUT /api/v1/add_ons/:code', does: "B reprices A's add-on", run: async () => expectNotFound(await asB('PUT', '/api/v1/add_ons/x_addon', { add_on: { amount_cents: 1 } }), 'add_on_not_found') },
    { route: 'DELETE /api/v1/add_ons/:code', does: "B deletes A's add-on", run: async () => expectNotFound(await asB('DELETE', '/api/v1/add_ons/x_addon'), 'add_on_not_found') },
    { route: 'POST /api/v1/invoices', does: "B invoices A's customer with A's add-on", run: async () => {
      expectNotFound(await asB('POST', '/api/v1/invoices', { invoice: { external_customer_id: a.customer, fees: [{ add_on_code: 'x_addon' }] } }), 'customer_not_found');
    } },
    { route: 'GET /api/v1/invoices', does: "B lists invoices, filtered on A's customer", run: async () => {
      for (const query of ['', `?external_customer_id=${a.customer}`, `?search_term=${a.marker}`]) expectListWithoutA(await asB('GET', `/api/v1/invoices${query}`), 'invoices');
    } },
    { route: 'GET /api/v1/invoices/:lago_id', does: "B reads A's invoice", run: async () => expectNotFound(await asB('GET', `/api/v1/invoices/${a.invoice}`), 'invoice_not_found') },
    { route: 'PUT /api/v1/invoices/:lago_id', does: "B marks A's invoice paid", run: async () => {
      expectNotFound(await asB('PUT', `/api/v1/invoices/${a.invoice}`, { invoice: { payment_status: 'succeeded', metadata: [{ key: 'k', value: 'v' }] } }), 'invoice_not_found');
    } },
    { route: 'POST /api/v1/invoices/:lago_id/void', does: "B voids A's invoice", run: async () => expectNotFound(await asB('POST', `/api/v1/invoices/${a.invoice}/void`), 'invoice_not_found') },
    { route: 'POST /api/v1/invoices/:lago_id/lose_dispute', does: "B loses a dispute on A's invoice", run: async () => {
      expectNotFound(await asB('POST', `/api/v1/invoices/${a.invoice}/lose_dispute`), 'invoice_not_found');
    } },
    { route: 'POST /api/v1/payment_requests', does: "B requests payment of A's overdue invoice", run: async () => {
      expectNotFound(await asB('POST', '/api/v1/payment_requests', { payment_request: { external_customer_id: a.customer, lago_invoice_ids: [a.invoice] } }), 'customer_not_found');
    } },
    { route: 'GET /api/v1/payment_requests', does: "B lists payment requests, filtered on A's customer", run: async () => {
      for (const query of ['', `?external_customer_id=${a.customer}`]) expectListWithoutA(await asB('GET', `/api/v1/payment_requests${query}`), 'payment_requests');
    } },
    { route: 'GET /api/v1/payment_requests/:lago_id', does: "B reads A's payment request", run: async () => {
      expectNotFound(await asB('GET', `/api/v1/payment_requests/${a.paymentRequest}`), 'payment_request_not_found');
    } },
    { route: 'POST /api/v1/payments', does: "B records a payment on A's invoice", run: async () => {
      expectNotFound(await asB('POST', '/api/v1/payments', { payment: { invoice_id: a.paidInvoice, amount_cents: 1, reference: 'b' } }), 'invoice_not_found');
    } },
    { route: 'GET /api/v1/payments', does: "B lists payments, filtered on A's invoice and customer", run: async () => {
      for (const query of ['', `?invoice_id=${a.paidInvoice}`, `?external_customer_id=${a.customer}`]) expectListWithoutA(await asB('GET', `/api/v1/payments${query}`), 'payments');
    } },
    { route: 'GET /api/v1/payments/:lago_id', does: "B reads A's payment", run: async () => expectNotFound(await asB('GET', `/api/v1/payments/${a.payment}`), 'payment_not_found') },
    { route: 'POST /api/v1/credit_notes', does: "B credits A's invoice", run: async () => {
      const body = { credit_note: { invoice_id: a.paidInvoice, reason: 'other', offset_amount_cents: 1, items: [{ fee_id: a.fee, amount_cents: 1 }] } };
      expectNotFound(await asB('POST', '/api/v1/credit_notes', body), 'invoice_not_found');
    } },
    { route: 'GET /api/v1/credit_notes', does: "B lists credit notes, filtered on A's customer", run: async () => {
      for (const query of ['', `?external_customer_id=${a.customer}`]) expectListWithoutA(await asB('GET', `/api/v1/credit_notes${query}`), 'credit_notes');
    } },
    { route: 'GET /api/v1/credit_notes/:lago_id', does: "B reads A's credit note", run: async () => expectNotFound(await asB('GET', `/api/v1/credit_notes/${a.creditNote}`), 'credit_note_not_found') },
    { route: 'PUT /api/v1/credit_notes/:lago_id', does: "B sets A's refund status", run: async () => {
      expectNotFound(await asB('PUT', `/api/v1/credit_notes/${a.creditNote}`, { credit_note: { refund_status: 'succeeded' } }), 'credit_note_not_found');
    } },
    { route: 'PUT /api/v1/credit_notes/:lago_id/void', does: "B voids A's credit note", run: async () => {
      expectNotFound(await asB('PUT', `/api/v1/credit_notes/${a.creditNote}/void`), 'credit_note_not_found');
    } },
    { route: 'POST /api/v1/payment_providers', does: "B connects a provider under A's code and Idempotency-Key: B's own", run: async () => {
      const res = await asB('POST', '/api/v1/payment_providers', { payment_provider: { code: 'x_stripe', name: 'B Stripe', provider_type: 'stripe', secret_key: `sk_test_b${secret}` } }, idem('provider'));
      expect({ status: res.status, name: res.body.payment_provider?.name }).toEqual({ status: 200, name: 'B Stripe' });
      expectNoTraceOfA(res);
      // B's own connection under that code is B's: B reads, changes and removes it, never A's.
      expect((await asB('GET', '/api/v1/payment_providers/x_stripe')).body.payment_provider.name).toBe('B Stripe');
      expect((await asB('DELETE', '/api/v1/payment_providers/x_stripe')).status).toBe(200);
    } },
    { route: 'GET /api/v1/payment_providers', does: 'B lists connections', run: async () => expectListWithoutA(await asB('GET', '/api/v1/payment_providers'), 'payment_providers') },
    { route: 'GET /api/v1/payment_providers/:code', does: "B reads A's connection", run: async () => expectNotFound(await asB('GET', '/api/v1/payment_providers/x_stripe'), 'payment_provider_not_found') },
    { route: 'PUT /api/v1/payment_providers/:code', does: "B replaces A's secret key", run: async () => {
      expectNotFound(await asB('PUT', '/api/v1/payment_providers/x_stripe', { payment_provider: { secret_key: `sk_test_b${secret}`, name: 'taken' } }), 'payment_provider_not_found');
    } },
    { route: 'DELETE /api/v1/payment_providers/:code', does: "B removes A's connection", run: async () => expectNotFound(await asB('DELETE', '/api/v1/payment_providers/x_stripe'), 'payment_provider_not_found') },
    { route: 'POST /api/v1/webhook_endpoints', does: "C registers a webhook URL with A's Idempotency-Key: C's own endpoint", run: async () => {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/c`;
      const res = await asC('POST', '/api/v1/webhook_endpoints', { webhook_endpoint: { webhook_url: url } }, idem('endpoint'));
      expect({ status: res.status, url: res.body.webhook_endpoint?.webhook_url }).toEqual({ status: 200, url });
      expectNoTraceOfA(res);
    } },
    { route: 'GET /api/v1/webhook_endpoints', does: 'B lists endpoints', run: async () => expectListWithoutA(await asB('GET', '/api/v1/webhook_endpoints'), 'webhook_endpoints') },
    { route: 'GET /api/v1/webhook_endpoints/:lago_id', does: "B reads A's endpoint", run: async () => {
      expectNotFound(await asB('GET', `/api/v1/webhook_endpoints/${a.endpoint}`), 'webhook_endpoint_not_found');
    } },
    { route: 'PUT /api/v1/webhook_endpoints/:lago_id', does: "B points A's endpoint at its own URL", run: async () => {
      expectNotFound(await asB('PUT', `/api/v1/webhook_endpoints/${a.endpoint}`, { webhook_endpoint: { webhook_url: 'https://b.test/steal', signature_algo: 'jwt' } }), 'webhook_endpoint_not_found');
    } },
    { route: 'DELETE /api/v1/webhook_endpoints/:lago_id', does: "B deletes A's endpoint", run: async () => {
      expectNotFound(await asB('DELETE', `/api/v1/webhook_endpoints/${a.endpoint}`), 'webhook_endpoint_not_found');
    } },
    { route: 'GET /api/v1/webhooks', does: "B reads the webhook log, filtered on A's types", run: async () => {
      for (const query of ['', '?webhook_type=customer.created', '?status=succeeded']) expectListWithoutA(await asB('GET', `/api/v1/webhooks${query}`), 'webhooks');
    } },
    { route: 'GET /api/v1/webhooks/:lago_id', does: "B reads A's webhook and its attempts", run: async () => expectNotFound(await asB('GET', `/api/v1/webhooks/${a.webhook}`), 'webhook_not_found') },
    { route: 'POST /api/v1/webhooks/:lago_id/retry', does: "B resends A's webhook", run: async () => expectNotFound(await asB('POST', `/api/v1/webhooks/${a.webhook}/retry`), 'webhook_not_found') },
    { route: 'GET /api/v1/webhooks/hmac_key', does: 'B reads its HMAC key: not A’s', run: async () => {
      const res = await asB('GET', '/api/v1/webhooks/hmac_key');
      expect(res.status).toBe(200);
      expect(res.body.webhook.hmac_key).toMatch(/^[0-9a-f-]{36}$/);
      expectNoTraceOfA(res);
    } },
    { route: 'GET /api/v1/webhooks/public_key', does: 'B reads the deployment’s public key (one RSA key verifies every organization’s JWTs)', run: async () => {
      const [mine, theirs] = [await asB('GET', '/api/v1/webhooks/public_key'), await asA('GET', '/api/v1/webhooks/public_key')];
      expect({ status: mine.status, key: Buffer.from(mine.text, 'base64').toString('utf8') }).toEqual({ status: 200, key: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----/) });
      expect(mine.text).toBe(theirs.text);
      expectNoTraceOfA(mine);
    } },
    { route: 'GET /api/v1/webhooks/json_public_key', does: 'B reads the same public key as JSON', run: async () => {
      const res = await asB('GET', '/api/v1/webhooks/json_public_key');
      expect(res.status).toBe(200);
      expect(res.body.webhook.public_key).toBe((await asA('GET', '/api/v1/webhooks/public_key')).text);
      expectNoTraceOfA(res);
    } },
    { route: 'POST /webhooks/:provider/:organization_id', does: "C signs a Stripe event with its own secret and sends it to A's receiver; and about A's customer to its own", run: async () => {
      const stripeCustomer = (await asA('GET', '/api/v1/customers/x_synced')).body.customer.billing_configuration.provider_customer_id as string;
      const event = { type: 'setup_intent.succeeded', object: { id: 'seti_cross', object: 'setup_intent', customer: stripeCustomer, payment_method: 'pm_cross', status: 'succeeded', metadata: {} } };
      const toA = await stack.stubs.stripeEvent({ url: `${stack.gatewayUrl}/webhooks/stripe/${A.id}?code=x_stripe`, secret: `whsec_c${secret}`, ...event });
      answers.push({ who: 'C', route: 'POST /webhooks/stripe/A', text: toA.body });
      expect(toA.status).toBe(400);
      const toC = await stack.stubs.stripeEvent({ url: `${stack.gatewayUrl}/webhooks/stripe/${C.id}?code=x_stripe`, secret: `whsec_c${secret}`, ...event });
      answers.push({ who: 'C', route: 'POST /webhooks/stripe/C', text: toC.body });
      expect(toC.status).toBe(200);
      await snapshots.settle();
    } },
    { route: 'POST /api/v3/customer', does: "C creates a ChargeOver customer with A's external_key and Idempotency-Key: C's own", run: async () => {
      const res = await coC('POST', '/api/v3/customer', { company: 'C Co', external_key: 'x_co' }, idem('co-customer'));
      expect(res.status).toBe(201);
      expectNoTraceOfA(res);
    } },
    { route: 'GET /api/v3/customer', does: "B queries customers by A's external_key, company and id", run: async () => {
      for (const query of ['', '?where=external_key:EQUALS:x_co', `?where=company:CONTAINS:${a.marker}`, `?where=customer_id:EQUALS:${a.coCustomerId}`]) {
        const res = await coB('GET', `/api/v3/customer${query}`);
        expect({ status: res.status, response: res.body.response }).toEqual({ status: 200, response: [] });
        expectNoTraceOfA(res);
      }
    } },
    { route: 'GET /api/v3/customer/_count', does: "B counts customers, with A's external_key", run: async () => {
      for (const query of ['', '?where=external_key:EQUALS:x_co']) {
        const res = await coB('GET', `/api/v3/customer/_count${query}`);
        expect({ status: res.status, response: res.body.response }).toEqual({ status: 200, response: 0 });
      }
    } },
    { route: 'GET /api/v3/customer/:ref', does: "B reads A's customer by id, external_key and token", run: async () => {
      for (const ref of [a.coCustomerId, '1', 'external_key:x_co', `token:${a.coToken}`]) expectChargeOverNotFound(await coB('GET', `/api/v3/customer/${ref}`));
    } },
    { route: 'PUT /api/v3/customer/:id', does: "B renames A's customer", run: async () => expectChargeOverNotFound(await coB('PUT', `/api/v3/customer/${a.coCustomerId}`, { company: 'B took it' })) },
    { route: 'DELETE /api/v3/customer/:id', does: "B deletes A's customer", run: async () => expectChargeOverNotFound(await coB('DELETE', `/api/v3/customer/${a.coCustomerId}`)) },
  ];

  it('has a case for every route the gateway serves', () => {
    expect([...new Set(CASES.map((c) => c.route))].sort()).toEqual(gatewayRoutes());
  });

  it.each(CASES.map((c) => [c.route, c.does, c] as const))('%s: %s; nothing of A’s changes', async (_route, _does, { run }) => {
    await run();
    expect(snapshotDiff(baseline, await snapshots.take())).toEqual([]);
  });

  it('A reads back exactly what it had, once the stack is idle', async () => {
    expect(snapshotDiff(baseline, await snapshots.settle())).toEqual([]);
    expect(await readBackA()).toEqual(readBackBefore);
  });

  it('no secret is in any app log, nor in any answer but the route that serves it', async () => {
    // Failed authentications, so the wrong keys and credentials went through the guards.
    const wrong = [`wrong_${secret}`, `wrong_basic_${secret}`];
    expect((await client('B', { authorization: `Bearer ${wrong[0]}` })('GET', '/api/v1/customers')).status).toBe(401);
    expect((await client('B', { authorization: `Basic ${Buffer.from(`${B.apiKeyId}:${wrong[1]}`).toString('base64')}` })('GET', '/api/v3/customer')).status).toBe(401);
    expect((await client('B', { authorization: `Bearer ${A.apiKey}x` })('GET', '/api/v1/customers')).status).toBe(401);
    const hmac = async (who: ReturnType<typeof client>) => (await who('GET', '/api/v1/webhooks/hmac_key')).body.webhook.hmac_key as string;
    const keys = { A: a.hmacKey, B: await hmac(asB), C: await hmac(asC) };
    secrets.push(
      ...apiKeySecrets('A', A.apiKey, A.apiKeyId),
      ...apiKeySecrets('B', B.apiKey, B.apiKeyId),
      ...apiKeySecrets('C', C.apiKey, C.apiKeyId),
      ...wrong.map((value) => ({ label: 'a wrong key sent', value })),
      { label: 'a wrong Basic header sent', value: Buffer.from(`${B.apiKeyId}:${wrong[1]}`).toString('base64') },
      { label: 'the provider secrets (all carry this)', value: secret },
      { label: "A's Stripe secret key", value: `sk_test_${secret}` },
      { label: "A's Stripe webhook secret", value: `whsec_${secret}` },
      ...Object.entries(keys).map(([org, value]) => ({ label: `${org}'s webhook HMAC key`, value })),
      paymentSecretsKey(stack),
    );
    expect(secretsInLogs(stack, secrets)).toEqual([]);
    const shown = answers.flatMap(({ who, route, text }) =>
      leakedSecrets(text, secrets)
        .filter((label) => !(route.startsWith('GET /api/v1/webhooks/hmac_key') && label === `${who}'s webhook HMAC key`))
        .map((label) => `${who} ${route}: ${label}`),
    );
    expect(shown).toEqual([]);
    // The one route that serves a secret served each organization its own.
    expect(new Set(Object.values(keys)).size).toBe(3);
  });
});
