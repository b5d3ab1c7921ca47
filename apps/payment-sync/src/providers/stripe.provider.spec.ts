import { type ProviderStubs, signStripe, startProviderStubs } from '@app/provider-stubs';
import {
  type ChargeInput,
  InvalidWebhookSignatureError,
  type ProviderCredentials,
  type ProviderCustomerInput,
  ProviderRefusedError,
  ProviderUnavailableError,
} from './payment-provider';
import { StripeProvider, stripeHostOptions, stripeSessionFlags, stripeSetupMethods } from './stripe.provider';

const credentials: ProviderCredentials = {
  type: 'stripe',
  secrets: { secret_key: 'sk_test_51lagoSecretKey', webhook_secret: 'whsec_testSigningSecret' },
  settings: {},
  successRedirectUrl: 'https://app.example.test/billing/done',
};

const customer: ProviderCustomerInput = {
  lagoCustomerId: '5b0c8a1e-1111-4a4a-9c9c-000000000001',
  externalId: 'ext-ada-42',
  name: null,
  firstname: 'Ada',
  lastname: 'Lovelace',
  email: ' ada@example.test , ops@example.test',
  phone: '+33100000000',
  address: { line1: '1 rue de la Paix', line2: null, city: 'Paris', zipcode: '75002', state: '', country: 'FR' },
  currency: 'EUR',
  paymentMethods: ['card', 'sepa_debit', 'crypto'],
};

function chargeInput(providerCustomerId: string, overrides: Partial<ChargeInput> = {}): ChargeInput {
  return {
    paymentId: '0d9a3c52-2222-4b4b-8d8d-000000000002',
    amountCents: 1999,
    currency: 'EUR',
    providerCustomerId,
    reference: 'Acme SAS - Overdue invoices: ACM-2026-000042',
    metadata: { lago_customer_id: customer.lagoCustomerId, lago_payable_id: 'pr-1', lago_payable_type: 'PaymentRequest' },
    email: 'ada@example.test',
    country: 'FR',
    paymentMethodId: null,
    paymentMethods: ['card'],
    onSession: false,
    ...overrides,
  };
}

describe('StripeProvider pure parts', () => {
  it('keeps only the chosen methods that need a setup session', () => {
    expect(stripeSetupMethods(['crypto', 'card', 'customer_balance', 'link', 'boleto'])).toEqual(['card', 'link', 'boleto']);
    expect(stripeSetupMethods(['crypto', 'customer_balance'])).toEqual([]);
  });

  it('charges off-session except for India, and drops both flags on-session', () => {
    expect(stripeSessionFlags({ country: 'FR', onSession: false })).toEqual({ off_session: true, error_on_requires_action: true });
    expect(stripeSessionFlags({ country: 'in', onSession: false })).toEqual({ off_session: false, error_on_requires_action: false });
    expect(stripeSessionFlags({ country: 'FR', onSession: true })).toEqual({});
  });

  it('reads host, port and protocol of a stand-in URL and refuses a path', () => {
    expect(stripeHostOptions('http://127.0.0.1:12111')).toEqual({ host: '127.0.0.1', port: 12111, protocol: 'http' });
    expect(stripeHostOptions('https://stripe.internal/')).toEqual({ host: 'stripe.internal', port: 443, protocol: 'https' });
    expect(() => stripeHostOptions('http://127.0.0.1:12111/stripe')).toThrow(/must not have a path/);
  });
});

describe('StripeProvider against the Stripe stand-in', () => {
  let stubs: ProviderStubs;
  let stripe: StripeProvider;
  let sink: string;

  beforeAll(async () => {
    stubs = await startProviderStubs();
    stripe = new StripeProvider({ stripe: stubs.endpoints.stripe, timeoutMs: 2000 });
    sink = `${stubs.url}/webhook-sink`;
  });
  afterAll(() => stubs.close());
  beforeEach(() => stubs.reset());

  /** A customer created through the adapter (the stand-in gives it a default card). */
  async function createdCustomer(): Promise<string> {
    const result = await stripe.createCustomer(credentials, { ...customer, paymentMethods: ['crypto'] }, 'seed-key');
    return result.providerCustomerId as string;
  }

  describe('createCustomer', () => {
    it('posts the customer with Lago fields and the idempotency key, then a setup checkout session', async () => {
      const result = await stripe.createCustomer(credentials, customer, 'lago-cus-1-1763700000');

      const [created] = stubs.journal({ provider: 'stripe', method: 'POST', pathPrefix: '/v1/customers' });
      expect(created.body).toEqual({
        address: { city: 'Paris', country: 'FR', line1: '1 rue de la Paix', postal_code: '75002' },
        email: 'ada@example.test',
        name: 'Ada Lovelace',
        phone: '+33100000000',
        metadata: { lago_customer_id: customer.lagoCustomerId, customer_id: 'ext-ada-42' },
      });
      expect(created.headers['idempotency-key']).toBe('lago-cus-1-1763700000');
      expect(created.headers['stripe-version']).toBe('2025-04-30.basil');
      expect(created.headers.authorization).toBe(`Bearer ${credentials.secrets.secret_key}`);

      const [cus] = stubs.created('stripe', 'customers');
      expect(result.providerCustomerId).toBe(cus.id);
      const [session] = stubs.journal({ provider: 'stripe', method: 'POST', pathPrefix: '/v1/checkout/sessions' });
      expect(session.body).toEqual({ mode: 'setup', success_url: credentials.successRedirectUrl, payment_method_types: ['card', 'sepa_debit'], customer: cus.id });
      expect(result.checkoutUrl).toBe(stubs.created('stripe', 'checkout_sessions')[0].url);
      expect(result.checkoutUrl).toMatch(/\/checkout\/cs_test_/);
    });

    it('creates no checkout session when no chosen method needs setup, and defaults the success URL', async () => {
      const result = await stripe.createCustomer({ ...credentials, successRedirectUrl: null }, { ...customer, paymentMethods: ['customer_balance'] }, 'k-2');
      expect(result.checkoutUrl).toBeNull();
      expect(stubs.journal({ provider: 'stripe', pathPrefix: '/v1/checkout' })).toHaveLength(0);
      expect(await stripe.checkoutUrl({ ...credentials, successRedirectUrl: null }, customer, result.providerCustomerId as string)).toMatch(/\/checkout\//);
      expect(stubs.journal({ provider: 'stripe', pathPrefix: '/v1/checkout/sessions' })[0].body).toMatchObject({ success_url: 'https://stripe.com/' });
    });

    it('on an idempotency clash uses the one customer with that email', async () => {
      const first = await stripe.createCustomer(credentials, customer, 'same-key');
      const second = await stripe.createCustomer(credentials, { ...customer, phone: '+33199999999' }, 'same-key');
      expect(second.providerCustomerId).toBe(first.providerCustomerId);
      const [lookup] = stubs.journal({ provider: 'stripe', method: 'GET', pathPrefix: '/v1/customers' });
      expect(lookup.query).toEqual({ email: 'ada@example.test' });
      expect(stubs.created('stripe', 'customers')).toHaveLength(1);
    });

    it('refuses on an idempotency clash when the email does not name exactly one customer', async () => {
      await stripe.createCustomer(credentials, customer, 'other-key');
      await stripe.createCustomer(credentials, customer, 'same-key');
      const clash = stripe.createCustomer(credentials, { ...customer, phone: '+33199999999' }, 'same-key');
      await expect(clash).rejects.toBeInstanceOf(ProviderRefusedError);
    });

    it('throws ProviderRefusedError with Stripe code for a refusal and keeps the key out of the message', async () => {
      const error = await stripe.createCustomer({ ...credentials, secrets: { ...credentials.secrets, secret_key: 'rk_live_notAStripeSecret' } }, customer, 'k').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderRefusedError);
      expect((error as ProviderRefusedError).httpStatus).toBe(401);
      expect((error as Error).message).not.toContain('rk_live_notAStripeSecret');
    });

    it('throws ProviderUnavailableError on a 500, and still on a reset connection that the SDK retried once', async () => {
      stubs.addFault({ provider: 'stripe', method: 'POST', pathPrefix: '/v1/customers', kind: 'status', status: 500 });
      await expect(stripe.createCustomer(credentials, customer, 'k')).rejects.toBeInstanceOf(ProviderUnavailableError);
      stubs.addFault({ provider: 'stripe', method: 'POST', pathPrefix: '/v1/customers', kind: 'reset', times: 2 });
      await expect(stripe.createCustomer(credentials, customer, 'k')).rejects.toBeInstanceOf(ProviderUnavailableError);
      expect(stubs.created('stripe', 'customers')).toHaveLength(0);
    });

    it('returns the customer without a link when only the checkout session is refused, but throws when it is down', async () => {
      stubs.addFault({ provider: 'stripe', pathPrefix: '/v1/checkout/sessions', kind: 'status', status: 400 });
      const refused = await stripe.createCustomer(credentials, customer, 'k-a');
      expect(refused.providerCustomerId).toMatch(/^cus_/);
      expect(refused.checkoutUrl).toBeNull();
      stubs.addFault({ provider: 'stripe', pathPrefix: '/v1/checkout/sessions', kind: 'status', status: 503 });
      await expect(stripe.createCustomer(credentials, customer, 'k-b')).rejects.toBeInstanceOf(ProviderUnavailableError);
    });
  });

  describe('charge', () => {
    it('reads the customer, checks its default method and confirms an off-session intent with Lago metadata', async () => {
      const cus = await createdCustomer();
      const [defaultPm] = stubs.created('stripe', 'payment_methods');
      const result = await stripe.charge(credentials, chargeInput(cus));

      const [pi] = stubs.created('stripe', 'payment_intents');
      expect(result).toEqual({
        providerPaymentId: pi.id,
        status: 'succeeded',
        payableStatus: 'succeeded',
        nextAction: null,
        error: null,
        keepPayablePending: false,
        paymentMethodId: defaultPm.id,
      });
      const calls = stubs.journal({ provider: 'stripe' }).slice(1).map((e) => `${e.method} ${e.path}`);
      expect(calls).toEqual([`GET /v1/customers/${cus}`, `GET /v1/customers/${cus}/payment_methods/${defaultPm.id}`, 'POST /v1/payment_intents']);
      const [intent] = stubs.journal({ provider: 'stripe', pathPrefix: '/v1/payment_intents' });
      expect(intent.headers['idempotency-key']).toBe('payment-0d9a3c52-2222-4b4b-8d8d-000000000002');
      expect(intent.body).toEqual({
        amount: '1999',
        currency: 'eur',
        customer: cus,
        payment_method_types: ['card'],
        payment_method: defaultPm.id,
        confirm: 'true',
        off_session: 'true',
        error_on_requires_action: 'true',
        return_url: credentials.successRedirectUrl,
        description: 'Acme SAS - Overdue invoices: ACM-2026-000042',
        metadata: {
          lago_customer_id: customer.lagoCustomerId,
          lago_payable_id: 'pr-1',
          lago_payable_type: 'PaymentRequest',
          lago_payment_id: '0d9a3c52-2222-4b4b-8d8d-000000000002',
        },
      });
    });

    it('replays the same intent for the same payment id (idempotency key payment-<id>)', async () => {
      const cus = await createdCustomer();
      const first = await stripe.charge(credentials, chargeInput(cus));
      const again = await stripe.charge(credentials, chargeInput(cus));
      expect(again.providerPaymentId).toBe(first.providerPaymentId);
      expect(stubs.created('stripe', 'payment_intents')).toHaveLength(1);
    });

    it('keeps the payable pending on an idempotency error (same key, other amount)', async () => {
      const cus = await createdCustomer();
      await stripe.charge(credentials, chargeInput(cus));
      const result = await stripe.charge(credentials, chargeInput(cus, { amountCents: 2500 }));
      expect(result).toMatchObject({ providerPaymentId: null, status: 'failed', payableStatus: 'failed', keepPayablePending: true });
      expect(result.error?.message).toMatch(/idempotent requests/);
    });

    it('drops a known method Stripe no longer has and charges the first listed one', async () => {
      const cus = await createdCustomer();
      const [listed] = stubs.created('stripe', 'payment_methods');
      const result = await stripe.charge(credentials, chargeInput(cus, { paymentMethodId: 'pm_gone' }));
      expect(result.paymentMethodId).toBe(listed.id);
      const calls = stubs.journal({ provider: 'stripe', method: 'GET' }).map((e) => e.path);
      expect(calls).toEqual([`/v1/customers/${cus}`, `/v1/customers/${cus}/payment_methods/pm_gone`, `/v1/customers/${cus}/payment_methods`]);
      expect(stubs.journal({ provider: 'stripe', pathPrefix: '/v1/payment_intents' })[0].body).toMatchObject({ payment_method: listed.id });
    });

    it('maps a card decline to a failed payment with the intent id and Stripe code', async () => {
      const cus = await createdCustomer();
      stubs.setScenario('stripe', cus, 'declined');
      const result = await stripe.charge(credentials, chargeInput(cus));
      const [pi] = stubs.created('stripe', 'payment_intents');
      expect(result).toMatchObject({
        providerPaymentId: pi.id,
        status: 'failed',
        payableStatus: 'failed',
        error: { message: 'Your card was declined.', code: 'card_declined' },
        keepPayablePending: false,
      });
    });

    it('keeps the payable pending for amount_too_small', async () => {
      const cus = await createdCustomer();
      stubs.setScenario('stripe', cus, 'amount_too_small');
      const result = await stripe.charge(credentials, chargeInput(cus, { amountCents: 10 }));
      expect(result).toMatchObject({ providerPaymentId: null, payableStatus: 'failed', keepPayablePending: true, error: { code: 'amount_too_small' } });
    });

    it('reports a processing intent as processing', async () => {
      const cus = await createdCustomer();
      stubs.setScenario('stripe', cus, 'processing');
      expect(await stripe.charge(credentials, chargeInput(cus))).toMatchObject({ status: 'processing', payableStatus: 'processing', error: null });
    });

    it('charges on-session without the off-session flags and returns next_action for requires_action', async () => {
      const cus = await createdCustomer();
      stubs.setScenario('stripe', cus, 'requires_action');
      const result = await stripe.charge(credentials, chargeInput(cus, { onSession: true }));
      expect(result.status).toBe('requires_action');
      expect(result.payableStatus).toBe('processing');
      expect(result.nextAction).toEqual({ type: 'redirect_to_url', redirect_to_url: { url: expect.stringContaining('/3ds/pi_'), return_url: credentials.successRedirectUrl } });
      const [intent] = stubs.journal({ provider: 'stripe', pathPrefix: '/v1/payment_intents' });
      expect(intent.body).not.toHaveProperty('off_session');
      expect(intent.body).not.toHaveProperty('error_on_requires_action');
    });

    it('sends off_session=false for a customer in India', async () => {
      const cus = await createdCustomer();
      await stripe.charge(credentials, chargeInput(cus, { country: 'IN' }));
      expect(stubs.journal({ provider: 'stripe', pathPrefix: '/v1/payment_intents' })[0].body).toMatchObject({ off_session: 'false', error_on_requires_action: 'false' });
    });

    it('throws ProviderUnavailableError on a 500, a 429, a hung response past the timeout and reset connections', async () => {
      const cus = await createdCustomer();
      stubs.addFault({ provider: 'stripe', pathPrefix: '/v1/payment_intents', kind: 'status', status: 500 });
      await expect(stripe.charge(credentials, chargeInput(cus))).rejects.toBeInstanceOf(ProviderUnavailableError);
      stubs.addFault({ provider: 'stripe', pathPrefix: '/v1/payment_intents', kind: 'status', status: 429 });
      await expect(stripe.charge(credentials, chargeInput(cus))).rejects.toBeInstanceOf(ProviderUnavailableError);
      stubs.addFault({ provider: 'stripe', pathPrefix: '/v1/payment_intents', kind: 'reset', times: 2 });
      await expect(stripe.charge(credentials, chargeInput(cus))).rejects.toBeInstanceOf(ProviderUnavailableError);

      const impatient = new StripeProvider({ stripe: stubs.endpoints.stripe, timeoutMs: 1000 });
      stubs.addFault({ provider: 'stripe', pathPrefix: '/v1/payment_intents', kind: 'hang', hangMs: 4000 });
      const timedOut = await impatient.charge(credentials, chargeInput(cus)).catch((e: unknown) => e);
      expect(timedOut).toBeInstanceOf(ProviderUnavailableError);
      expect((timedOut as Error).message).toMatch(/timeout/i);
    });
  });

  describe('parseWebhook', () => {
    it('reduces payment_intent.succeeded and payment_failed to payment events with the intent metadata', async () => {
      const cus = await createdCustomer();
      stubs.setScenario('stripe', cus, 'processing');
      const charged = await stripe.charge(credentials, chargeInput(cus));
      const pi = charged.providerPaymentId as string;

      const succeeded = await stubs.completeStripePaymentIntent({ url: sink, secret: credentials.secrets.webhook_secret, paymentIntentId: pi, outcome: 'succeeded' });
      const [event] = await stripe.parseWebhook(credentials, Buffer.from(succeeded.sent.body), succeeded.sent.headers);
      expect(event).toEqual({
        kind: 'payment',
        eventId: JSON.parse(succeeded.sent.body).id,
        providerPaymentId: pi,
        status: 'succeeded',
        payableStatus: 'succeeded',
        metadata: { lago_customer_id: customer.lagoCustomerId, lago_payable_id: 'pr-1', lago_payable_type: 'PaymentRequest', lago_payment_id: '0d9a3c52-2222-4b4b-8d8d-000000000002' },
        error: null,
      });

      const failed = await stubs.completeStripePaymentIntent({ url: sink, secret: credentials.secrets.webhook_secret, paymentIntentId: pi, outcome: 'payment_failed' });
      const [failure] = await stripe.parseWebhook(credentials, Buffer.from(failed.sent.body), failed.sent.headers);
      expect(failure).toMatchObject({ kind: 'payment', status: 'failed', payableStatus: 'failed', error: { message: 'Your card was declined.', code: 'card_declined' } });
    });

    it('makes the set-up method the default on setup_intent.succeeded and names the Lago customer', async () => {
      const cus = await createdCustomer();
      const delivery = await stubs.completeStripeSetup({ url: sink, secret: credentials.secrets.webhook_secret, customerId: cus });
      const newPm = stubs.created('stripe', 'payment_methods').at(-1)?.id as string;
      const events = await stripe.parseWebhook(credentials, Buffer.from(delivery.sent.body), delivery.sent.headers);
      expect(events).toEqual([{ kind: 'payment_method_set', eventId: JSON.parse(delivery.sent.body).id, providerCustomerId: cus, paymentMethodId: newPm, lagoCustomerId: customer.lagoCustomerId }]);
      expect(stubs.journal({ provider: 'stripe', method: 'GET', pathPrefix: '/v1/payment_methods' }).map((e) => e.path)).toEqual([`/v1/payment_methods/${newPm}`]);
      const [update] = stubs.journal({ provider: 'stripe', method: 'POST', pathPrefix: `/v1/customers/${cus}` });
      expect(update.body).toEqual({ invoice_settings: { default_payment_method: newPm } });
      expect(stubs.created('stripe', 'customers')[0].invoice_settings.default_payment_method).toBe(newPm);
    });

    it('reads customer.updated and payment_method.detached', async () => {
      const updated = await stubs.stripeEvent({
        url: sink,
        secret: credentials.secrets.webhook_secret,
        type: 'customer.updated',
        object: { id: 'cus_X', object: 'customer', metadata: { lago_customer_id: 'lago-1' }, invoice_settings: { default_payment_method: null }, default_source: 'card_123' },
      });
      expect(await stripe.parseWebhook(credentials, Buffer.from(updated.sent.body), updated.sent.headers)).toEqual([
        { kind: 'payment_method_set', eventId: JSON.parse(updated.sent.body).id, providerCustomerId: 'cus_X', paymentMethodId: 'card_123', lagoCustomerId: 'lago-1' },
      ]);

      const detached = JSON.stringify({ id: 'evt_detach', object: 'event', type: 'payment_method.detached', data: { object: { id: 'pm_old', object: 'payment_method', customer: null }, previous_attributes: { customer: 'cus_X' } } });
      expect(await stripe.parseWebhook(credentials, Buffer.from(detached), { 'Stripe-Signature': signStripe(detached, credentials.secrets.webhook_secret) })).toEqual([
        { kind: 'payment_method_removed', eventId: 'evt_detach', providerCustomerId: 'cus_X', paymentMethodId: 'pm_old' },
      ]);
    });

    it('ignores other event types', async () => {
      const body = JSON.stringify({ id: 'evt_other', object: 'event', type: 'charge.refund.updated', data: { object: { id: 're_1' } } });
      expect(await stripe.parseWebhook(credentials, Buffer.from(body), { 'stripe-signature': signStripe(body, credentials.secrets.webhook_secret) })).toEqual([
        { kind: 'ignored', eventId: 'evt_other', reason: 'unhandled event type charge.refund.updated' },
      ]);
    });

    it('rejects a wrong secret, a tampered body, a stale timestamp, a missing header or secret', async () => {
      const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'payment_intent.succeeded', data: { object: { id: 'pi_1', metadata: {} } } });
      const secret = credentials.secrets.webhook_secret;
      const attempts: Array<[Record<string, string>, string, ProviderCredentials]> = [
        [{ 'stripe-signature': signStripe(body, 'whsec_someoneElse') }, body, credentials],
        [{ 'stripe-signature': signStripe(body, secret) }, body.replace('pi_1', 'pi_2'), credentials],
        [{ 'stripe-signature': signStripe(body, secret, Math.floor(Date.now() / 1000) - 301) }, body, credentials],
        [{}, body, credentials],
        [{ 'stripe-signature': signStripe(body, secret) }, body, { ...credentials, secrets: { secret_key: credentials.secrets.secret_key } }],
      ];
      for (const [headers, raw, creds] of attempts) {
        await expect(stripe.parseWebhook(creds, Buffer.from(raw), headers)).rejects.toBeInstanceOf(InvalidWebhookSignatureError);
      }
      await expect(stripe.parseWebhook(credentials, Buffer.from(body), { 'stripe-signature': signStripe(body, secret) })).resolves.toHaveLength(1);
    });
  });
});
