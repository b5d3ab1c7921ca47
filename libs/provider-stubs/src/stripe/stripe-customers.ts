import { type Route, json, type StubResponse, type ProviderRequest } from '../core/http';
import { stripeId, unixNow } from '../core/ids';
import { asObject, type JsonObject } from '../core/json';
import { stripeList, stripeLimit, type StripeContext } from './stripe-context';
import { missingParamObject, resourceMissing } from './stripe-errors';
import type { StripeAddress, StripeCustomer } from './stripe-types';

const ADDRESS_FIELDS = ['city', 'country', 'line1', 'line2', 'postal_code', 'state'] as const;

/** Applies Stripe's "empty string unsets" rule to an optional text field. */
function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Merges `address[...]` into the current address; an empty `address` unsets it. */
function mergeAddress(current: StripeAddress | null, input: unknown): StripeAddress | null {
  if (input === '') return null;
  const fields = asObject(input);
  const next: StripeAddress = current ? { ...current } : { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
  for (const field of ADDRESS_FIELDS) if (field in fields) next[field] = textOrNull(fields[field]);
  return next;
}

/** Merges `metadata[...]`; an empty value removes the key, an empty `metadata` clears all. */
export function mergeMetadata(current: Record<string, string>, input: unknown): Record<string, string> {
  if (input === '') return {};
  const next = { ...current };
  for (const [key, value] of Object.entries(asObject(input))) {
    if (value === '' || value === null) delete next[key];
    else next[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return next;
}

/** The customer as Stripe serves it (a deleted one is a stub object). */
export function serveCustomer(customer: StripeCustomer): unknown {
  if (customer.deleted) return { id: customer.id, object: 'customer', deleted: true };
  return customer;
}

function applyCustomerFields(customer: StripeCustomer, body: JsonObject): void {
  for (const field of ['email', 'name', 'phone', 'description'] as const) if (field in body) customer[field] = textOrNull(body[field]);
  if ('address' in body) customer.address = mergeAddress(customer.address, body.address);
  if ('metadata' in body) customer.metadata = mergeMetadata(customer.metadata, body.metadata);
}

function createCustomer(req: ProviderRequest, _params: Record<string, string>, ctx: StripeContext): StubResponse {
  const body = asObject(req.body);
  const customer: StripeCustomer = {
    id: stripeId('cus'),
    object: 'customer',
    created: unixNow(),
    livemode: false,
    email: null,
    name: null,
    phone: null,
    description: null,
    address: null,
    metadata: {},
    invoice_settings: { default_payment_method: null },
    default_source: null,
  };
  applyCustomerFields(customer, body);
  ctx.store.tables.customers.put(customer.id, customer);
  customer.invoice_settings.default_payment_method = ctx.store.addCard(customer.id).id;
  return json(200, customer);
}

function updateCustomer(req: ProviderRequest, params: Record<string, string>, ctx: StripeContext): StubResponse {
  const customer = ctx.store.liveCustomer(params.id);
  if (!customer) return resourceMissing('customer', params.id, 'id');
  const body = asObject(req.body);
  applyCustomerFields(customer, body);
  const settings = asObject(body.invoice_settings);
  if ('default_payment_method' in settings) {
    const pmId = textOrNull(settings.default_payment_method);
    if (pmId && !ctx.store.tables.payment_methods.get(pmId)) return missingParamObject('PaymentMethod', pmId, 'invoice_settings[default_payment_method]');
    customer.invoice_settings.default_payment_method = pmId;
  }
  return json(200, customer);
}

function retrieveCustomer(_req: ProviderRequest, params: Record<string, string>, ctx: StripeContext): StubResponse {
  const customer = ctx.store.tables.customers.get(params.id);
  return customer ? json(200, serveCustomer(customer)) : resourceMissing('customer', params.id, 'id');
}

function deleteCustomer(_req: ProviderRequest, params: Record<string, string>, ctx: StripeContext): StubResponse {
  const customer = ctx.store.liveCustomer(params.id);
  if (!customer) return resourceMissing('customer', params.id, 'id');
  customer.deleted = true;
  return json(200, serveCustomer(customer));
}

function listCustomers(req: ProviderRequest, _params: Record<string, string>, ctx: StripeContext): StubResponse {
  const email = typeof req.query.email === 'string' ? req.query.email : undefined;
  const data = ctx.store.tables.customers
    .list()
    .filter((c) => !c.deleted && (email === undefined || c.email === email))
    .reverse()
    .slice(0, stripeLimit(req.query.limit));
  return json(200, stripeList('/v1/customers', data));
}

function listCustomerPaymentMethods(req: ProviderRequest, params: Record<string, string>, ctx: StripeContext): StubResponse {
  if (!ctx.store.liveCustomer(params.id)) return resourceMissing('customer', params.id, 'customer');
  const type = typeof req.query.type === 'string' ? req.query.type : undefined;
  const data = ctx.store
    .paymentMethodsOf(params.id)
    .filter((pm) => type === undefined || pm.type === type)
    .slice(0, stripeLimit(req.query.limit));
  return json(200, stripeList(`/v1/customers/${params.id}/payment_methods`, data));
}

function retrieveCustomerPaymentMethod(_req: ProviderRequest, params: Record<string, string>, ctx: StripeContext): StubResponse {
  const pm = ctx.store.tables.payment_methods.get(params.pm);
  if (!ctx.store.liveCustomer(params.id) || !pm || pm.customer !== params.id) return resourceMissing('PaymentMethod', params.pm, 'payment_method');
  return json(200, pm);
}

function retrievePaymentMethod(_req: ProviderRequest, params: Record<string, string>, ctx: StripeContext): StubResponse {
  const pm = ctx.store.tables.payment_methods.get(params.pm);
  return pm ? json(200, pm) : resourceMissing('PaymentMethod', params.pm, 'payment_method');
}

function detachPaymentMethod(_req: ProviderRequest, params: Record<string, string>, ctx: StripeContext): StubResponse {
  const pm = ctx.store.tables.payment_methods.get(params.pm);
  if (!pm) return resourceMissing('PaymentMethod', params.pm, 'payment_method');
  const customer = ctx.store.liveCustomer(pm.customer);
  if (customer && customer.invoice_settings.default_payment_method === pm.id) customer.invoice_settings.default_payment_method = null;
  pm.customer = null;
  return json(200, pm);
}

function createFundingInstructions(req: ProviderRequest, params: Record<string, string>, ctx: StripeContext): StubResponse {
  if (!ctx.store.liveCustomer(params.id)) return resourceMissing('customer', params.id, 'customer');
  const body = asObject(req.body);
  const bankTransfer = asObject(body.bank_transfer);
  const type = typeof bankTransfer.type === 'string' ? bankTransfer.type : 'eu_bank_transfer';
  const country = typeof asObject(bankTransfer.eu_bank_transfer).country === 'string' ? String(asObject(bankTransfer.eu_bank_transfer).country) : 'DE';
  const address =
    type === 'gb_bank_transfer'
      ? { type: 'sort_code', sort_code: { account_holder_name: 'Stripe Stub', account_number: '00012345', sort_code: '108800' }, supported_networks: ['bacs', 'fps'] }
      : type === 'us_bank_transfer'
        ? { type: 'aba', aba: { account_number: '000123456789', bank_name: 'STUB BANK', routing_number: '110000000' }, supported_networks: ['ach', 'domestic_wire_us'] }
        : { type: 'iban', iban: { account_holder_name: 'Stripe Stub', bic: 'STUBDEFF', country, iban: `${country}00STUB0000000000000000` }, supported_networks: ['sepa'] };
  return json(200, {
    object: 'funding_instructions',
    bank_transfer: { country, financial_addresses: [address], type },
    currency: typeof body.currency === 'string' ? body.currency : 'eur',
    funding_type: 'bank_transfer',
    livemode: false,
  });
}

/** Customers and payment methods. */
export const stripeCustomerRoutes: Route<StripeContext>[] = [
  { method: 'POST', pattern: '/v1/customers', handle: createCustomer },
  { method: 'GET', pattern: '/v1/customers', handle: listCustomers },
  { method: 'GET', pattern: '/v1/customers/:id', handle: retrieveCustomer },
  { method: 'POST', pattern: '/v1/customers/:id', handle: updateCustomer },
  { method: 'DELETE', pattern: '/v1/customers/:id', handle: deleteCustomer },
  { method: 'GET', pattern: '/v1/customers/:id/payment_methods', handle: listCustomerPaymentMethods },
  { method: 'GET', pattern: '/v1/customers/:id/payment_methods/:pm', handle: retrieveCustomerPaymentMethod },
  { method: 'POST', pattern: '/v1/customers/:id/funding_instructions', handle: createFundingInstructions },
  { method: 'GET', pattern: '/v1/payment_methods/:pm', handle: retrievePaymentMethod },
  { method: 'POST', pattern: '/v1/payment_methods/:pm/detach', handle: detachPaymentMethod },
];
