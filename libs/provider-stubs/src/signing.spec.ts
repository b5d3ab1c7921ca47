import { hmacValidator } from '@adyen/api-library';
import type { NotificationRequestItem } from '@adyen/api-library/lib/src/typings/notification/models';
import { InvalidSignatureError, parse } from 'gocardless-nodejs';
import Stripe from 'stripe';
import { signAdyenItem, signGoCardless, signStripe } from './signing';

const stripe = new Stripe('sk_test_signing');

describe('signStripe', () => {
  const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'payment_intent.succeeded', data: { object: { id: 'pi_1' } } });
  const secret = 'whsec_test_secret';

  it('is accepted by stripe.webhooks.constructEvent', () => {
    const event = stripe.webhooks.constructEvent(payload, signStripe(payload, secret), secret);
    expect(event.id).toBe('evt_1');
  });

  it('matches generateTestHeaderString for the same timestamp', () => {
    const timestamp = 1_800_000_000;
    expect(signStripe(payload, secret, timestamp)).toBe(stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp }));
  });

  it('is rejected with another secret or an old timestamp', () => {
    expect(() => stripe.webhooks.constructEvent(payload, signStripe(payload, 'whsec_other'), secret)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    const old = Math.floor(Date.now() / 1000) - 301;
    expect(() => stripe.webhooks.constructEvent(payload, signStripe(payload, secret, old), secret)).toThrow(/tolerance/i);
  });
});

describe('signAdyenItem', () => {
  const hmacKey = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';
  const item = {
    pspReference: '7914073381342284',
    merchantAccountCode: 'TestMerchant',
    merchantReference: 'TestPayment-1407325143704',
    amount: { value: 1130, currency: 'EUR' },
    eventCode: 'AUTHORISATION',
    success: 'true',
    additionalData: {} as Record<string, string>,
  };

  it('equals hmacValidator.calculateHmac and passes validateHMAC', () => {
    const signature = signAdyenItem(item, hmacKey);
    const validator = new hmacValidator();
    const asSdkItem = { ...item, additionalData: { hmacSignature: signature } } as unknown as NotificationRequestItem;
    expect(signature).toBe(validator.calculateHmac(asSdkItem, hmacKey));
    expect(validator.validateHMAC(asSdkItem, hmacKey)).toBe(true);
  });

  it('covers originalReference and fails with another key', () => {
    const withOriginal = { ...item, originalReference: '8813' };
    expect(signAdyenItem(withOriginal, hmacKey)).not.toBe(signAdyenItem(item, hmacKey));
    const validator = new hmacValidator();
    const asSdkItem = { ...item, additionalData: { hmacSignature: signAdyenItem(item, 'AA'.repeat(32)) } } as unknown as NotificationRequestItem;
    expect(validator.validateHMAC(asSdkItem, hmacKey)).toBe(false);
  });
});

describe('signGoCardless', () => {
  const body = JSON.stringify({ events: [{ id: 'EV123', resource_type: 'payments', action: 'paid_out', links: { payment: 'PM123' } }], meta: { webhook_id: 'WB1' } });

  it('is lowercase hex accepted by parse()', () => {
    const signature = signGoCardless(body, 'gc-secret');
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(parse(body, 'gc-secret', signature).map((e) => e.id)).toEqual(['EV123']);
  });

  it('is rejected with another secret', () => {
    expect(() => parse(body, 'other', signGoCardless(body, 'gc-secret'))).toThrow(InvalidSignatureError as unknown as new () => Error);
  });
});
