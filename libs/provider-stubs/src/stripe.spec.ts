import Stripe from 'stripe';
import { startProviderStubs } from './server';
import { stubStripe } from './testing/sdk-clients';
import { startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver';
import type { ProviderStubs } from './types';

describe('Stripe stand-in, driven by the stripe SDK', () => {
  let stubs: ProviderStubs;
  let stripe: Stripe;
  let receiver: WebhookReceiver;
  const secret = 'whsec_test_stub_secret';

  beforeAll(async () => {
    stubs = await startProviderStubs();
    stripe = stubStripe(stubs.endpoints.stripe);
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

  const customerParams: Stripe.CustomerCreateParams = {
    email: 'jane@example.test',
    name: 'Jane Doe',
    phone: '+33100000000',
    address: { city: 'Paris', country: 'FR', line1: '1 rue de la Paix', postal_code: '75002' },
    metadata: { lago_customer_id: 'c-uuid-1', customer_id: 'ext-1' },
  };

  describe('customers', () => {
    it('creates a customer with a default Visa card', async () => {
      const customer = await stripe.customers.create(customerParams);

      expect(customer.id).toMatch(/^cus_/);
      expect(customer).toMatchObject({ object: 'customer', email: 'jane@example.test', name: 'Jane Doe', metadata: customerParams.metadata, default_source: null });
      expect(customer.address).toMatchObject({ city: 'Paris', country: 'FR', line1: '1 rue de la Paix', postal_code: '75002', line2: null });
      const pmId = customer.invoice_settings.default_payment_method;
      expect(pmId).toMatch(/^pm_/);
      const pm = await stripe.paymentMethods.retrieve(String(pmId));
      expect(pm).toMatchObject({ object: 'payment_method', type: 'card', customer: customer.id, card: { last4: '4242', brand: 'visa', display_brand: 'visa', exp_month: 12, exp_year: 2030 } });
      const list = await stripe.customers.listPaymentMethods(customer.id, { limit: 10 });
      expect(list.data.map((p) => p.id)).toEqual([pmId]);
      expect((await stripe.customers.retrievePaymentMethod(customer.id, String(pmId))).id).toBe(pmId);
    });

    it('sends the form body the journal records, with the idempotency key', async () => {
      await stripe.customers.create(customerParams, { idempotencyKey: 'cust-1-1700000000' });

      const [entry] = stubs.journal({ provider: 'stripe', method: 'POST', pathPrefix: '/v1/customers' });
      expect(entry).toMatchObject({ provider: 'stripe', method: 'POST', path: '/v1/customers', status: 200, body: { email: 'jane@example.test', metadata: { lago_customer_id: 'c-uuid-1' } } });
      expect(entry.headers['idempotency-key']).toBe('cust-1-1700000000');
      expect(entry.headers['stripe-version']).toBe('2025-04-30.basil');
      expect(entry.headers.authorization).toBe('Bearer sk_test_stub');
    });

    it('replays a create with the same idempotency key and body, and rejects another body', async () => {
      const first = await stripe.customers.create(customerParams, { idempotencyKey: 'cust-1-1' });
      const again = await stripe.customers.create(customerParams, { idempotencyKey: 'cust-1-1' });

      expect(again.id).toBe(first.id);
      expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
      expect(stubs.created('stripe', 'customers')).toHaveLength(1);

      const clash = stripe.customers.create({ ...customerParams, name: 'Someone Else' }, { idempotencyKey: 'cust-1-1' });
      await expect(clash).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
      await expect(clash).rejects.toMatchObject({ type: 'StripeIdempotencyError', statusCode: 400 });
      expect(stubs.created('stripe', 'customers')).toHaveLength(1);
    });

    it('keys idempotency per API key', async () => {
      const other = stubStripe(stubs.endpoints.stripe, 'sk_test_other_account');
      const a = await stripe.customers.create(customerParams, { idempotencyKey: 'shared' });
      const b = await other.customers.create({ email: 'x@example.test' }, { idempotencyKey: 'shared' });

      expect(b.id).not.toBe(a.id);
    });

    it('lists customers by email', async () => {
      const jane = await stripe.customers.create(customerParams);
      await stripe.customers.create({ email: 'someone@example.test' });

      const found = await stripe.customers.list({ email: 'jane@example.test' });

      expect(found.data.map((c) => c.id)).toEqual([jane.id]);
      expect(found).toMatchObject({ object: 'list', has_more: false, url: '/v1/customers' });
    });

    it('updates fields, metadata and the default payment method', async () => {
      const customer = await stripe.customers.create(customerParams);
      const pm = stubs.created('stripe', 'payment_methods')[0];

      const updated = await stripe.customers.update(customer.id, { name: 'Jane D.', metadata: { customer_id: '' }, invoice_settings: { default_payment_method: pm.id } });

      expect(updated).toMatchObject({ name: 'Jane D.', metadata: { lago_customer_id: 'c-uuid-1' }, invoice_settings: { default_payment_method: pm.id } });
      expect(updated.metadata.customer_id).toBeUndefined();
    });

    it('serves a deleted customer as a stub and 404s unknown ones', async () => {
      const customer = await stripe.customers.create(customerParams);
      await stripe.customers.del(customer.id);

      expect(await stripe.customers.retrieve(customer.id)).toMatchObject({ id: customer.id, object: 'customer', deleted: true });
      await expect(stripe.customers.retrieve('cus_missing')).rejects.toMatchObject({ type: 'StripeInvalidRequestError', code: 'resource_missing', statusCode: 404 });
      await expect(stripe.customers.retrievePaymentMethod(customer.id, 'pm_missing')).rejects.toMatchObject({ code: 'resource_missing', statusCode: 404 });
    });

    it('creates funding instructions', async () => {
      const customer = await stripe.customers.create(customerParams);

      const instructions = await stripe.customers.createFundingInstructions(customer.id, {
        funding_type: 'bank_transfer',
        currency: 'eur',
        bank_transfer: { type: 'eu_bank_transfer', eu_bank_transfer: { country: 'FR' } },
      });

      expect(instructions).toMatchObject({ object: 'funding_instructions', funding_type: 'bank_transfer', currency: 'eur', bank_transfer: { type: 'eu_bank_transfer', country: 'FR' } });
    });

    it('rejects a key that is not a secret key', async () => {
      const publishable = stubStripe(stubs.endpoints.stripe, 'pk_test_nope');

      await expect(publishable.customers.create(customerParams)).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
      await expect(publishable.customers.create(customerParams)).rejects.toMatchObject({ message: 'Invalid API Key provided', statusCode: 401 });
    });
  });

  describe('payment intents', () => {
    /** Lago's charge; `payment_method_types` is still sent by Lago although the SDK's latest types dropped it. */
    const chargeParams = (customer: string, pm: string): Stripe.PaymentIntentCreateParams & { payment_method_types: string[] } => ({
      amount: 1999,
      currency: 'eur',
      customer,
      payment_method: pm,
      payment_method_types: ['card'],
      confirm: true,
      off_session: true,
      error_on_requires_action: true,
      description: 'Acme - Invoice ACME-001',
      metadata: { lago_payment_id: 'pay-1', lago_payable_id: 'inv-1', lago_payable_type: 'Invoice' },
    });

    async function customerWithCard(): Promise<{ customer: string; pm: string }> {
      const customer = await stripe.customers.create(customerParams);
      return { customer: customer.id, pm: String(customer.invoice_settings.default_payment_method) };
    }

    it('succeeds by default', async () => {
      const { customer, pm } = await customerWithCard();

      const pi = await stripe.paymentIntents.create(chargeParams(customer, pm), { idempotencyKey: 'payment-pay-1' });

      expect(pi.id).toMatch(/^pi_/);
      expect(pi).toMatchObject({ object: 'payment_intent', status: 'succeeded', amount: 1999, currency: 'eur', customer, payment_method: pm, next_action: null, last_payment_error: null });
      expect(pi.metadata).toEqual({ lago_payment_id: 'pay-1', lago_payable_id: 'inv-1', lago_payable_type: 'Invoice' });
      expect(stubs.created('stripe', 'payment_intents')).toHaveLength(1);
    });

    it.each([
      ['processing', 'processing'],
      ['requires_action', 'requires_action'],
    ] as const)('scenario %s', async (scenario, status) => {
      const { customer, pm } = await customerWithCard();
      stubs.setScenario('stripe', customer, scenario);

      const pi = await stripe.paymentIntents.create({ ...chargeParams(customer, pm), return_url: 'https://example.test/back' });

      expect(pi.status).toBe(status);
      if (scenario === 'requires_action') {
        expect(pi.next_action).toEqual({ type: 'redirect_to_url', redirect_to_url: { url: `${stubs.url}/3ds/${pi.id}`, return_url: 'https://example.test/back' } });
      }
    });

    it('declines with a StripeCardError carrying the payment intent', async () => {
      const { customer, pm } = await customerWithCard();
      stubs.setScenario('stripe', customer, 'declined');

      const error: unknown = await stripe.paymentIntents.create(chargeParams(customer, pm)).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
      const cardError = error as Stripe.errors.StripeCardError;
      expect(cardError).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
      expect(cardError.payment_intent).toMatchObject({ object: 'payment_intent', status: 'requires_payment_method', metadata: { lago_payment_id: 'pay-1' } });
      expect(stubs.created('stripe', 'payment_intents')[0]).toMatchObject({ id: cardError.payment_intent?.id, status: 'requires_payment_method', last_payment_error: { code: 'card_declined' } });
    });

    it('fails off-session 3DS with authentication_required', async () => {
      const { customer, pm } = await customerWithCard();
      stubs.setScenario('stripe', customer, 'authentication_required');

      const error: unknown = await stripe.paymentIntents.create(chargeParams(customer, pm)).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
      expect(error).toMatchObject({ code: 'authentication_required', payment_intent: { status: 'requires_payment_method' } });
    });

    it('rejects a too-small amount with an invalid request error and creates nothing', async () => {
      const { customer, pm } = await customerWithCard();
      stubs.setScenario('stripe', customer, 'amount_too_small');

      const error: unknown = await stripe.paymentIntents.create(chargeParams(customer, pm)).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(error).toMatchObject({ statusCode: 400, code: 'amount_too_small', param: 'amount' });
      expect(stubs.created('stripe', 'payment_intents')).toHaveLength(0);
    });

    it('replays a declined charge for the same key instead of charging again', async () => {
      const { customer, pm } = await customerWithCard();
      stubs.setScenario('stripe', customer, 'declined');
      const first: unknown = await stripe.paymentIntents.create(chargeParams(customer, pm), { idempotencyKey: 'payment-pay-1' }).catch((e: unknown) => e);
      stubs.setScenario('stripe', customer, 'succeeded');

      const again: unknown = await stripe.paymentIntents.create(chargeParams(customer, pm), { idempotencyKey: 'payment-pay-1' }).catch((e: unknown) => e);

      expect(again).toBeInstanceOf(Stripe.errors.StripeCardError);
      expect((again as Stripe.errors.StripeCardError).payment_intent?.id).toBe((first as Stripe.errors.StripeCardError).payment_intent?.id);
      expect(stubs.created('stripe', 'payment_intents')).toHaveLength(1);
    });

    it('rejects an unknown customer or payment method', async () => {
      await expect(stripe.paymentIntents.create(chargeParams('cus_nope', 'pm_nope'))).rejects.toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'customer' });
    });
  });

  describe('checkout sessions and webhook endpoints', () => {
    it('creates a setup checkout session whose URL is served', async () => {
      const customer = await stripe.customers.create(customerParams);

      const params: Stripe.Checkout.SessionCreateParams & { payment_method_types: string[] } = {
        mode: 'setup',
        customer: customer.id,
        success_url: 'https://stripe.com/',
        payment_method_types: ['card', 'sepa_debit'],
        consent_collection: { terms_of_service: 'required' },
      };
      const session = await stripe.checkout.sessions.create(params);

      expect(session.id).toMatch(/^cs_/);
      expect(session).toMatchObject({ object: 'checkout.session', mode: 'setup', status: 'open', url: `${stubs.url}/checkout/${session.id}` });
      const page = await fetch(String(session.url));
      expect(page.status).toBe(200);
      expect(stubs.created('stripe', 'checkout_sessions')[0].request).toMatchObject({ payment_method_types: ['card', 'sepa_debit'], consent_collection: { terms_of_service: 'required' } });
    });

    it('creates a payment-mode session with line items and expires it', async () => {
      const session = await stripe.checkout.sessions.create({
        mode: 'payment',
        success_url: 'https://example.test/ok',
        line_items: [{ quantity: 1, price_data: { currency: 'eur', unit_amount: 1000, product_data: { name: 'Invoice ACME-001' } } }],
        payment_intent_data: { metadata: { payment_type: 'one-time', lago_invoice_id: 'inv-1' }, setup_future_usage: 'off_session' },
      });

      expect(stubs.created('stripe', 'checkout_sessions')[0].request).toMatchObject({
        line_items: [{ quantity: '1', price_data: { currency: 'eur', unit_amount: '1000', product_data: { name: 'Invoice ACME-001' } } }],
        payment_intent_data: { metadata: { payment_type: 'one-time' } },
      });
      expect(await stripe.checkout.sessions.expire(session.id)).toMatchObject({ status: 'expired', url: null });
    });

    it('reveals the webhook endpoint secret on creation only', async () => {
      const endpoint = await stripe.webhookEndpoints.create({ url: 'http://lago.test/webhooks/stripe/org-1?code=stripe_1', enabled_events: ['payment_intent.succeeded', 'setup_intent.succeeded'] });

      expect(endpoint.id).toMatch(/^we_/);
      expect(endpoint.secret).toMatch(/^whsec_/);
      expect(endpoint.enabled_events).toEqual(['payment_intent.succeeded', 'setup_intent.succeeded']);
      const updated = await stripe.webhookEndpoints.update(endpoint.id, { url: 'http://lago.test/webhooks/stripe/org-1?code=renamed' });
      expect(updated.url).toBe('http://lago.test/webhooks/stripe/org-1?code=renamed');
      expect(updated.secret).toBeUndefined();
    });
  });

  describe('webhooks', () => {
    function receivedEvent(index = 0): Stripe.Event {
      const got = receiver.received[index];
      return stripe.webhooks.constructEvent(got.body, got.headers['stripe-signature'], secret);
    }

    it('sends a signed event that constructEvent accepts, exactly as reported', async () => {
      const delivery = await stubs.stripeEvent({ url: `${receiver.url}/webhooks/stripe/org-1?code=s1`, secret, type: 'customer.updated', object: { id: 'cus_1', object: 'customer' } });

      expect(delivery.status).toBe(200);
      const event = receivedEvent();
      expect(event.id).toMatch(/^evt_/);
      expect(event).toMatchObject({ object: 'event', api_version: '2025-04-30.basil', livemode: false, type: 'customer.updated', data: { object: { id: 'cus_1' } } });
      expect(receiver.received[0].path).toBe('/webhooks/stripe/org-1?code=s1');
      expect(delivery.sent.body).toBe(receiver.received[0].body);
      expect(delivery.sent.headers['stripe-signature']).toBe(receiver.received[0].headers['stripe-signature']);
      expect(() => stripe.webhooks.constructEvent(delivery.sent.body, delivery.sent.headers['stripe-signature'], 'whsec_wrong')).toThrow(Stripe.errors.StripeSignatureVerificationError);
    });

    it('reports the receiver status and body', async () => {
      receiver.reply = { status: 400, body: 'bad signature' };
      try {
        const delivery = await stubs.stripeEvent({ url: receiver.url, secret, type: 'ping', object: {} });
        expect(delivery).toMatchObject({ status: 400, body: 'bad signature' });
      } finally {
        receiver.reply = { status: 200, body: '' };
      }
    });

    it.each([
      ['succeeded', 'succeeded'],
      ['payment_failed', 'requires_payment_method'],
      ['canceled', 'canceled'],
    ] as const)('completes a processing payment intent: %s', async (outcome, status) => {
      const customer = await stripe.customers.create(customerParams);
      stubs.setScenario('stripe', customer.id, 'processing');
      const pi = await stripe.paymentIntents.create({ amount: 500, currency: 'eur', customer: customer.id, confirm: true, metadata: { lago_payable_type: 'PaymentRequest', lago_payable_id: 'pr-1' } });

      await stubs.completeStripePaymentIntent({ url: receiver.url, secret, paymentIntentId: pi.id, outcome });

      const event = receivedEvent();
      expect(event.type).toBe(`payment_intent.${outcome}`);
      const sent = event.data.object as Stripe.PaymentIntent;
      expect(sent).toMatchObject({ id: pi.id, status, metadata: { lago_payable_type: 'PaymentRequest', lago_payable_id: 'pr-1' }, payment_method: pi.payment_method });
      if (outcome === 'payment_failed') expect(sent.last_payment_error?.code).toBe('card_declined');
      expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe(status);
    });

    it('completes a setup with a new card for the customer', async () => {
      const customer = await stripe.customers.create(customerParams);

      await stubs.completeStripeSetup({ url: receiver.url, secret, customerId: customer.id });

      const event = receivedEvent();
      expect(event.type).toBe('setup_intent.succeeded');
      const seti = event.data.object as Stripe.SetupIntent;
      expect(seti).toMatchObject({ object: 'setup_intent', customer: customer.id, status: 'succeeded' });
      expect(seti.id).toMatch(/^seti_/);
      const pm = await stripe.paymentMethods.retrieve(String(seti.payment_method));
      expect(pm.customer).toBe(customer.id);
      expect(pm.id).not.toBe(customer.invoice_settings.default_payment_method);
    });

    it('refuses to complete an unknown payment intent', async () => {
      await expect(stubs.completeStripePaymentIntent({ url: receiver.url, secret, paymentIntentId: 'pi_missing', outcome: 'succeeded' })).rejects.toThrow(/no Stripe payment intent/);
    });
  });
});
