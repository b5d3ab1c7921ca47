import { CheckoutAPI, HttpClientException, hmacValidator, Types } from '@adyen/api-library';
import type { NotificationRequestItem } from '@adyen/api-library/lib/src/typings/notification/models';
import type { AdyenNotificationItem } from './adyen/adyen-types';
import { startProviderStubs } from './server';
import { stubAdyen } from './testing/sdk-clients';
import { startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver';
import type { AdyenOutcome, ProviderStubs } from './types';

describe('Adyen stand-in, driven by @adyen/api-library', () => {
  let stubs: ProviderStubs;
  let checkout: CheckoutAPI;
  let receiver: WebhookReceiver;
  const hmacKey = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';
  const merchantAccount = 'LagoTestMerchant';
  const applicationInfo = { externalPlatform: { name: 'Lago', integrator: 'Lago' }, merchantApplication: { name: 'Lago' } };

  beforeAll(async () => {
    stubs = await startProviderStubs();
    checkout = new CheckoutAPI(stubAdyen(stubs.endpoints.adyen));
    receiver = await startWebhookReceiver();
    receiver.reply = { status: 200, body: '[accepted]' };
  });

  afterAll(async () => {
    await stubs.close();
    await receiver.close();
  });

  beforeEach(() => {
    stubs.reset();
    receiver.received.length = 0;
  });

  function authorisationLink(shopperReference: string) {
    return checkout.PaymentLinksApi.paymentLinks({
      reference: `authorization customer ${shopperReference}`,
      amount: { value: 0, currency: 'EUR' },
      merchantAccount,
      returnUrl: 'https://www.adyen.com/',
      shopperReference,
      storePaymentMethodMode: Types.checkout.PaymentLinkRequest.StorePaymentMethodModeEnum.Enabled,
      recurringProcessingModel: Types.checkout.PaymentLinkRequest.RecurringProcessingModelEnum.UnscheduledCardOnFile,
      expiresAt: new Date(Date.now() + 69 * 86_400_000),
      shopperEmail: 'jane@example.test',
      applicationInfo,
    });
  }

  /** The SDK's view of a notification item (its enums are plain strings on the wire). */
  const sdkItem = (item: AdyenNotificationItem): NotificationRequestItem => item as unknown as NotificationRequestItem;

  function receivedItem(): AdyenNotificationItem {
    const body = JSON.parse(receiver.received[0].body) as { live: string; notificationItems: Array<{ NotificationRequestItem: AdyenNotificationItem }> };
    expect(body.live).toBe('false');
    expect(body.notificationItems).toHaveLength(1);
    return body.notificationItems[0].NotificationRequestItem;
  }

  it('creates a zero-amount payment link (201) on the SDK path /v72/paymentLinks', async () => {
    const link = await authorisationLink('ext-1');

    expect(link.id).toMatch(/^PL[A-Z0-9]{16}$/);
    expect(link).toMatchObject({ url: `${stubs.url}/paylink/${link.id}`, status: 'active', amount: { value: 0, currency: 'EUR' }, merchantAccount, reference: 'authorization customer ext-1', shopperReference: 'ext-1' });
    const [entry] = stubs.journal({ provider: 'adyen' });
    expect(entry).toMatchObject({ method: 'POST', path: '/adyen/v72/paymentLinks', status: 201 });
    expect(entry.headers['x-api-key']).toBe('adyen_test_key');
    expect(stubs.journal({ pathPrefix: '/paymentLinks' })).toHaveLength(1);
    expect((await fetch(link.url)).status).toBe(200);
  });

  it('accepts any API version in the path', async () => {
    const response = await fetch(`${stubs.endpoints.adyen}/v70/paymentMethods`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify({ merchantAccount, shopperReference: 'ext-1' }),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ paymentMethods: [{ type: 'scheme', name: 'Cards', brands: ['visa', 'mc', 'amex'] }], storedPaymentMethods: [] });
  });

  it('lists no stored card until the link is completed, then the stored card', async () => {
    const link = await authorisationLink('ext-1');
    expect((await checkout.PaymentsApi.paymentMethods({ merchantAccount, shopperReference: 'ext-1' })).storedPaymentMethods ?? []).toEqual([]);

    const delivery = await stubs.completeAdyenPaymentLink({ url: `${receiver.url}/webhooks/adyen/org-1?code=a1`, hmacKey, paymentLinkId: link.id });

    expect(delivery).toMatchObject({ status: 200, body: '[accepted]' });
    const methods = await checkout.PaymentsApi.paymentMethods({ merchantAccount, shopperReference: 'ext-1' });
    expect(methods.storedPaymentMethods).toHaveLength(1);
    const stored = methods.storedPaymentMethods?.[0];
    expect(stored).toMatchObject({ type: 'scheme', brand: 'visa', lastFour: '1111', supportedShopperInteractions: ['Ecommerce', 'ContAuth'] });
    const item = receivedItem();
    expect(item).toMatchObject({
      eventCode: 'AUTHORISATION',
      success: 'true',
      amount: { value: 0, currency: 'EUR' },
      merchantAccountCode: merchantAccount,
      merchantReference: 'authorization customer ext-1',
      additionalData: { shopperReference: 'ext-1', 'recurring.shopperReference': 'ext-1', 'recurring.recurringDetailReference': stored?.id },
    });
    expect(new hmacValidator().validateHMAC(sdkItem(item), hmacKey)).toBe(true);
    expect(stubs.created('adyen', 'payment_links')[0].status).toBe('completed');
  });

  it('sends a refused AUTHORISATION and stores nothing when the shopper fails', async () => {
    const link = await authorisationLink('ext-2');

    await stubs.completeAdyenPaymentLink({ url: receiver.url, hmacKey, paymentLinkId: link.id, success: false });

    const item = receivedItem();
    expect(item).toMatchObject({ success: 'false', reason: 'Refused' });
    expect(item.additionalData?.['recurring.recurringDetailReference']).toBeUndefined();
    expect(stubs.created('adyen', 'stored_payment_methods')).toHaveLength(0);
  });

  it('signs any notification item with adyenNotify', async () => {
    await stubs.adyenNotify({
      url: receiver.url,
      hmacKey,
      item: {
        pspReference: 'CANCELPSP0000001',
        originalReference: 'ORIGINALPSP00001',
        merchantAccountCode: merchantAccount,
        merchantReference: 'ref-1',
        amount: { value: 1000, currency: 'EUR' },
        eventCode: 'CANCELLATION',
        success: 'true',
        additionalData: { 'metadata.lago_payable_type': 'Invoice' },
      },
    });

    const item = receivedItem();
    expect(item.additionalData).toMatchObject({ 'metadata.lago_payable_type': 'Invoice' });
    expect(new hmacValidator().validateHMAC(sdkItem(item), hmacKey)).toBe(true);
    expect(new hmacValidator().validateHMAC(sdkItem({ ...item, success: 'false' }), hmacKey)).toBe(false);
  });

  describe('payments', () => {
    const paymentRequest = (shopperReference: string): Types.checkout.PaymentRequest => ({
      amount: { currency: 'EUR', value: 2500 },
      reference: 'Acme - Invoice ACME-002',
      paymentMethod: { type: Types.checkout.CardDetails.TypeEnum.Scheme, storedPaymentMethodId: 'STORED0000000001' },
      shopperReference,
      merchantAccount,
      shopperInteraction: Types.checkout.PaymentRequest.ShopperInteractionEnum.ContAuth,
      recurringProcessingModel: Types.checkout.PaymentRequest.RecurringProcessingModelEnum.UnscheduledCardOnFile,
      shopperEmail: 'jane@example.test',
      returnUrl: 'https://www.adyen.com/',
      applicationInfo,
    });

    it('authorises by default and honours the idempotency key', async () => {
      const first = await checkout.PaymentsApi.payments(paymentRequest('ext-1'), { idempotencyKey: 'payment-pay-1' });
      const again = await checkout.PaymentsApi.payments(paymentRequest('ext-1'), { idempotencyKey: 'payment-pay-1' });

      expect(first.pspReference).toMatch(/^[A-Z0-9]{16}$/);
      expect(first).toMatchObject({ resultCode: 'Authorised', merchantReference: 'Acme - Invoice ACME-002', amount: { currency: 'EUR', value: 2500 } });
      expect(again.pspReference).toBe(first.pspReference);
      expect(stubs.created('adyen', 'payments')).toHaveLength(1);
      expect(stubs.journal({ provider: 'adyen', pathPrefix: '/payments' })[0].headers['idempotency-key']).toBe('payment-pay-1');
    });

    it('rejects the same idempotency key with another body (422)', async () => {
      await checkout.PaymentsApi.payments(paymentRequest('ext-1'), { idempotencyKey: 'payment-pay-1' });

      const error: unknown = await checkout.PaymentsApi.payments({ ...paymentRequest('ext-1'), amount: { currency: 'EUR', value: 1 } }, { idempotencyKey: 'payment-pay-1' }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(HttpClientException);
      expect(error).toMatchObject({ statusCode: 422, apiError: { status: 422, errorType: 'validation' } });
    });

    it('refuses with a refusal reason', async () => {
      stubs.setScenario('adyen', 'ext-1', 'Refused');

      const result = await checkout.PaymentsApi.payments(paymentRequest('ext-1'));

      expect(result).toMatchObject({ resultCode: 'Refused', refusalReason: 'Refused', refusalReasonCode: '2' });
      expect(stubs.created('adyen', 'payments')[0]).toMatchObject({ resultCode: 'Refused', shopperReference: 'ext-1', storedPaymentMethodId: 'STORED0000000001' });
    });

    it.each(['Received', 'AuthorisedPending', 'Error', 'Cancelled'] as AdyenOutcome[])('scenario %s', async (outcome) => {
      stubs.setScenario('adyen', 'ext-3', outcome);

      expect((await checkout.PaymentsApi.payments(paymentRequest('ext-3'))).resultCode).toBe(outcome);
    });

    it('answers 401 security error "000" without an API key', async () => {
      const anonymous = new CheckoutAPI(stubAdyen(stubs.endpoints.adyen, ''));

      const error: unknown = await anonymous.PaymentsApi.payments(paymentRequest('ext-1')).catch((e: unknown) => e);

      expect(error).toMatchObject({ statusCode: 401, apiError: { status: 401, errorCode: '000', errorType: 'security' } });
    });

    it('answers 422 validation errors for missing fields', async () => {
      const error: unknown = await checkout.PaymentsApi.payments({ ...paymentRequest('ext-1'), reference: '' }).catch((e: unknown) => e);

      expect(error).toMatchObject({ statusCode: 422, apiError: { errorType: 'validation', errorCode: '130' } });
    });
  });
});
