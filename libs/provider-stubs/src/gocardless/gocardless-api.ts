import { type ProviderRequest, type Route, json, type StubResponse } from '../core/http';
import { goCardlessId, isoDate } from '../core/ids';
import { asObject, isObject, type JsonObject, nullableString, optBoolean, optNumber, optString, stringMap } from '../core/json';
import type { Scenarios } from '../core/scenarios';
import { goCardlessError, resourceNotFound, validationFailed } from './gocardless-errors';
import type { GoCardlessStore } from './gocardless-store';
import type { GoCardlessBillingRequest, GoCardlessBillingRequestFlow, GoCardlessPayment } from './gocardless-types';

/** What the GoCardless handlers work on. */
export interface GoCardlessContext {
  store: GoCardlessStore;
  scenarios: Scenarios;
  baseUrl: string;
}

/** Reads the resource wrapped in `key` (`{"payments": {...}}`), or answers 400. */
function unwrap(req: ProviderRequest, key: string): JsonObject | StubResponse {
  const body = asObject(req.body);
  if (!isObject(body[key])) {
    return goCardlessError(400, 'invalid_api_usage', `Invalid document structure: expected a "${key}" object`, [
      { reason: 'invalid_document_structure', message: `Invalid document structure: expected a "${key}" object` },
    ]);
  }
  return body[key];
}

function isResponse(value: JsonObject | StubResponse): value is StubResponse {
  return typeof value.status === 'number' && 'body' in value;
}

function createCustomer(req: ProviderRequest, _params: Record<string, string>, ctx: GoCardlessContext): StubResponse {
  const input = unwrap(req, 'customers');
  if (isResponse(input)) return input;
  const customer = ctx.store.addCustomer({
    email: nullableString(input, 'email'),
    given_name: nullableString(input, 'given_name'),
    family_name: nullableString(input, 'family_name'),
    company_name: nullableString(input, 'company_name'),
    address_line1: nullableString(input, 'address_line1'),
    city: nullableString(input, 'city'),
    postal_code: nullableString(input, 'postal_code'),
    country_code: nullableString(input, 'country_code'),
    language: optString(input, 'language') ?? 'en',
    metadata: stringMap(input, 'metadata'),
  });
  return json(201, { customers: customer });
}

/** `GET /<kind>/:id` for any stored kind. */
function getter(kind: 'customers' | 'billing_requests' | 'billing_request_flows' | 'mandates' | 'payments') {
  return (_req: ProviderRequest, params: Record<string, string>, ctx: GoCardlessContext): StubResponse => {
    const row = ctx.store.tables[kind].get(params.id);
    return row ? json(200, { [kind]: row }) : resourceNotFound();
  };
}

function createBillingRequest(req: ProviderRequest, _params: Record<string, string>, ctx: GoCardlessContext): StubResponse {
  const input = unwrap(req, 'billing_requests');
  if (isResponse(input)) return input;
  const customerId = optString(asObject(input.links), 'customer');
  if (customerId && !ctx.store.tables.customers.get(customerId)) return validationFailed('links[customer]', 'must be a valid customer', '/billing_requests/links/customer');
  const mandateRequest = asObject(input.mandate_request);
  const billingRequest: GoCardlessBillingRequest = {
    id: goCardlessId('BRQ'),
    created_at: new Date().toISOString(),
    status: 'pending',
    mandate_request: isObject(input.mandate_request) ? { scheme: optString(mandateRequest, 'scheme') ?? 'bacs', currency: optString(mandateRequest, 'currency') ?? 'GBP' } : null,
    payment_request: null,
    metadata: stringMap(input, 'metadata'),
    links: { customer: customerId ?? ctx.store.addCustomer().id },
  };
  ctx.store.tables.billing_requests.put(billingRequest.id, billingRequest);
  return json(201, { billing_requests: billingRequest });
}

function createBillingRequestFlow(req: ProviderRequest, _params: Record<string, string>, ctx: GoCardlessContext): StubResponse {
  const input = unwrap(req, 'billing_request_flows');
  if (isResponse(input)) return input;
  const billingRequestId = optString(asObject(input.links), 'billing_request');
  if (!billingRequestId || !ctx.store.tables.billing_requests.get(billingRequestId)) {
    return validationFailed('links[billing_request]', 'must be a valid billing request', '/billing_request_flows/links/billing_request');
  }
  const id = goCardlessId('BRF');
  const flow: GoCardlessBillingRequestFlow = {
    id,
    created_at: new Date().toISOString(),
    expires_at: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    authorisation_url: `${ctx.baseUrl}/flow/${id}`,
    redirect_uri: nullableString(input, 'redirect_uri'),
    exit_uri: nullableString(input, 'exit_uri'),
    links: { billing_request: billingRequestId },
  };
  ctx.store.tables.billing_request_flows.put(id, flow);
  return json(201, { billing_request_flows: flow });
}

function listMandates(req: ProviderRequest, _params: Record<string, string>, ctx: GoCardlessContext): StubResponse {
  const customer = typeof req.query.customer === 'string' ? req.query.customer : undefined;
  const statuses = typeof req.query.status === 'string' && req.query.status !== '' ? req.query.status.split(',') : undefined;
  const limit = typeof req.query.limit === 'string' && /^\d+$/.test(req.query.limit) ? Math.min(Number(req.query.limit), 500) : 50;
  const mandates = ctx.store.tables.mandates
    .list()
    .filter((m) => (customer === undefined || m.links.customer === customer) && (statuses === undefined || statuses.includes(m.status)))
    .slice(0, limit);
  return json(200, { mandates, meta: { cursors: { before: null, after: null }, limit } });
}

function createPayment(req: ProviderRequest, _params: Record<string, string>, ctx: GoCardlessContext): StubResponse {
  const input = unwrap(req, 'payments');
  if (isResponse(input)) return input;
  const amount = optNumber(input, 'amount');
  if (amount === undefined || !Number.isInteger(amount) || amount <= 0) return validationFailed('amount', 'must be greater than 0', '/payments/amount');
  const currency = optString(input, 'currency');
  if (!currency) return validationFailed('currency', 'is required', '/payments/currency');
  const mandateId = optString(asObject(input.links), 'mandate');
  const mandate = mandateId ? ctx.store.tables.mandates.get(mandateId) : undefined;
  if (!mandate) return validationFailed('links[mandate]', 'must be a valid mandate', '/payments/links/mandate');
  if (ctx.scenarios.get('gocardless', mandate.links.customer, 'pending_submission') === 'validation_failed') {
    return validationFailed('links[mandate]', 'the mandate cannot be charged (scenario validation_failed)', '/payments/links/mandate');
  }
  const payment: GoCardlessPayment = {
    id: goCardlessId('PM'),
    created_at: new Date().toISOString(),
    charge_date: optString(input, 'charge_date') ?? mandate.next_possible_charge_date ?? isoDate(3),
    amount,
    amount_refunded: 0,
    currency: currency.toUpperCase(),
    description: nullableString(input, 'description'),
    reference: nullableString(input, 'reference'),
    status: 'pending_submission',
    retry_if_possible: optBoolean(input, 'retry_if_possible') ?? true,
    metadata: stringMap(input, 'metadata'),
    links: { mandate: mandate.id, creditor: ctx.store.creditorId },
  };
  ctx.store.tables.payments.put(payment.id, payment);
  return json(201, { payments: payment });
}

/** The GoCardless routes, below `/gocardless`. */
export const goCardlessRoutes: Route<GoCardlessContext>[] = [
  { method: 'POST', pattern: '/customers', handle: createCustomer },
  { method: 'GET', pattern: '/customers/:id', handle: getter('customers') },
  { method: 'POST', pattern: '/billing_requests', handle: createBillingRequest },
  { method: 'GET', pattern: '/billing_requests/:id', handle: getter('billing_requests') },
  { method: 'POST', pattern: '/billing_request_flows', handle: createBillingRequestFlow },
  { method: 'GET', pattern: '/billing_request_flows/:id', handle: getter('billing_request_flows') },
  { method: 'GET', pattern: '/mandates', handle: listMandates },
  { method: 'GET', pattern: '/mandates/:id', handle: getter('mandates') },
  { method: 'POST', pattern: '/payments', handle: createPayment },
  { method: 'GET', pattern: '/payments/:id', handle: getter('payments') },
];
