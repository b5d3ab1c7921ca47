import { type ProviderRequest, type Route, json, type StubResponse } from '../core/http';
import { stripeId, unixNow } from '../core/ids';
import { asObject, optBoolean, optNumber, optString, stringList, stringMap } from '../core/json';
import type { StripeContext } from './stripe-context';
import { missingParam, missingParamObject, resourceMissing, stripeError } from './stripe-errors';
import type { StripeCheckoutSession, StripeLastPaymentError, StripePaymentIntent } from './stripe-types';

/** The `last_payment_error` of a declined card. */
export const CARD_DECLINED: StripeLastPaymentError = { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' };

const AUTHENTICATION_REQUIRED: StripeLastPaymentError = {
  type: 'card_error',
  code: 'authentication_required',
  decline_code: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
};

function createPaymentIntent(req: ProviderRequest, _params: Record<string, string>, ctx: StripeContext): StubResponse {
  const body = asObject(req.body);
  const amount = optNumber(body, 'amount');
  if (amount === undefined) return missingParam('amount');
  if (!Number.isInteger(amount) || amount < 0) return stripeError(400, { type: 'invalid_request_error', code: 'parameter_invalid_integer', message: 'Invalid integer: amount', param: 'amount' });
  const currency = optString(body, 'currency')?.toLowerCase();
  if (!currency) return missingParam('currency');
  const customerId = optString(body, 'customer') ?? null;
  const customer = ctx.store.liveCustomer(customerId);
  if (customerId && !customer) return missingParamObject('customer', customerId, 'customer');
  const pmId = optString(body, 'payment_method');
  if (pmId && !ctx.store.tables.payment_methods.get(pmId)) return missingParamObject('PaymentMethod', pmId, 'payment_method');
  const confirm = optBoolean(body, 'confirm') ?? false;
  const outcome = confirm ? ctx.scenarios.get('stripe', customerId, 'succeeded') : undefined;
  if (outcome === 'amount_too_small') {
    return stripeError(400, { type: 'invalid_request_error', code: 'amount_too_small', message: `Amount must be at least 50 ${currency}`, param: 'amount' });
  }
  const paymentMethod = pmId ?? customer?.invoice_settings.default_payment_method ?? null;
  const types = stringList(body, 'payment_method_types');
  const pi: StripePaymentIntent = {
    id: stripeId('pi'),
    object: 'payment_intent',
    created: unixNow(),
    livemode: false,
    status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    amount,
    amount_received: 0,
    currency,
    customer: customerId,
    payment_method: paymentMethod,
    payment_method_types: types.length > 0 ? types : ['card'],
    description: optString(body, 'description') ?? null,
    metadata: stringMap(body, 'metadata'),
    next_action: null,
    last_payment_error: null,
    canceled_at: null,
    confirm,
    off_session: optBoolean(body, 'off_session') ?? null,
  };
  ctx.store.tables.payment_intents.put(pi.id, pi);
  switch (outcome) {
    case undefined:
      return json(200, pi);
    case 'succeeded':
      pi.status = 'succeeded';
      pi.amount_received = amount;
      return json(200, pi);
    case 'processing':
      pi.status = 'processing';
      return json(200, pi);
    case 'requires_action':
      pi.status = 'requires_action';
      pi.next_action = { type: 'redirect_to_url', redirect_to_url: { url: `${ctx.baseUrl}/3ds/${pi.id}`, return_url: optString(body, 'return_url') ?? null } };
      return json(200, pi);
    case 'declined':
    case 'authentication_required': {
      const error = outcome === 'declined' ? CARD_DECLINED : AUTHENTICATION_REQUIRED;
      pi.status = 'requires_payment_method';
      pi.last_payment_error = { ...error };
      return stripeError(402, { ...error, payment_intent: structuredClone(pi) });
    }
  }
}

function retrievePaymentIntent(_req: ProviderRequest, params: Record<string, string>, ctx: StripeContext): StubResponse {
  const pi = ctx.store.tables.payment_intents.get(params.id);
  return pi ? json(200, pi) : resourceMissing('payment_intent', params.id, 'intent');
}

function cancelPaymentIntent(_req: ProviderRequest, params: Record<string, string>, ctx: StripeContext): StubResponse {
  const pi = ctx.store.tables.payment_intents.get(params.id);
  if (!pi) return resourceMissing('payment_intent', params.id, 'intent');
  if (pi.status === 'succeeded' || pi.status === 'canceled') {
    return stripeError(400, { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message: `You cannot cancel this PaymentIntent because it has a status of ${pi.status}.` });
  }
  pi.status = 'canceled';
  pi.canceled_at = unixNow();
  return json(200, pi);
}

/** The session as served (without the recorded request). */
function serveSession(session: StripeCheckoutSession): unknown {
  const { request: _request, ...served } = session;
  return served;
}

function createCheckoutSession(req: ProviderRequest, _params: Record<string, string>, ctx: StripeContext): StubResponse {
  const body = asObject(req.body);
  const mode = optString(body, 'mode');
  if (!mode) return missingParam('mode');
  const customerId = optString(body, 'customer') ?? null;
  if (customerId && !ctx.store.liveCustomer(customerId)) return missingParamObject('customer', customerId, 'customer');
  const id = stripeId('cs_test');
  const session: StripeCheckoutSession = {
    id,
    object: 'checkout.session',
    created: unixNow(),
    livemode: false,
    mode,
    status: 'open',
    url: `${ctx.baseUrl}/checkout/${id}`,
    customer: customerId,
    success_url: optString(body, 'success_url') ?? null,
    payment_method_types: stringList(body, 'payment_method_types'),
    metadata: stringMap(body, 'metadata'),
    expires_at: optNumber(body, 'expires_at') ?? unixNow() + 86_400,
    request: structuredClone(body),
  };
  ctx.store.tables.checkout_sessions.put(id, session);
  return json(200, serveSession(session));
}

function expireCheckoutSession(_req: ProviderRequest, params: Record<string, string>, ctx: StripeContext): StubResponse {
  const session = ctx.store.tables.checkout_sessions.get(params.id);
  if (!session) return resourceMissing('checkout.session', params.id, 'session');
  if (session.status !== 'open') {
    return stripeError(400, { type: 'invalid_request_error', message: `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".` });
  }
  session.status = 'expired';
  session.url = null;
  return json(200, serveSession(session));
}

function retrieveCheckoutSession(_req: ProviderRequest, params: Record<string, string>, ctx: StripeContext): StubResponse {
  const session = ctx.store.tables.checkout_sessions.get(params.id);
  return session ? json(200, serveSession(session)) : resourceMissing('checkout.session', params.id, 'session');
}

/** Payment intents and checkout sessions. */
export const stripePaymentRoutes: Route<StripeContext>[] = [
  { method: 'POST', pattern: '/v1/payment_intents', handle: createPaymentIntent },
  { method: 'GET', pattern: '/v1/payment_intents/:id', handle: retrievePaymentIntent },
  { method: 'POST', pattern: '/v1/payment_intents/:id/cancel', handle: cancelPaymentIntent },
  { method: 'POST', pattern: '/v1/checkout/sessions', handle: createCheckoutSession },
  { method: 'GET', pattern: '/v1/checkout/sessions/:id', handle: retrieveCheckoutSession },
  { method: 'POST', pattern: '/v1/checkout/sessions/:id/expire', handle: expireCheckoutSession },
];
