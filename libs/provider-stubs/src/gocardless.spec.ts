import { type GoCardlessClient, InvalidSignatureError, parse, ValidationFailedError } from 'gocardless-nodejs';
import { startProviderStubs } from './server';
import { stubGoCardless } from './testing/sdk-clients';
import { startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver';
import type { ProviderStubs } from './types';

describe('GoCardless stand-in, driven by gocardless-nodejs', () => {
  let stubs: ProviderStubs;
  let client: GoCardlessClient;
  let receiver: WebhookReceiver;
  const secret = 'gc_webhook_secret_generated_by_lago';

  beforeAll(async () => {
    stubs = await startProviderStubs();
    client = stubGoCardless(stubs.endpoints);
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    await stubs.close();
    await receiver.close();
  });

  beforeEach(() => {
    stubs.reset();
    receiver.received.length = 0;
  });

  function receivedEvents(index = 0) {
    const got = receiver.received[index];
    return parse(got.body, secret, got.headers['webhook-signature']);
  }

  /** Customer → billing request → flow → completed flow: a customer with an active mandate. */
  async function customerWithMandate(): Promise<{ customer: string; mandate: string }> {
    const customer = await client.customers.create({ email: 'jane@example.test', given_name: 'Jane', family_name: 'Doe', company_name: 'Acme' });
    const billingRequest = await client.billingRequests.create({ mandate_request: { scheme: 'bacs' }, links: { customer: customer.id } });
    const flow = await client.billingRequestFlows.create({ redirect_uri: 'https://gocardless.com/', exit_uri: 'https://gocardless.com/', links: { billing_request: String(billingRequest.id) } });
    await stubs.completeGoCardlessFlow({ url: receiver.url, secret, billingRequestFlowId: String(flow.id) });
    const [event] = receivedEvents(receiver.received.length - 1);
    return { customer: String(customer.id), mandate: String(event.links?.mandate) };
  }

  it('creates and fetches a customer, wrapped in the resource key', async () => {
    const customer = await client.customers.create({ email: 'jane@example.test', given_name: 'Jane', family_name: 'Doe', company_name: 'Acme' });

    expect(customer.id).toMatch(/^CU[A-Z0-9]+$/);
    expect(customer).toMatchObject({ email: 'jane@example.test', given_name: 'Jane', family_name: 'Doe', company_name: 'Acme', metadata: {} });
    expect((await client.customers.find(String(customer.id))).email).toBe('jane@example.test');
    const [entry] = stubs.journal({ provider: 'gocardless', method: 'POST' });
    expect(entry).toMatchObject({ path: '/gocardless/customers', status: 201, body: { customers: { email: 'jane@example.test' } } });
    expect(entry.headers['gocardless-version']).toBe('2015-07-06');
    expect(entry.headers.authorization).toBe('Bearer sandbox_token');
    expect(entry.headers['idempotency-key']).toBeTruthy();
  });

  it('creates a billing request and a flow whose authorisation URL is served', async () => {
    const customer = await client.customers.create({ email: 'jane@example.test' });

    const billingRequest = await client.billingRequests.create({ mandate_request: { scheme: 'bacs' }, links: { customer: customer.id } });
    const flow = await client.billingRequestFlows.create({ redirect_uri: 'https://gocardless.com/', exit_uri: 'https://gocardless.com/', links: { billing_request: String(billingRequest.id) } });

    expect(billingRequest.id).toMatch(/^BRQ/);
    expect(billingRequest).toMatchObject({ status: 'pending', mandate_request: { scheme: 'bacs' }, links: { customer: customer.id } });
    expect(flow.id).toMatch(/^BRF/);
    expect(flow).toMatchObject({ authorisation_url: `${stubs.url}/flow/${flow.id}`, links: { billing_request: billingRequest.id } });
    expect((await fetch(String(flow.authorisation_url))).status).toBe(200);
  });

  it('completes a flow: an active bacs mandate and a signed mandates/created event', async () => {
    const { customer, mandate } = await customerWithMandate();

    const [event] = receivedEvents();
    expect(event).toMatchObject({ resource_type: 'mandates', action: 'created', links: { mandate, customer } });
    expect(event.id).toMatch(/^EV/);
    expect(JSON.parse(receiver.received[0].body)).toMatchObject({ meta: { webhook_id: expect.stringMatching(/^WB/) } });
    expect(await client.mandates.find(mandate)).toMatchObject({ id: mandate, status: 'active', scheme: 'bacs', links: { customer, creditor: expect.stringMatching(/^CR/) } });
    expect(() => parse(receiver.received[0].body, 'wrong', receiver.received[0].headers['webhook-signature'])).toThrow(InvalidSignatureError as unknown as new () => Error);
  });

  it('lists mandates by customer and comma-separated statuses', async () => {
    const { customer, mandate } = await customerWithMandate();
    await customerWithMandate();

    const listed = await client.mandates.list({ customer, status: ['pending_customer_approval', 'pending_submission', 'submitted', 'active'] });
    const none = await client.mandates.list({ customer, status: ['cancelled'] });
    const unknown = await client.mandates.list({ customer: 'CU000000000000' });

    expect(listed.mandates.map((m) => m.id)).toEqual([mandate]);
    expect(listed.meta).toEqual({ cursors: { before: null, after: null }, limit: 50 });
    expect(none.mandates).toEqual([]);
    expect(unknown.mandates).toEqual([]);
    expect(stubs.journal({ provider: 'gocardless', method: 'GET', pathPrefix: '/mandates' })[0].query).toEqual({
      customer,
      status: 'pending_customer_approval,pending_submission,submitted,active',
    });
  });

  describe('payments', () => {
    const metadata = { lago_customer_id: 'c-1', lago_payable_id: 'pr-1', lago_payable_type: 'PaymentRequest' };

    it('creates a pending_submission payment', async () => {
      const { mandate } = await customerWithMandate();

      const payment = await client.payments.create({ amount: 1250, currency: 'GBP', retry_if_possible: false, metadata, links: { mandate } }, 'payment-pay-1');

      expect(payment.id).toMatch(/^PM/);
      expect(payment).toMatchObject({ status: 'pending_submission', amount: 1250, currency: 'GBP', retry_if_possible: false, metadata, links: { mandate, creditor: expect.stringMatching(/^CR/) } });
      expect(payment.charge_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(await client.payments.find(String(payment.id))).toMatchObject({ id: payment.id, status: 'pending_submission' });
    });

    it('replays the same key and body without a second payment', async () => {
      const { mandate } = await customerWithMandate();
      const params = { amount: 1250, currency: 'GBP' as const, retry_if_possible: false, metadata, links: { mandate } };

      const first = await client.payments.create(params, 'payment-pay-1');
      const again = await client.payments.create(params, 'payment-pay-1');

      expect(again.id).toBe(first.id);
      expect(stubs.created('gocardless', 'payments')).toHaveLength(1);
    });

    it('answers 409 idempotent_creation_conflict for another body, which the SDK resolves by GET', async () => {
      const { mandate } = await customerWithMandate();
      const first = await client.payments.create({ amount: 1250, currency: 'GBP', metadata, links: { mandate } }, 'payment-pay-1');

      const recovered = await client.payments.create({ amount: 9999, currency: 'GBP', metadata, links: { mandate } }, 'payment-pay-1');

      expect(recovered).toMatchObject({ id: first.id, amount: 1250 });
      const calls = stubs.journal({ provider: 'gocardless', pathPrefix: '/payments' });
      expect(calls.map((c) => [c.method, c.path, c.status])).toEqual([
        ['POST', '/gocardless/payments', 201],
        ['POST', '/gocardless/payments', 409],
        ['GET', `/gocardless/payments/${first.id}`, 200],
      ]);
      expect(stubs.created('gocardless', 'payments')).toHaveLength(1);
    });

    it('recovers a customer create conflict the same way', async () => {
      const first = await client.customers.create({ email: 'a@example.test' }, 'cust-key');

      const recovered = await client.customers.create({ email: 'b@example.test' }, 'cust-key');

      expect(recovered).toMatchObject({ id: first.id, email: 'a@example.test' });
    });

    it('fails validation for the validation_failed scenario', async () => {
      const { customer, mandate } = await customerWithMandate();
      stubs.setScenario('gocardless', customer, 'validation_failed');

      const error: unknown = await client.payments.create({ amount: 1250, currency: 'GBP', metadata, links: { mandate } }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ValidationFailedError);
      expect(error).toMatchObject({ code: 422, errors: [{ field: 'links[mandate]' }] });
      expect(stubs.created('gocardless', 'payments')).toHaveLength(0);
    });

    it('rejects an unknown mandate', async () => {
      const error: unknown = await client.payments.create({ amount: 1250, currency: 'GBP', links: { mandate: 'MD000000000000' } }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ValidationFailedError);
      expect(error).toMatchObject({ code: 422, errors: [{ field: 'links[mandate]' }] });
    });

    it.each(['paid_out', 'failed', 'cancelled', 'customer_approval_denied', 'charged_back', 'confirmed'] as const)('reports the %s action with the payment metadata', async (action) => {
      const { mandate } = await customerWithMandate();
      const payment = await client.payments.create({ amount: 1250, currency: 'GBP', metadata, links: { mandate } });
      receiver.received.length = 0;

      await stubs.gocardlessPaymentAction({ url: receiver.url, secret, paymentId: String(payment.id), action });

      const [event] = receivedEvents();
      expect(event).toMatchObject({ resource_type: 'payments', action, links: { payment: payment.id }, details: { origin: 'gocardless' }, metadata });
      expect(event.details?.cause).toBeTruthy();
      expect((await client.payments.find(String(payment.id))).status).toBe(action);
    });

    it('passes a given cause and description through', async () => {
      const { mandate } = await customerWithMandate();
      const payment = await client.payments.create({ amount: 1250, currency: 'GBP', metadata, links: { mandate } });
      receiver.received.length = 0;

      await stubs.gocardlessPaymentAction({ url: receiver.url, secret, paymentId: String(payment.id), action: 'failed', cause: 'refer_to_payer', description: 'Refer to payer.' });

      expect(receivedEvents()[0].details).toEqual({ origin: 'gocardless', cause: 'refer_to_payer', description: 'Refer to payer.' });
    });
  });

  it('sends a batch of events with gocardlessEvents', async () => {
    const delivery = await stubs.gocardlessEvents({
      url: receiver.url,
      secret,
      events: [
        { resource_type: 'mandates', action: 'cancelled', links: { mandate: 'MD1' }, details: { origin: 'api', cause: 'mandate_cancelled', description: 'Cancelled.' } },
        { resource_type: 'refunds', action: 'paid', links: { refund: 'RF1' } },
      ],
    });

    expect(delivery.sent.headers['webhook-signature']).toBe(receiver.received[0].headers['webhook-signature']);
    const events = receivedEvents();
    expect(events.map((e) => [e.resource_type, e.action])).toEqual([
      ['mandates', 'cancelled'],
      ['refunds', 'paid'],
    ]);
    expect(events[1]).toMatchObject({ id: expect.stringMatching(/^EV/), links: { refund: 'RF1' }, metadata: {} });
  });

  it('rejects a missing token and a missing GoCardless-Version header', async () => {
    const noAuth = await fetch(`${stubs.endpoints.gocardless}/customers/CU1`, { headers: { 'gocardless-version': '2015-07-06' } });
    const noVersion = await fetch(`${stubs.endpoints.gocardless}/customers/CU1`, { headers: { authorization: 'Bearer t' } });

    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toMatchObject({ error: { type: 'invalid_api_usage', code: 401, errors: [{ reason: 'authentication_failed' }] } });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ error: { errors: [{ reason: 'missing_version_header' }] } });
  });
});
