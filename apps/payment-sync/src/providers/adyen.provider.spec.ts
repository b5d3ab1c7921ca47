import { type AdyenNotificationItem, type ProviderStubs, signAdyenItem, startProviderStubs } from '@app/provider-stubs';
import { rewriteAdyenUrl } from './adyen-http-client';
import { ADYEN_APPLICATION_INFO, AdyenProvider, adyenMetadata } from './adyen.provider';
import {
  type ChargeInput,
  InvalidWebhookSignatureError,
  type ProviderCredentials,
  type ProviderCustomerInput,
  ProviderRefusedError,
  ProviderUnavailableError,
} from './payment-provider';

const HMAC_KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';

const credentials: ProviderCredentials = {
  type: 'adyen',
  secrets: { api_key: 'AQEyhmfxTestApiKey', hmac_key: HMAC_KEY },
  settings: { merchant_account: 'LagoECOM', live_prefix: '' },
  successRedirectUrl: 'https://app.example.test/billing/done',
};

const customer: ProviderCustomerInput = {
  lagoCustomerId: '5b0c8a1e-1111-4a4a-9c9c-000000000001',
  externalId: 'ext-ada-42',
  name: 'Ada Lovelace',
  firstname: null,
  lastname: null,
  email: 'ada@example.test,ops@example.test',
  phone: null,
  address: { line1: null, line2: null, city: null, zipcode: null, state: null, country: null },
  currency: null,
  paymentMethods: ['card'],
};

const PAYMENT_ID = '0d9a3c52-2222-4b4b-8d8d-000000000002';

function chargeInput(overrides: Partial<ChargeInput> = {}): ChargeInput {
  return {
    paymentId: PAYMENT_ID,
    amountCents: 1999,
    currency: 'eur',
    providerCustomerId: 'ext-ada-42',
    reference: 'Acme SAS - Invoice ACM-2026-000042',
    metadata: { lago_customer_id: customer.lagoCustomerId, lago_payable_id: 'inv-1', lago_payable_type: 'Invoice' },
    email: 'ada@example.test',
    country: 'FR',
    paymentMethodId: null,
    paymentMethods: [],
    onSession: false,
    ...overrides,
  };
}

/** A signed webhook body with these items (signatures computed unless given). */
function notification(...items: AdyenNotificationItem[]): Buffer {
  const signed = items.map((item) => ({ ...item, additionalData: { hmacSignature: signAdyenItem(item, HMAC_KEY), ...item.additionalData } }));
  return Buffer.from(JSON.stringify({ live: 'false', notificationItems: signed.map((NotificationRequestItem) => ({ NotificationRequestItem })) }));
}

function item(overrides: Partial<AdyenNotificationItem>): AdyenNotificationItem {
  return {
    pspReference: 'QFQTPCQ8HXSKGK82',
    merchantAccountCode: 'LagoECOM',
    merchantReference: 'ref-1',
    amount: { value: 1999, currency: 'EUR' },
    eventCode: 'AUTHORISATION',
    success: 'true',
    eventDate: '2026-11-21T10:00:00+01:00',
    reason: '',
    additionalData: {},
    ...overrides,
  };
}

describe('AdyenProvider pure parts', () => {
  it('rewrites the test and live Checkout hosts to the configured base, keeping the version path', () => {
    expect(rewriteAdyenUrl('https://checkout-test.adyen.com/v72/payments', 'http://127.0.0.1:9/adyen/')).toBe('http://127.0.0.1:9/adyen/v72/payments');
    expect(rewriteAdyenUrl('https://1797a841fbb37ca7-AdyenDemo-checkout-live.adyenpayments.com/checkout/v72/paymentLinks', 'http://h/adyen')).toBe('http://h/adyen/v72/paymentLinks');
    expect(() => rewriteAdyenUrl('https://pal-test.adyen.com/pal/servlet/Payment/v68/authorise', 'http://h')).toThrow(/Not an Adyen Checkout URL/);
  });

  it('reads metadata.* keys of additionalData without the prefix', () => {
    expect(adyenMetadata({ 'metadata.lago_payable_id': 'p1', 'metadata.payment_type': 'one-time', shopperReference: 'x', hmacSignature: 'y' })).toEqual({ lago_payable_id: 'p1', payment_type: 'one-time' });
  });
});

describe('AdyenProvider against the Adyen stand-in', () => {
  let stubs: ProviderStubs;
  let adyen: AdyenProvider;
  let sink: string;

  beforeAll(async () => {
    stubs = await startProviderStubs();
    adyen = new AdyenProvider({ adyen: stubs.endpoints.adyen, timeoutMs: 2000 }, false);
    sink = `${stubs.url}/webhook-sink`;
  });
  afterAll(() => stubs.close());
  beforeEach(() => stubs.reset());

  /** Creates the authorisation link and completes it (stores a card); returns the stored card id. */
  async function storedCard(): Promise<string> {
    await adyen.createCustomer(credentials, customer, 'seed');
    const [link] = stubs.created('adyen', 'payment_links');
    await stubs.completeAdyenPaymentLink({ url: sink, hmacKey: HMAC_KEY, paymentLinkId: link.id });
    return stubs.created('adyen', 'stored_payment_methods')[0].id;
  }

  describe('createCustomer', () => {
    it('creates a zero-amount authorisation link with Lago fields and returns its URL, no customer id', async () => {
      const before = Date.now();
      const result = await adyen.createCustomer(credentials, customer, 'lago-cus-1-1763700000');

      const [link] = stubs.created('adyen', 'payment_links');
      expect(result).toEqual({ providerCustomerId: null, checkoutUrl: link.url });
      const [request] = stubs.journal({ provider: 'adyen', method: 'POST', pathPrefix: '/paymentLinks' });
      expect(request.path).toMatch(/^\/adyen\/v\d+\/paymentLinks$/);
      expect(request.headers['x-api-key']).toBe(credentials.secrets.api_key);
      expect(request.headers['idempotency-key']).toBe('lago-cus-1-1763700000');
      const { expiresAt, ...body } = request.body as { expiresAt: string };
      expect(body).toEqual({
        reference: 'authorization customer ext-ada-42',
        amount: { value: 0, currency: 'EUR' },
        merchantAccount: 'LagoECOM',
        returnUrl: credentials.successRedirectUrl,
        shopperReference: 'ext-ada-42',
        storePaymentMethodMode: 'enabled',
        recurringProcessingModel: 'UnscheduledCardOnFile',
        shopperEmail: 'ada@example.test',
        applicationInfo: ADYEN_APPLICATION_INFO,
      });
      const days = (Date.parse(expiresAt) - before) / 86_400_000;
      expect(days).toBeGreaterThan(68.99);
      expect(days).toBeLessThan(69.01);
    });

    it('uses the customer currency and the default return URL; checkoutUrl() makes the same link', async () => {
      const url = await adyen.checkoutUrl({ ...credentials, successRedirectUrl: null }, { ...customer, currency: 'USD' }, 'ext-ada-42');
      const [link] = stubs.created('adyen', 'payment_links');
      expect(url).toBe(link.url);
      expect(stubs.journal({ provider: 'adyen' })[0].body).toMatchObject({ amount: { value: 0, currency: 'USD' }, returnUrl: 'https://www.adyen.com/' });
    });

    it('throws ProviderRefusedError with the errorType for a validation error and ProviderUnavailableError for a 500', async () => {
      stubs.addFault({ provider: 'adyen', pathPrefix: '/paymentLinks', kind: 'status', status: 422 });
      const refused = await adyen.createCustomer(credentials, customer, 'k').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ProviderRefusedError);
      expect(refused).toMatchObject({ message: '14_004: Missing payment method details', code: 'validation', httpStatus: 422 });
      stubs.addFault({ provider: 'adyen', pathPrefix: '/paymentLinks', kind: 'status', status: 500 });
      await expect(adyen.createCustomer(credentials, customer, 'k')).rejects.toBeInstanceOf(ProviderUnavailableError);
    });
  });

  describe('charge', () => {
    it('finds the stored card, then charges it card-on-file with the idempotency key payment-<id>', async () => {
      const card = await storedCard();
      const result = await adyen.charge(credentials, chargeInput());

      const [payment] = stubs.created('adyen', 'payments');
      expect(result).toEqual({
        providerPaymentId: payment.pspReference,
        status: 'Authorised',
        payableStatus: 'succeeded',
        nextAction: null,
        error: null,
        keepPayablePending: false,
        paymentMethodId: card,
      });
      const [methods, pay] = stubs.journal({ provider: 'adyen' }).slice(1);
      expect(methods.path).toMatch(/\/paymentMethods$/);
      expect(methods.body).toEqual({ merchantAccount: 'LagoECOM', shopperReference: 'ext-ada-42' });
      expect(pay.path).toMatch(/\/payments$/);
      expect(pay.headers['idempotency-key']).toBe(`payment-${PAYMENT_ID}`);
      expect(pay.body).toEqual({
        amount: { currency: 'EUR', value: 1999 },
        reference: 'Acme SAS - Invoice ACM-2026-000042',
        paymentMethod: { type: 'scheme', storedPaymentMethodId: card },
        shopperReference: 'ext-ada-42',
        merchantAccount: 'LagoECOM',
        shopperInteraction: 'ContAuth',
        recurringProcessingModel: 'UnscheduledCardOnFile',
        shopperEmail: 'ada@example.test',
        applicationInfo: ADYEN_APPLICATION_INFO,
      });
    });

    it('prefers the known method over the stored one and cuts the reference to its last 80 characters', async () => {
      await storedCard();
      const reference = `${'A billing entity with a long name, '.repeat(3)}- Invoice ACM-2026-000042`;
      const result = await adyen.charge(credentials, chargeInput({ paymentMethodId: 'KNOWNCARD0000001', reference }));
      expect(result.paymentMethodId).toBe('KNOWNCARD0000001');
      const body = stubs.journal({ provider: 'adyen', pathPrefix: '/payments' })[0].body as { reference: string; paymentMethod: unknown };
      expect(body.paymentMethod).toEqual({ type: 'scheme', storedPaymentMethodId: 'KNOWNCARD0000001' });
      expect(body.reference).toBe(reference.slice(-80));
      expect(body.reference).toHaveLength(80);
    });

    it.each([
      ['Refused', 'failed', { message: 'Refused', code: '2' }],
      ['Error', 'failed', { message: 'Acquirer Error', code: '4' }],
      ['Cancelled', 'failed', { message: 'Cancelled', code: 'Cancelled' }],
      ['Received', 'processing', null],
      ['AuthorisedPending', 'processing', null],
    ] as const)('maps resultCode %s to %s', async (resultCode, payableStatus, error) => {
      stubs.setScenario('adyen', 'ext-ada-42', resultCode);
      const result = await adyen.charge(credentials, chargeInput());
      expect(result).toMatchObject({ status: resultCode, payableStatus, error, providerPaymentId: stubs.created('adyen', 'payments')[0].pspReference });
    });

    it('turns a 422 or 401 answer into a failed payment with "<errorCode>: <message>" and the errorType', async () => {
      stubs.addFault({ provider: 'adyen', pathPrefix: '/payments', kind: 'status', status: 422 });
      expect(await adyen.charge(credentials, chargeInput())).toEqual({
        providerPaymentId: null,
        status: 'failed',
        payableStatus: 'failed',
        nextAction: null,
        error: { message: '14_004: Missing payment method details', code: 'validation' },
        keepPayablePending: false,
        paymentMethodId: null,
      });
      stubs.addFault({ provider: 'adyen', pathPrefix: '/paymentMethods', kind: 'status', status: 401 });
      expect((await adyen.charge(credentials, chargeInput())).error).toEqual({ message: '000: HTTP Status Response - Unauthorized', code: 'security' });
    });

    it('throws ProviderUnavailableError on a 500, a 429, a reset connection and a hung response past the timeout', async () => {
      for (const fault of [
        { kind: 'status', status: 500 },
        { kind: 'status', status: 429 },
        { kind: 'reset' },
      ] as const) {
        stubs.addFault({ provider: 'adyen', pathPrefix: '/payments', ...fault });
        await expect(adyen.charge(credentials, chargeInput())).rejects.toBeInstanceOf(ProviderUnavailableError);
      }
      const impatient = new AdyenProvider({ adyen: stubs.endpoints.adyen, timeoutMs: 1000 }, false);
      stubs.addFault({ provider: 'adyen', pathPrefix: '/payments', kind: 'hang', hangMs: 4000 });
      await expect(impatient.charge(credentials, chargeInput())).rejects.toThrow(new ProviderUnavailableError('Adyen request timed out after 1000 ms', null));
      expect(stubs.created('adyen', 'payments')).toHaveLength(1); // only the hung request was processed
    });

    it('reaches the stand-in from the live environment too (live host rewritten)', async () => {
      const live = new AdyenProvider({ adyen: stubs.endpoints.adyen, timeoutMs: 2000 }, true);
      const result = await live.charge({ ...credentials, settings: { ...credentials.settings, live_prefix: '1797a841fbb37ca7-AdyenDemo' } }, chargeInput());
      expect(result.status).toBe('Authorised');
      expect(stubs.journal({ provider: 'adyen', pathPrefix: '/payments' })).toHaveLength(1);
    });
  });

  describe('parseWebhook', () => {
    it('reduces the zero-amount AUTHORISATION of a completed link to customer_authorised', async () => {
      await adyen.createCustomer(credentials, customer, 'k');
      const [link] = stubs.created('adyen', 'payment_links');
      const delivery = await stubs.completeAdyenPaymentLink({ url: sink, hmacKey: HMAC_KEY, paymentLinkId: link.id });
      const psp = JSON.parse(delivery.sent.body).notificationItems[0].NotificationRequestItem.pspReference as string;
      expect(await adyen.parseWebhook(credentials, Buffer.from(delivery.sent.body), delivery.sent.headers)).toEqual([
        {
          kind: 'customer_authorised',
          eventId: `AUTHORISATION:${psp}:true`,
          providerCustomerId: 'ext-ada-42',
          paymentMethodId: stubs.created('adyen', 'stored_payment_methods')[0].id,
          success: true,
          error: null,
        },
      ]);
    });

    it('reports a failed authorisation with its reason', async () => {
      await adyen.createCustomer(credentials, customer, 'k');
      const [link] = stubs.created('adyen', 'payment_links');
      const delivery = await stubs.completeAdyenPaymentLink({ url: sink, hmacKey: HMAC_KEY, paymentLinkId: link.id, success: false });
      const [event] = await adyen.parseWebhook(credentials, Buffer.from(delivery.sent.body), delivery.sent.headers);
      expect(event).toMatchObject({ kind: 'customer_authorised', providerCustomerId: 'ext-ada-42', paymentMethodId: null, success: false, error: { message: 'Refused', code: 'AUTHORISATION' } });
    });

    it('reduces one-time link payments, cancellations and ignores the rest, verifying every item', async () => {
      const oneTime = item({ pspReference: 'ONETIME000000001', additionalData: { 'metadata.payment_type': 'one-time', 'metadata.lago_payable_id': 'inv-1', 'metadata.lago_payable_type': 'Invoice' } });
      const cancelled = item({ pspReference: 'CANCEL0000000001', originalReference: 'PAID000000000001', eventCode: 'CANCELLATION' });
      const offSession = item({ pspReference: 'OFFSESSION000001' });
      const refund = item({ pspReference: 'REFUND0000000001', eventCode: 'REFUND' });
      const events = await adyen.parseWebhook(credentials, notification(oneTime, cancelled, offSession, refund), {});
      expect(events).toEqual([
        {
          kind: 'payment',
          eventId: 'AUTHORISATION:ONETIME000000001:true',
          providerPaymentId: 'ONETIME000000001',
          status: 'succeeded',
          payableStatus: 'succeeded',
          metadata: { payment_type: 'one-time', lago_payable_id: 'inv-1', lago_payable_type: 'Invoice' },
          error: null,
        },
        { kind: 'payment', eventId: 'CANCELLATION:CANCEL0000000001:true', providerPaymentId: 'PAID000000000001', status: 'Cancelled', payableStatus: 'failed', metadata: {}, error: null },
        { kind: 'ignored', eventId: 'AUTHORISATION:OFFSESSION000001:true', reason: expect.stringContaining('off-session') },
        { kind: 'ignored', eventId: 'REFUND:REFUND0000000001:true', reason: 'unhandled event code REFUND' },
      ]);
    });

    it('uses the stand-in signature helper and the SDK validator alike (adyenNotify)', async () => {
      const delivery = await stubs.adyenNotify({ url: sink, hmacKey: HMAC_KEY, item: item({ amount: { value: 0, currency: 'EUR' }, additionalData: { 'recurring.shopperReference': 'ext-7', 'recurring.recurringDetailReference': 'CARD7' } }) });
      expect(await adyen.parseWebhook(credentials, Buffer.from(delivery.sent.body), delivery.sent.headers)).toEqual([
        { kind: 'customer_authorised', eventId: 'AUTHORISATION:QFQTPCQ8HXSKGK82:true', providerCustomerId: 'ext-7', paymentMethodId: 'CARD7', success: true, error: null },
      ]);
    });

    it('rejects the whole notification when any item fails, and bodies without valid items', async () => {
      const good = item({});
      const forged = { ...item({ pspReference: 'FORGED0000000001' }), additionalData: { hmacSignature: signAdyenItem(item({}), HMAC_KEY) } };
      const mixed = Buffer.from(JSON.stringify({ notificationItems: [good, forged].map((i, n) => ({ NotificationRequestItem: n === 0 ? { ...i, additionalData: { hmacSignature: signAdyenItem(i, HMAC_KEY) } } : i })) }));
      const unsigned = Buffer.from(JSON.stringify({ notificationItems: [{ NotificationRequestItem: item({}) }] }));
      const otherKey = notification(good);
      for (const [body, creds] of [
        [mixed, credentials],
        [unsigned, credentials],
        [otherKey, { ...credentials, secrets: { ...credentials.secrets, hmac_key: 'AA'.repeat(32) } }],
        [otherKey, { ...credentials, secrets: { ...credentials.secrets, hmac_key: ' ' } }],
        [Buffer.from('not json'), credentials],
        [Buffer.from('{"notificationItems":[]}'), credentials],
      ] as const) {
        await expect(adyen.parseWebhook(creds, body, {})).rejects.toBeInstanceOf(InvalidWebhookSignatureError);
      }
      await expect(adyen.parseWebhook(credentials, otherKey, {})).resolves.toHaveLength(1);
    });
  });
});
