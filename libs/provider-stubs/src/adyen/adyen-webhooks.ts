import { ControlError } from '../core/control-error';
import { adyenReference } from '../core/ids';
import { postWebhook } from '../core/post-webhook';
import { signAdyenItem } from '../signing';
import type { AdyenNotifyArgs, CompleteAdyenPaymentLinkArgs, WebhookDelivery } from '../types';
import type { AdyenStore } from './adyen-store';
import type { AdyenNotificationItem } from './adyen-types';

/** Signs `item` (sets `additionalData.hmacSignature`) and posts it as the only notification item. */
export async function sendAdyenNotification({ url, hmacKey, item }: AdyenNotifyArgs): Promise<WebhookDelivery> {
  if (!/^([0-9a-fA-F]{2})+$/.test(hmacKey)) throw new ControlError('hmacKey must be a hex string');
  const signed: AdyenNotificationItem = { ...item, additionalData: { ...item.additionalData, hmacSignature: signAdyenItem(item, hmacKey) } };
  const body = JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: signed }] });
  return postWebhook(url, { 'content-type': 'application/json' }, body);
}

/**
 * Completes a payment link as the shopper would: on success a card is stored for the link's
 * shopperReference (and the link becomes `completed`); then the AUTHORISATION notification is sent
 * with the link's amount (0 for Lago's card-authorisation links), merchant account and reference,
 * the recurring references, and the link's metadata as `metadata.<key>`.
 */
export async function completeAdyenPaymentLink(store: AdyenStore, args: CompleteAdyenPaymentLinkArgs): Promise<WebhookDelivery> {
  const link = store.tables.payment_links.get(args.paymentLinkId);
  if (!link) throw new ControlError(`no Adyen payment link ${args.paymentLinkId}`, 404);
  const success = args.success ?? true;
  const additionalData: Record<string, string> = {};
  if (link.shopperReference) {
    additionalData.shopperReference = link.shopperReference;
    additionalData['recurring.shopperReference'] = link.shopperReference;
  }
  if (success) {
    link.status = 'completed';
    if (link.shopperReference) additionalData['recurring.recurringDetailReference'] = store.addStoredCard(link.shopperReference).id;
  }
  for (const [key, value] of Object.entries(link.metadata ?? {})) additionalData[`metadata.${key}`] = value;
  const item: AdyenNotificationItem = {
    pspReference: adyenReference(),
    merchantAccountCode: link.merchantAccount,
    merchantReference: link.reference,
    amount: { ...link.amount },
    eventCode: 'AUTHORISATION',
    success: success ? 'true' : 'false',
    eventDate: new Date().toISOString(),
    reason: success ? '065959:1111:03/2030' : 'Refused',
    paymentMethod: 'visa',
    operations: ['CANCEL', 'CAPTURE', 'REFUND'],
    additionalData,
  };
  return sendAdyenNotification({ url: args.url, hmacKey: args.hmacKey, item });
}
