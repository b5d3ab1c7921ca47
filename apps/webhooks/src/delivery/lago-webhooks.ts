import {
  CUSTOMER_EVENTS,
  INVOICE_EVENTS,
  PAYMENT_REQUEST_EVENTS,
  PROVIDER_CUSTOMER_EVENTS,
  type PaymentRequestPaymentErrorV1,
  type ProviderCustomerEventV1,
} from '@app/contracts';

/** One Lago webhook for one event, before it is addressed to endpoints. */
export type LagoWebhook = { webhook_type: string; object_type: string; object: Record<string, unknown> };

type JsonObject = Record<string, unknown>;

/** Lago's webhook types (the keys of `SendWebhookJob::WEBHOOK_SERVICES`) this module produces. */
const TYPES = {
  customerCreated: 'customer.created',
  customerUpdated: 'customer.updated',
  customerPaymentProviderCreated: 'customer.payment_provider_created',
  customerPaymentProviderError: 'customer.payment_provider_error',
  customerCheckoutUrlGenerated: 'customer.checkout_url_generated',
  invoiceOneOffCreated: 'invoice.one_off_created',
  invoicePaymentStatusUpdated: 'invoice.payment_status_updated',
  invoicePaymentOverdue: 'invoice.payment_overdue',
  invoiceVoided: 'invoice.voided',
  invoicePaymentDisputeLost: 'invoice.payment_dispute_lost',
  paymentRequestCreated: 'payment_request.created',
  paymentRequestPaymentStatusUpdated: 'payment_request.payment_status_updated',
  paymentRequestPaymentFailure: 'payment_request.payment_failure',
} as const;

/** Every `webhook_type` `lagoWebhooksFor` can return: the valid values of an endpoint's `event_types`. */
export const WEBHOOK_TYPES: readonly string[] = Object.freeze(Object.values(TYPES));

// `V1::CustomerSerializer` always writes the base fields and `metadata`, then these optional
// collections in this order, each only when the webhook's serializer asks for it.
const CUSTOMER_COLLECTIONS = ['taxes', 'vies_check', 'integration_customers', 'applicable_invoice_custom_sections', 'error_details'] as const;
type CustomerCollection = (typeof CUSTOMER_COLLECTIONS)[number];

// Same for `V1::InvoiceSerializer` (`metadata` is optional there).
const INVOICE_COLLECTIONS = [
  'customer',
  'subscriptions',
  'billing_periods',
  'fees',
  'credits',
  'metadata',
  'applied_taxes',
  'error_details',
  'applied_invoice_custom_sections',
] as const;
type InvoiceCollection = (typeof INVOICE_COLLECTIONS)[number];

// The `includes:` of each app/services/webhooks/invoices/*_service.rb. Our events carry the full
// invoice; each webhook shows what Lago's serializer call for it shows.
const ONE_OFF_CREATED_INCLUDES: readonly InvoiceCollection[] = ['customer', 'fees', 'applied_taxes', 'applied_invoice_custom_sections'];
const PAYMENT_STATUS_UPDATED_INCLUDES: readonly InvoiceCollection[] = ['customer', 'fees'];
const PAYMENT_OVERDUE_INCLUDES: readonly InvoiceCollection[] = ['customer', 'fees', 'applied_taxes'];
const VOIDED_INCLUDES: readonly InvoiceCollection[] = ['customer', 'subscriptions', 'billing_periods', 'fees', 'credits', 'applied_taxes'];

/**
 * The Lago webhooks one of our public events stands for (usually one, sometimes none).
 *
 * Checked against getlago/lago-api:
 * - `customer.deleted`: `Customers::DestroyService` only writes an activity log; there is no
 *   customer deletion webhook in `SendWebhookJob::WEBHOOK_SERVICES`.
 * - `invoice.created` (ours: a one-off invoice was finalized): `Invoices::CreateOneOffService`
 *   sends only `invoice.one_off_created`, and nothing for a `closed` (zero-amount) invoice. Lago's
 *   `invoice.created` comes from subscription, progressive-billing and pay-in-advance invoices; the
 *   one path that sends it for a one-off invoice is a tax-provider deferral finished by
 *   `Invoices::ProviderTaxes::PullTaxesAndApplyService`, which we do not have.
 * - `invoice.payment_dispute_lost`: object_type is `payment_dispute_lost`, the object
 *   `{invoice: <invoice + customer>}` (plus `provider_error` when a provider reported a reason;
 *   the API path has none).
 */
export function lagoWebhooksFor(eventType: string, payload: unknown, context: { customerIsNew?: boolean }): LagoWebhook[] {
  if (!isObject(payload)) return [];
  switch (eventType) {
    case CUSTOMER_EVENTS.upserted:
      return [
        webhook(context.customerIsNew ? TYPES.customerCreated : TYPES.customerUpdated, 'customer', customerObject(payload, ['integration_customers'])),
      ];
    case CUSTOMER_EVENTS.deleted:
      return [];

    case PROVIDER_CUSTOMER_EVENTS.created: {
      const customer = (payload as Partial<ProviderCustomerEventV1>).customer;
      return isObject(customer) ? [webhook(TYPES.customerPaymentProviderCreated, 'customer', customerObject(customer, []))] : [];
    }
    case PROVIDER_CUSTOMER_EVENTS.error: {
      const event = payload as Partial<ProviderCustomerEventV1>;
      return [
        webhook(TYPES.customerPaymentProviderError, 'payment_provider_customer_error', {
          ...providerCustomerRef(event),
          provider_error: event.provider_error ?? null,
        }),
      ];
    }
    case PROVIDER_CUSTOMER_EVENTS.checkoutUrlGenerated: {
      const event = payload as Partial<ProviderCustomerEventV1>;
      return [
        webhook(TYPES.customerCheckoutUrlGenerated, 'payment_provider_customer_checkout_url', {
          ...providerCustomerRef(event),
          checkout_url: event.checkout_url ?? null,
        }),
      ];
    }

    case INVOICE_EVENTS.created:
      return [webhook(TYPES.invoiceOneOffCreated, 'invoice', invoiceObject(payload, ONE_OFF_CREATED_INCLUDES))];
    case INVOICE_EVENTS.paymentStatusUpdated:
      return [webhook(TYPES.invoicePaymentStatusUpdated, 'invoice', invoiceObject(payload, PAYMENT_STATUS_UPDATED_INCLUDES))];
    case INVOICE_EVENTS.paymentOverdue:
      return [webhook(TYPES.invoicePaymentOverdue, 'invoice', invoiceObject(payload, PAYMENT_OVERDUE_INCLUDES))];
    case INVOICE_EVENTS.voided:
      return [webhook(TYPES.invoiceVoided, 'invoice', invoiceObject(payload, VOIDED_INCLUDES))];
    case INVOICE_EVENTS.paymentDisputeLost:
      return [webhook(TYPES.invoicePaymentDisputeLost, 'payment_dispute_lost', { invoice: invoiceObject(payload, ['customer']) })];

    case PAYMENT_REQUEST_EVENTS.created:
      return [webhook(TYPES.paymentRequestCreated, 'payment_request', paymentRequestObject(payload))];
    case PAYMENT_REQUEST_EVENTS.paymentStatusUpdated:
      return [webhook(TYPES.paymentRequestPaymentStatusUpdated, 'payment_request', paymentRequestObject(payload))];
    case PAYMENT_REQUEST_EVENTS.paymentFailure:
      return [webhook(TYPES.paymentRequestPaymentFailure, 'payment_provider_payment_request_payment_error', paymentErrorObject(payload))];

    default:
      return [];
  }
}

// ActiveSupport's JSON encoder (escape_html_entities_in_json, on by default in Rails 8.0) escapes
// these in Lago's bodies; doing the same keeps our bytes equal to Lago's for the same object.
const RAILS_JSON_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * The exact POST body of a webhook, as `Webhooks::BaseService` builds it:
 * `{"webhook_type":…,"object_type":…,"organization_id":…,"<object_type>":{…}}`, in that order.
 * Both signatures are computed over this string.
 */
export function webhookBody(webhook: LagoWebhook, organizationId: string): string {
  const json = JSON.stringify({
    webhook_type: webhook.webhook_type,
    object_type: webhook.object_type,
    organization_id: organizationId,
    [webhook.object_type]: webhook.object,
  });
  // Outside strings JSON has none of these characters, so replacing them everywhere is safe.
  return json.replace(/[<>&\u2028\u2029]/g, (c) => RAILS_JSON_ESCAPES[c]!);
}

function webhook(webhook_type: string, object_type: string, object: JsonObject): LagoWebhook {
  return { webhook_type, object_type, object };
}

// `V1::PaymentProviders::Customer{Error,Checkout}Serializer` key order.
function providerCustomerRef(event: Partial<ProviderCustomerEventV1>): JsonObject {
  return {
    lago_customer_id: event.lago_customer_id ?? null,
    external_customer_id: event.external_customer_id ?? null,
    payment_provider: event.payment_provider ?? null,
    payment_provider_code: event.payment_provider_code ?? null,
  };
}

function customerObject(customer: JsonObject, includes: readonly CustomerCollection[]): JsonObject {
  return withCollections(customer, CUSTOMER_COLLECTIONS, includes);
}

function invoiceObject(invoice: JsonObject, includes: readonly InvoiceCollection[]): JsonObject {
  const object = withCollections(invoice, INVOICE_COLLECTIONS, includes);
  // The invoice serializer nests the customer without any optional collection.
  if (isObject(object.customer)) object.customer = customerObject(object.customer, []);
  return object;
}

// `V1::PaymentRequestSerializer` with `includes: %i[customer invoices]`: the customer and each
// invoice with their base fields only.
function paymentRequestObject(request: JsonObject): JsonObject {
  const object: JsonObject = {};
  for (const [key, value] of Object.entries(request)) if (key !== 'customer' && key !== 'invoices') object[key] = value;
  if (isObject(request.customer)) object.customer = customerObject(request.customer, []);
  if (Array.isArray(request.invoices)) object.invoices = request.invoices.map((invoice: unknown) => (isObject(invoice) ? invoiceObject(invoice, []) : invoice));
  return object;
}

// `V1::PaymentProviders::PaymentRequestPaymentErrorSerializer` key order.
function paymentErrorObject(payload: JsonObject): JsonObject {
  const error = payload as Partial<PaymentRequestPaymentErrorV1>;
  return {
    lago_payment_request_id: error.lago_payment_request_id ?? null,
    lago_invoice_ids: error.lago_invoice_ids ?? [],
    lago_customer_id: error.lago_customer_id ?? null,
    external_customer_id: error.external_customer_id ?? null,
    provider_customer_id: error.provider_customer_id ?? null,
    payment_provider: error.payment_provider ?? null,
    payment_provider_code: error.payment_provider_code ?? null,
    provider_error: error.provider_error ?? null,
  };
}

/**
 * The base fields of `source` in their order, then the included collections in the serializer's
 * order (whatever order the source had them in), leaving the other collections out.
 */
function withCollections<C extends string>(source: JsonObject, collections: readonly C[], includes: readonly C[]): JsonObject {
  const optional = new Set<string>(collections);
  const object: JsonObject = {};
  for (const [key, value] of Object.entries(source)) if (!optional.has(key)) object[key] = value;
  for (const key of collections) if (includes.includes(key) && source[key] !== undefined) object[key] = source[key];
  return object;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
