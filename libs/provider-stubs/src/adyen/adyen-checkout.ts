import { type ProviderRequest, type Route, json, type StubResponse } from '../core/http';
import { adyenPaymentLinkId, adyenReference } from '../core/ids';
import { asObject, type JsonObject, optNumber, optString, stringMap } from '../core/json';
import type { Scenarios } from '../core/scenarios';
import { adyenError, adyenValidation } from './adyen-errors';
import type { AdyenStore } from './adyen-store';
import type { AdyenAmount, AdyenPayment, AdyenPaymentLink, AdyenStoredPaymentMethod } from './adyen-types';

/** What the Adyen handlers work on. */
export interface AdyenContext {
  store: AdyenStore;
  scenarios: Scenarios;
  baseUrl: string;
}

/** Reads `{value, currency}`; undefined when incomplete. */
function readAmount(body: JsonObject): AdyenAmount | undefined {
  const amount = asObject(body.amount);
  const value = optNumber(amount, 'value');
  const currency = optString(amount, 'currency');
  return value === undefined || !Number.isInteger(value) || !currency ? undefined : { value, currency };
}

/** A stored card as `/paymentMethods` lists it. */
function serveStored({ shopperReference: _shopper, ...method }: AdyenStoredPaymentMethod): unknown {
  return { ...method, name: 'VISA' };
}

function paymentMethods(req: ProviderRequest, _params: Record<string, string>, ctx: AdyenContext): StubResponse {
  const body = asObject(req.body);
  if (!optString(body, 'merchantAccount')) return adyenValidation('901', 'Invalid Merchant Account');
  const shopperReference = optString(body, 'shopperReference');
  return json(200, {
    paymentMethods: [{ type: 'scheme', name: 'Cards', brands: ['visa', 'mc', 'amex'] }],
    storedPaymentMethods: shopperReference ? ctx.store.storedFor(shopperReference).map(serveStored) : [],
  });
}

const REFUSAL: Partial<Record<string, { refusalReason: string; refusalReasonCode: string }>> = {
  Refused: { refusalReason: 'Refused', refusalReasonCode: '2' },
  Error: { refusalReason: 'Acquirer Error', refusalReasonCode: '4' },
};

function payments(req: ProviderRequest, _params: Record<string, string>, ctx: AdyenContext): StubResponse {
  const body = asObject(req.body);
  const pspReference = adyenReference();
  const merchantAccount = optString(body, 'merchantAccount');
  if (!merchantAccount) return adyenValidation('901', 'Invalid Merchant Account', pspReference);
  const amount = readAmount(body);
  if (!amount) return adyenValidation('100', "Required field 'amount' is not provided.", pspReference);
  const reference = optString(body, 'reference');
  if (!reference) return adyenValidation('130', "Required field 'reference' is not provided.", pspReference);
  const shopperReference = optString(body, 'shopperReference') ?? null;
  const resultCode = ctx.scenarios.get('adyen', shopperReference, 'Authorised');
  const payment: AdyenPayment = {
    pspReference,
    resultCode,
    merchantReference: reference,
    amount,
    merchantAccount,
    shopperReference,
    storedPaymentMethodId: optString(asObject(body.paymentMethod), 'storedPaymentMethodId') ?? null,
    ...REFUSAL[resultCode],
    request: structuredClone(body),
  };
  ctx.store.tables.payments.put(pspReference, payment);
  return json(200, {
    pspReference,
    resultCode,
    merchantReference: reference,
    amount,
    ...REFUSAL[resultCode],
  });
}

function createPaymentLink(req: ProviderRequest, _params: Record<string, string>, ctx: AdyenContext): StubResponse {
  const body = asObject(req.body);
  const merchantAccount = optString(body, 'merchantAccount');
  if (!merchantAccount) return adyenValidation('901', 'Invalid Merchant Account');
  const amount = readAmount(body);
  if (!amount) return adyenValidation('100', "Required field 'amount' is not provided.");
  const reference = optString(body, 'reference');
  if (!reference) return adyenValidation('130', "Required field 'reference' is not provided.");
  const id = adyenPaymentLinkId();
  const link: AdyenPaymentLink = {
    id,
    url: `${ctx.baseUrl}/paylink/${id}`,
    status: 'active',
    amount,
    merchantAccount,
    reference,
    expiresAt: optString(body, 'expiresAt') ?? new Date(Date.now() + 86_400_000).toISOString(),
  };
  const optional = ['shopperReference', 'shopperEmail', 'returnUrl', 'storePaymentMethodMode', 'recurringProcessingModel'] as const;
  for (const field of optional) {
    const value = optString(body, field);
    if (value !== undefined) link[field] = value;
  }
  if (body.metadata !== undefined) link.metadata = stringMap(body, 'metadata');
  ctx.store.tables.payment_links.put(id, link);
  return json(201, link);
}

function getPaymentLink(_req: ProviderRequest, params: Record<string, string>, ctx: AdyenContext): StubResponse {
  const link = ctx.store.tables.payment_links.get(params.id);
  return link ? json(200, link) : adyenError(404, '000', `Payment link ${params.id} not found`, 'validation');
}

function updatePaymentLink(req: ProviderRequest, params: Record<string, string>, ctx: AdyenContext): StubResponse {
  const link = ctx.store.tables.payment_links.get(params.id);
  if (!link) return adyenError(404, '000', `Payment link ${params.id} not found`, 'validation');
  if (optString(asObject(req.body), 'status') !== 'expired') return adyenValidation('702', "Only 'expired' can be set as status");
  link.status = 'expired';
  return json(200, link);
}

/** Checkout routes, below the `/vNN` version segment. */
export const adyenCheckoutRoutes: Route<AdyenContext>[] = [
  { method: 'POST', pattern: '/paymentMethods', handle: paymentMethods },
  { method: 'POST', pattern: '/payments', handle: payments },
  { method: 'POST', pattern: '/paymentLinks', handle: createPaymentLink },
  { method: 'GET', pattern: '/paymentLinks/:id', handle: getPaymentLink },
  { method: 'PATCH', pattern: '/paymentLinks/:id', handle: updatePaymentLink },
];
