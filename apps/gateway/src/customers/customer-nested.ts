import { lagoScalar, railsInteger } from '../http/lago-validation';
import { MAX_INTEGER_COLUMN } from './customer.body';
import { COUNTRY_CODES, INTEGRATION_CATEGORIES, STRIPE_PAYMENT_METHODS, type UpsertCustomerMetadataV1, type UpsertCustomerV1, type UpsertIntegrationCustomerV1 } from '@app/contracts';

const MAX_METADATA = 5;
const SHIPPING_KEYS = ['address_line1', 'address_line2', 'city', 'zipcode', 'state', 'country'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Details = Record<string, unknown>;
const add = (details: Details, field: string, code: string) => {
  const codes = (details[field] as string[] | undefined) ?? [];
  if (!codes.includes(code)) codes.push(code);
  details[field] = codes;
};

/**
 * Lago's metadata rules: at most 5 entries (`metadata: invalid_count`, checked first), each with
 * a key of 1–20 and a value of 1–100 characters; errors are named after the entry's own fields
 * (`key`, `value`), not prefixed. Keys must be unique within the set (decision 10.5). Anything
 * but an array is dropped, as Rails' strong parameters do.
 */
export function readMetadata(value: unknown, details: Details): UpsertCustomerMetadataV1[] | undefined {
  if (!Array.isArray(value)) return undefined;
  if (value.length > MAX_METADATA) {
    add(details, 'metadata', 'invalid_count');
    return undefined;
  }
  const entries: UpsertCustomerMetadataV1[] = [];
  const seen = new Set<string>();
  for (const item of value) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      add(details, 'metadata', 'value_is_invalid');
      continue;
    }
    const raw = item as Record<string, unknown>;
    const key = scalar(raw.key);
    const val = scalar(raw.value);
    if (key === undefined || key === '') add(details, 'key', 'value_is_mandatory');
    else if (key.length > 20) add(details, 'key', 'value_is_too_long');
    else if (seen.has(key)) add(details, 'key', 'value_already_exist');
    if (val === undefined || val === '') add(details, 'value', 'value_is_mandatory');
    else if (val.length > 100) add(details, 'value', 'value_is_too_long');
    if (key) seen.add(key);
    const display = raw.display_in_invoice;
    const displayInInvoice = display === true || display === 'true' || display === '1' || display === 1;
    entries.push({
      id: typeof raw.id === 'string' && UUID.test(raw.id) ? raw.id.toLowerCase() : null,
      key: key ?? '',
      value: val ?? '',
      display_in_invoice: displayInInvoice,
    });
  }
  return entries;
}

/**
 * Lago's shipping address: each key present is applied like a scalar (blank becomes null), the
 * country is upper-cased and checked (`shipping_country: not_a_valid_country_code`). Anything but
 * an object is dropped.
 */
export function readShippingAddress(value: unknown, details: Details): UpsertCustomerV1['shipping_address'] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const raw = value as Record<string, unknown>;
  const address: NonNullable<UpsertCustomerV1['shipping_address']> = {};
  for (const key of SHIPPING_KEYS) {
    if (!Object.prototype.hasOwnProperty.call(raw, key)) continue;
    const v = raw[key];
    if (v !== null && typeof v === 'object') continue;
    const text = v === null || v === undefined ? null : scalar(v);
    address[key] = text === undefined || text === null || text.trim() === '' ? null : text;
  }
  if (address.country) {
    address.country = address.country.toUpperCase();
    if (!COUNTRY_CODES.includes(address.country)) add(details, 'shipping_country', 'not_a_valid_country_code');
  }
  return address;
}

/** A scalar as a string, or undefined when absent, null or not a scalar. */
function scalar(value: unknown): string | undefined {
  const v = lagoScalar(value);
  return typeof v === 'string' ? v : undefined;
}

/** `tax_codes`: an array of codes replaces the customer's taxes (`[]` removes them); anything else is dropped. */
export function readTaxCodes(value: unknown, details: Details): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  if (!value.every((code) => typeof code === 'string')) {
    add(details, 'tax_codes', 'value_is_invalid');
    return undefined;
  }
  return [...new Set(value as string[])];
}

export const DOCUMENT_LOCALES = ['en', 'fr', 'nb', 'de', 'it', 'es', 'sv', 'pt-BR', 'zh-TW'];
const ANCHORS = ['current_period_end', 'next_period_start'];
const ADJUSTMENTS = ['keep_anchor', 'align_with_finalization_date'];

/**
 * The `billing_configuration` keys that do not involve a payment provider, each applied on its
 * own when present: `invoice_grace_period` (integer >= 0 or null, no premium gate),
 * `document_locale` (Lago's locales), the issuing-date anchor and adjustment. Errors are named
 * after the key, as in Lago. Anything but an object is dropped.
 */
export function readBillingConfiguration(value: unknown, details: Details): UpsertCustomerV1['billing_configuration'] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const raw = value as Record<string, unknown>;
  const result: NonNullable<UpsertCustomerV1['billing_configuration']> = {};
  const has = (key: string) => Object.prototype.hasOwnProperty.call(raw, key);
  if (has('invoice_grace_period')) {
    const v = raw.invoice_grace_period;
    const n = railsInteger(v);
    if (n === null) result.invoice_grace_period = null;
    else if (typeof n !== 'number' || !Number.isInteger(n)) add(details, 'invoice_grace_period', 'value_is_invalid');
    else if (n < 0 || n > MAX_INTEGER_COLUMN) add(details, 'invoice_grace_period', 'value_is_out_of_range');
    else result.invoice_grace_period = n;
  }
  const oneOf = <T extends string>(key: keyof NonNullable<UpsertCustomerV1['billing_configuration']>, allowed: string[], code: string) => {
    if (!has(key)) return;
    const v = raw[key];
    if (v === null) (result as Record<string, unknown>)[key] = null;
    else if (typeof v === 'string' && allowed.includes(v)) (result as Record<string, unknown>)[key] = v as T;
    else add(details, key, code);
  };
  oneOf('document_locale', DOCUMENT_LOCALES, 'not_a_valid_language_code');
  oneOf('subscription_invoice_issuing_date_anchor', ANCHORS, 'value_is_invalid');
  oneOf('subscription_invoice_issuing_date_adjustment', ADJUSTMENTS, 'value_is_invalid');
  readProviderKeys(raw, result, details);
  return result;
}

/**
 * The payment-provider keys of `billing_configuration`. Scalars follow Lago's scalar rule (objects
 * and arrays are dropped); a blank `provider_customer_id` is null; `sync` is accepted and has no
 * effect (provider customers are always created asynchronously, by payment-sync);
 * `provider_payment_methods` is checked with Stripe's rules unless another provider is named.
 */
function readProviderKeys(raw: Record<string, unknown>, result: NonNullable<UpsertCustomerV1['billing_configuration']>, details: Details): void {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(raw, key);
  for (const key of ['payment_provider', 'payment_provider_code', 'provider_customer_id'] as const) {
    if (!has(key)) continue;
    const value = lagoScalar(raw[key]);
    if (value === undefined) continue;
    result[key] = typeof value === 'string' && value.trim() !== '' ? value : null;
  }
  for (const key of ['sync', 'sync_with_provider'] as const) {
    if (!has(key)) continue;
    const value = raw[key] === 'true' ? true : raw[key] === 'false' ? false : raw[key];
    if (value !== null && typeof value !== 'boolean') add(details, key, 'value_is_invalid');
    else if (key === 'sync_with_provider') result.sync_with_provider = value;
  }
  const methods = raw.provider_payment_methods;
  if (!Array.isArray(methods)) return;
  if (result.payment_provider !== undefined && result.payment_provider !== 'stripe') return;
  if (methods.some((m) => typeof m !== 'string' || !(STRIPE_PAYMENT_METHODS as readonly string[]).includes(m))) {
    add(details, 'provider_payment_methods', 'value_is_invalid');
  } else if (methods.includes('link') && !methods.includes('card')) {
    add(details, 'provider_payment_methods', 'value_is_invalid');
  } else if (methods.includes('customer_balance') && methods.length > 1) {
    // Lago's raw message, not a code.
    add(details, 'provider_payment_methods', 'customer_balance cannot be combined with other payment methods');
  } else {
    result.provider_payment_methods = methods as string[];
  }
}

const SETTINGS_KEYS = ['sync_with_provider', 'subsidiary_id', 'targeted_object'] as const;

/**
 * `integration_customers`: the whole set of links. Two items of one type are Lago's
 * `invalid_count_per_integration_type` (checked first); a missing or unknown type is a 422
 * (Lago fails after commit with a 500, decision 10.4). Anything but an array is dropped.
 */
export function readIntegrationCustomers(value: unknown, details: Details): UpsertIntegrationCustomerV1[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const items = value.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null && !Array.isArray(item));
  if (items.length !== value.length) add(details, 'integration_customers', 'value_is_invalid');
  const types = items.map((item) => item.integration_type);
  if (new Set(types).size !== types.length) {
    add(details, 'integration_customers', 'invalid_count_per_integration_type');
    return undefined;
  }
  const links: UpsertIntegrationCustomerV1[] = [];
  for (const item of items) {
    const type = item.integration_type;
    if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(INTEGRATION_CATEGORIES, type)) {
      add(details, 'integration_type', 'value_is_invalid');
      continue;
    }
    const settings: Record<string, unknown> = {};
    for (const key of SETTINGS_KEYS) if (item[key] !== undefined && (item[key] === null || typeof item[key] !== 'object')) settings[key] = item[key];
    links.push({
      id: typeof item.id === 'string' && UUID.test(item.id) ? item.id.toLowerCase() : null,
      integration_type: type as UpsertIntegrationCustomerV1['integration_type'],
      integration_code: scalar(item.integration_code) ?? null,
      code: scalar(item.code) ?? null,
      external_customer_id: scalar(item.external_customer_id) ?? null,
      settings,
    });
  }
  return links;
}
