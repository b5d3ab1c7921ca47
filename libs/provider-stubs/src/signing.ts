import { createHmac } from 'node:crypto';

/**
 * The `Stripe-Signature` header for `payload`: `t=<unix>,v1=<hex HMAC-SHA256>` keyed with the whole
 * secret (`whsec_` included) over `"<t>.<payload>"`. `stripe.webhooks.constructEvent` accepts it
 * within its 300 s tolerance of `timestamp` (default: now).
 */
export function signStripe(payload: string, secret: string, timestamp: number = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/** The fields of an Adyen notification item that its HMAC covers. */
export interface AdyenSignableItem {
  pspReference: string;
  originalReference?: string | null;
  merchantAccountCode: string;
  merchantReference: string;
  amount: { value: number | string; currency: string };
  eventCode: string;
  success: string;
}

/**
 * The `additionalData.hmacSignature` of an Adyen notification item: base64 HMAC-SHA256, keyed with
 * the hex-decoded HMAC key, over `pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success`
 * (what `hmacValidator.calculateHmac` computes).
 */
export function signAdyenItem(item: AdyenSignableItem, hexHmacKey: string): string {
  const data = [
    item.pspReference,
    item.originalReference ?? '',
    item.merchantAccountCode,
    item.merchantReference,
    item.amount.value,
    item.amount.currency,
    item.eventCode,
    item.success,
  ].join(':');
  return createHmac('sha256', Buffer.from(hexHmacKey, 'hex')).update(data, 'utf8').digest('base64');
}

/** The GoCardless `Webhook-Signature` header: lowercase hex HMAC-SHA256 of the raw body, keyed with the secret as UTF-8. */
export function signGoCardless(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}
