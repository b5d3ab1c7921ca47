import { CheckoutAPI, HttpClientException } from '@adyen/api-library';
import { GoCardlessInternalError, RateLimitError } from 'gocardless-nodejs';
import Stripe from 'stripe';
import { startProviderStubs } from './server';
import { stubAdyen, stubGoCardless, stubStripe } from './testing/sdk-clients';
import type { ProviderStubs } from './types';

describe('failure injection and the journal', () => {
  let stubs: ProviderStubs;
  let stripe: Stripe;

  beforeAll(async () => {
    stubs = await startProviderStubs();
    stripe = stubStripe(stubs.endpoints.stripe);
  });

  afterAll(() => stubs.close());

  beforeEach(() => stubs.reset());

  describe('status faults', () => {
    it('answers Stripe 500 api_error with Stripe-Should-Retry: false, once, without processing', async () => {
      stubs.addFault({ provider: 'stripe', method: 'POST', pathPrefix: '/v1/customers', kind: 'status', status: 500 });

      const error: unknown = await stripe.customers.create({ email: 'a@example.test' }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
      expect(error).toMatchObject({ statusCode: 500, type: 'StripeAPIError', headers: { 'stripe-should-retry': 'false' } });
      expect(stubs.created('stripe', 'customers')).toHaveLength(0);
      await expect(stripe.customers.create({ email: 'a@example.test' })).resolves.toMatchObject({ email: 'a@example.test' });
      expect(stubs.journal({ provider: 'stripe' }).map((e) => e.status)).toEqual([500, 200]);
    });

    it.each([
      [429, Stripe.errors.StripeRateLimitError],
      [401, Stripe.errors.StripeAuthenticationError],
      [503, Stripe.errors.StripeAPIError],
    ])('maps Stripe %i to the SDK error class', async (status, errorClass) => {
      stubs.addFault({ provider: 'stripe', kind: 'status', status });

      await expect(stripe.customers.create({ email: 'a@example.test' })).rejects.toBeInstanceOf(errorClass);
    });

    it('hits `times` matching requests and leaves the others alone', async () => {
      stubs.addFault({ provider: 'stripe', method: 'POST', pathPrefix: '/v1/payment_intents', kind: 'status', status: 500, times: 2 });
      const customer = await stripe.customers.create({ email: 'a@example.test' });
      const charge = () => stripe.paymentIntents.create({ amount: 100, currency: 'eur', customer: customer.id, confirm: true });

      await expect(charge()).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
      await expect(stripe.customers.retrieve(customer.id)).resolves.toMatchObject({ id: customer.id });
      await expect(charge()).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
      await expect(charge()).resolves.toMatchObject({ status: 'succeeded' });
    });

    it('answers Adyen 500 internal errors', async () => {
      stubs.addFault({ provider: 'adyen', pathPrefix: '/payments', kind: 'status', status: 500 });
      const checkout = new CheckoutAPI(stubAdyen(stubs.endpoints.adyen));

      const error: unknown = await checkout.PaymentsApi.paymentMethods({ merchantAccount: 'M' }).then(() => checkout.PaymentsApi.payments({
        amount: { currency: 'EUR', value: 1 },
        reference: 'r',
        merchantAccount: 'M',
        returnUrl: 'https://www.adyen.com/',
        paymentMethod: { storedPaymentMethodId: 'S' },
      })).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(HttpClientException);
      expect(error).toMatchObject({ statusCode: 500, apiError: { status: 500, errorType: 'internal' } });
    });

    it('answers GoCardless 500 and 429 with the SDK error classes', async () => {
      const client = stubGoCardless(stubs.endpoints);
      stubs.addFault({ provider: 'gocardless', method: 'POST', kind: 'status', status: 500 });
      stubs.addFault({ provider: 'gocardless', method: 'POST', kind: 'status', status: 429 });

      await expect(client.customers.create({ email: 'a@example.test' })).rejects.toBeInstanceOf(GoCardlessInternalError);
      const limited: unknown = await client.customers.create({ email: 'a@example.test' }).catch((e: unknown) => e);
      expect(limited).toBeInstanceOf(RateLimitError);
      expect(limited).toMatchObject({ code: 429, errors: [{ reason: 'rate_limit_exceeded' }] });
    });

    it('refuses a fault that cannot work', () => {
      expect(() => stubs.addFault({ provider: 'stripe', kind: 'status' })).toThrow(/status/);
      expect(() => stubs.addFault({ provider: 'stripe', kind: 'reset', times: 0 })).toThrow(/times/);
    });
  });

  describe('reset faults', () => {
    it('drops the connection without processing (twice: stripe-node retries one closed connection even with maxNetworkRetries 0)', async () => {
      stubs.addFault({ provider: 'stripe', method: 'POST', kind: 'reset', times: 2 });

      await expect(stripe.customers.create({ email: 'a@example.test' })).rejects.toBeInstanceOf(Stripe.errors.StripeConnectionError);
      expect(stubs.created('stripe', 'customers')).toHaveLength(0);
      expect(stubs.journal({ provider: 'stripe' })).toMatchObject([
        { method: 'POST', path: '/v1/customers', status: null },
        { method: 'POST', path: '/v1/customers', status: null },
      ]);
    });

    it('lets the SDK recover from a single reset with the same idempotency key', async () => {
      stubs.addFault({ provider: 'stripe', method: 'POST', kind: 'reset' });

      await expect(stripe.customers.create({ email: 'a@example.test' })).resolves.toMatchObject({ email: 'a@example.test' });

      const [reset, retry] = stubs.journal({ provider: 'stripe' });
      expect([reset.status, retry.status]).toEqual([null, 200]);
      expect(retry.headers['idempotency-key']).toBe(reset.headers['idempotency-key']);
      expect(stubs.created('stripe', 'customers')).toHaveLength(1);
    });

    it('surfaces a GoCardless reset as a network error', async () => {
      stubs.addFault({ provider: 'gocardless', method: 'POST', kind: 'reset' });

      await expect(stubGoCardless(stubs.endpoints).customers.create({ email: 'a@example.test' })).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(stubs.created('gocardless', 'customers')).toHaveLength(0);
    });
  });

  describe('hang faults (lost responses)', () => {
    it('processes the request but answers late, so a retry with the same key gets the stored replay', async () => {
      const customer = await stripe.customers.create({ email: 'a@example.test' });
      stubs.addFault({ provider: 'stripe', method: 'POST', pathPrefix: '/v1/payment_intents', kind: 'hang', hangMs: 300 });
      const params: Stripe.PaymentIntentCreateParams = { amount: 1000, currency: 'eur', customer: customer.id, confirm: true, off_session: true };

      const lost: unknown = await stripe.paymentIntents.create(params, { idempotencyKey: 'payment-1', timeout: 50 }).catch((e: unknown) => e);
      expect(lost).toBeInstanceOf(Stripe.errors.StripeConnectionError);
      expect(stubs.created('stripe', 'payment_intents')).toHaveLength(1);

      const retried = await stripe.paymentIntents.create(params, { idempotencyKey: 'payment-1' });

      expect(retried.id).toBe(stubs.created('stripe', 'payment_intents')[0].id);
      expect(retried.lastResponse.headers['idempotent-replayed']).toBe('true');
      expect(stubs.created('stripe', 'payment_intents')).toHaveLength(1);
      expect(stubs.journal({ provider: 'stripe', pathPrefix: '/v1/payment_intents' }).map((e) => e.status)).toEqual([200, 200]);
    });

    it('delivers the response after hangMs to a patient client', async () => {
      stubs.addFault({ provider: 'stripe', kind: 'hang', hangMs: 150 });
      const started = Date.now();

      const customer = await stripe.customers.create({ email: 'a@example.test' });

      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      expect(customer.id).toMatch(/^cus_/);
    });
  });

  describe('journal', () => {
    it('records every provider request and filters by provider, method and path prefix', async () => {
      const customer = await stripe.customers.create({ email: 'a@example.test', metadata: { lago_customer_id: 'c-1' } });
      await stripe.customers.retrieve(customer.id);
      await stripe.customers.list({ email: 'a@example.test', limit: 3 });
      await stubGoCardless(stubs.endpoints).customers.create({ email: 'b@example.test' });

      expect(stubs.journal()).toHaveLength(4);
      expect(stubs.journal({ provider: 'stripe', method: 'get' })).toHaveLength(2);
      expect(stubs.journal({ pathPrefix: `/v1/customers/${customer.id}` })).toHaveLength(1);
      expect(stubs.journal({ provider: 'gocardless', pathPrefix: '/customers' })).toHaveLength(1);
      const list = stubs.journal({ provider: 'stripe', method: 'GET', pathPrefix: '/v1/customers' }).find((e) => e.path === '/v1/customers');
      expect(list?.query).toEqual({ email: 'a@example.test', limit: '3' });
      expect(stubs.journal()[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    });

    it('returns copies and is emptied by reset', async () => {
      await stripe.customers.create({ email: 'a@example.test' });
      const [entry] = stubs.journal();
      entry.status = 999;

      expect(stubs.journal()[0].status).toBe(200);
      stubs.reset();
      expect(stubs.journal()).toEqual([]);
      expect(stubs.created('stripe', 'customers')).toEqual([]);
    });

    it('records malformed and unauthenticated requests too', async () => {
      const response = await fetch(`${stubs.endpoints.gocardless}/customers`, {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'gocardless-version': '2015-07-06', 'content-type': 'application/json' },
        body: '{not json',
      });

      expect(response.status).toBe(400);
      expect(stubs.journal({ provider: 'gocardless' })).toMatchObject([{ body: '{not json', status: 400 }]);
    });
  });
});
