import { ControlError } from '../core/control-error';
import { stripeId, unixNow } from '../core/ids';
import { postWebhook } from '../core/post-webhook';
import { signStripe } from '../signing';
import type { CompleteStripePaymentIntentArgs, CompleteStripeSetupArgs, StripeEventArgs, WebhookDelivery } from '../types';
import { CARD_DECLINED } from './stripe-payments';
import type { StripeStore } from './stripe-store';
import type { StripeSetupIntent } from './stripe-types';

/** The API version stamped on events (Lago pins it). */
export const STRIPE_EVENT_API_VERSION = '2025-04-30.basil';

/** Builds, signs and posts a Stripe event. */
export async function sendStripeEvent({ url, secret, type, object }: StripeEventArgs): Promise<WebhookDelivery> {
  const event = {
    id: stripeId('evt'),
    object: 'event',
    api_version: STRIPE_EVENT_API_VERSION,
    created: unixNow(),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
  const body = JSON.stringify(event, null, 2);
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
    'stripe-signature': signStripe(body, secret),
  };
  return postWebhook(url, headers, body);
}

/** Moves a stored payment intent to its final state and sends `payment_intent.<outcome>` with it. */
export async function completeStripePaymentIntent(store: StripeStore, args: CompleteStripePaymentIntentArgs): Promise<WebhookDelivery> {
  const pi = store.tables.payment_intents.get(args.paymentIntentId);
  if (!pi) throw new ControlError(`no Stripe payment intent ${args.paymentIntentId}`, 404);
  switch (args.outcome) {
    case 'succeeded':
      pi.status = 'succeeded';
      pi.amount_received = pi.amount;
      pi.next_action = null;
      pi.last_payment_error = null;
      break;
    case 'payment_failed':
      pi.status = 'requires_payment_method';
      pi.next_action = null;
      pi.last_payment_error = { ...CARD_DECLINED };
      break;
    case 'canceled':
      pi.status = 'canceled';
      pi.next_action = null;
      pi.canceled_at = unixNow();
      break;
    default:
      throw new ControlError(`outcome must be succeeded, payment_failed or canceled`);
  }
  return sendStripeEvent({ url: args.url, secret: args.secret, type: `payment_intent.${args.outcome}`, object: { ...structuredClone(pi) } });
}

/** Attaches a new card to the customer and sends `setup_intent.succeeded` naming it. */
export async function completeStripeSetup(store: StripeStore, args: CompleteStripeSetupArgs): Promise<WebhookDelivery> {
  if (!store.liveCustomer(args.customerId)) throw new ControlError(`no Stripe customer ${args.customerId}`, 404);
  const pm = store.addCard(args.customerId, args.card);
  const setupIntent: StripeSetupIntent = { id: stripeId('seti'), object: 'setup_intent', created: unixNow(), customer: args.customerId, payment_method: pm.id, status: 'succeeded' };
  store.tables.setup_intents.put(setupIntent.id, setupIntent);
  return sendStripeEvent({ url: args.url, secret: args.secret, type: 'setup_intent.succeeded', object: { ...setupIntent } });
}
