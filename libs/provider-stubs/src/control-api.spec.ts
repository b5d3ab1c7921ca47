import Stripe from 'stripe';
import { startProviderStubs } from './server';
import { stubStripe } from './testing/sdk-clients';
import { startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver';
import type { JournalEntry, ProviderStubs, WebhookDelivery } from './types';

describe('control HTTP API (/__stub)', () => {
  let stubs: ProviderStubs;
  let stripe: Stripe;
  let receiver: WebhookReceiver;
  const secret = 'whsec_control';
  const hmacKey = 'AB'.repeat(32);

  beforeAll(async () => {
    stubs = await startProviderStubs();
    stripe = stubStripe(stubs.endpoints.stripe);
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    await stubs.close();
    await receiver.close();
  });

  beforeEach(async () => {
    await control('POST', '/reset');
    receiver.received.length = 0;
  });

  async function control(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`${stubs.url}/__stub${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: await response.json() };
  }

  it('sets scenarios', async () => {
    const customer = await stripe.customers.create({ email: 'a@example.test' });

    expect(await control('POST', '/scenarios', { provider: 'stripe', customer: customer.id, outcome: 'declined' })).toEqual({ status: 200, json: { ok: true } });

    await expect(stripe.paymentIntents.create({ amount: 100, currency: 'eur', customer: customer.id, confirm: true })).rejects.toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((await control('POST', '/scenarios', { provider: 'stripe', customer: customer.id, outcome: 'Refused' })).status).toBe(400);
  });

  it('queues faults and clears them', async () => {
    expect((await control('POST', '/faults', { provider: 'stripe', kind: 'status', status: 503, times: 5 })).status).toBe(201);
    await expect(stripe.customers.create({ email: 'a@example.test' })).rejects.toMatchObject({ statusCode: 503 });

    expect((await control('DELETE', '/faults')).status).toBe(200);
    await expect(stripe.customers.create({ email: 'a@example.test' })).resolves.toMatchObject({ email: 'a@example.test' });
    expect(await control('POST', '/faults', { provider: 'stripe', kind: 'explode' })).toMatchObject({ status: 400, json: { error: expect.stringMatching(/kind/) } });
  });

  it('serves the filtered journal and created objects', async () => {
    await stripe.customers.create({ email: 'a@example.test' });
    await stripe.customers.list({ email: 'a@example.test' });

    const journal = await control('GET', '/journal?provider=stripe&method=POST&pathPrefix=/v1/customers');
    const created = await control('GET', '/created/stripe/customers');

    expect((journal.json as JournalEntry[]).map((e) => [e.method, e.path, e.status])).toEqual([['POST', '/v1/customers', 200]]);
    expect(created.json).toMatchObject([{ object: 'customer', email: 'a@example.test' }]);
    expect((await control('GET', '/created/stripe/nothing')).status).toBe(404);
    expect((await control('GET', '/created/paypal/customers')).status).toBe(404);
  });

  it('resets everything', async () => {
    await stripe.customers.create({ email: 'a@example.test' });

    await control('POST', '/reset');

    expect((await control('GET', '/journal')).json).toEqual([]);
    expect((await control('GET', '/created/stripe/customers')).json).toEqual([]);
  });

  it('completes a Stripe payment intent', async () => {
    const customer = await stripe.customers.create({ email: 'a@example.test' });
    await control('POST', '/scenarios', { provider: 'stripe', customer: customer.id, outcome: 'processing' });
    const pi = await stripe.paymentIntents.create({ amount: 100, currency: 'eur', customer: customer.id, confirm: true, metadata: { lago_payable_type: 'Invoice' } });

    const { status, json } = await control('POST', '/complete_stripe_payment_intent', { url: receiver.url, secret, paymentIntentId: pi.id, outcome: 'succeeded' });

    expect(status).toBe(200);
    const delivery = json as WebhookDelivery;
    expect(delivery.status).toBe(200);
    const event = stripe.webhooks.constructEvent(delivery.sent.body, delivery.sent.headers['stripe-signature'], secret);
    expect(event).toMatchObject({ type: 'payment_intent.succeeded', data: { object: { id: pi.id, status: 'succeeded', metadata: { lago_payable_type: 'Invoice' } } } });
  });

  it('runs the other webhook operations by their snake_case names', async () => {
    const customer = await stripe.customers.create({ email: 'a@example.test' });
    const link = await fetch(`${stubs.endpoints.adyen}/v71/paymentLinks`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify({ amount: { value: 0, currency: 'EUR' }, merchantAccount: 'M', reference: 'authorization customer ext-9', shopperReference: 'ext-9' }),
    }).then((r) => r.json() as Promise<{ id: string }>);

    const calls: Array<[string, unknown]> = [
      ['/stripe_event', { url: receiver.url, secret, type: 'customer.updated', object: { id: customer.id, object: 'customer' } }],
      ['/complete_stripe_setup', { url: receiver.url, secret, customerId: customer.id }],
      ['/complete_adyen_payment_link', { url: receiver.url, hmacKey, paymentLinkId: link.id }],
      [
        '/adyen_notify',
        {
          url: receiver.url,
          hmacKey,
          item: { pspReference: 'P1', merchantAccountCode: 'M', merchantReference: 'r', amount: { value: 1, currency: 'EUR' }, eventCode: 'REFUND', success: 'true' },
        },
      ],
      ['/gocardless_events', { url: receiver.url, secret, events: [{ resource_type: 'payments', action: 'paid_out', links: { payment: 'PM1' } }] }],
    ];
    for (const [path, body] of calls) expect([path, (await control('POST', path, body)).status]).toEqual([path, 200]);

    expect(receiver.received).toHaveLength(calls.length);
    expect(await control('GET', '/created/adyen/stored_payment_methods')).toMatchObject({ json: [{ shopperReference: 'ext-9' }] });
  });

  it('answers 400 for bad arguments, 404 for unknown objects and routes, 502 for an unreachable receiver', async () => {
    expect((await control('POST', '/complete_stripe_payment_intent', { url: receiver.url, secret })).status).toBe(400);
    expect((await control('POST', '/complete_gocardless_flow', { url: receiver.url, secret, billingRequestFlowId: 'BRF404' })).status).toBe(404);
    expect((await control('POST', '/gocardless_payment_action', { url: receiver.url, secret, paymentId: 'PM1', action: 'exploded' })).status).toBe(400);
    expect((await control('POST', '/no_such_operation', {})).status).toBe(404);
    const unreachable = await control('POST', '/stripe_event', { url: 'http://127.0.0.1:1/webhooks', secret, type: 'ping', object: {} });
    expect(unreachable).toMatchObject({ status: 502, json: { error: expect.stringMatching(/webhook delivery failed/) } });
  });

  it('does not journal control requests', async () => {
    await control('GET', '/journal');

    expect(stubs.journal()).toEqual([]);
  });
});
