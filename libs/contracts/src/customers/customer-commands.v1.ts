/** Request types served on `billing.rpc.customers.v1`. */
export const CUSTOMER_REQUESTS = {
  /** Create or update a customer by external_id; payload `UpsertCustomerV1`; reply `CustomerV1`. */
  upsert: 'customers.upsert',
  /** Read a live customer by external_id; payload `GetCustomerV1`; reply `CustomerV1`. */
  get: 'customers.get',
  /** List live customers; payload `ListCustomersV1`; reply `CustomerListV1`. */
  list: 'customers.list',
  /** Soft-delete a live customer by external_id; payload `GetCustomerV1`; reply `CustomerV1` (as deleted). */
  delete: 'customers.delete',
} as const;

/**
 * The customer fields of `POST /api/v1/customers`, already validated and normalised by the
 * gateway. A key that is absent leaves the stored value unchanged; `null` clears it.
 */
export interface UpsertCustomerV1 {
  /** Lookup key of the upsert. */
  external_id: string;
  /** Display name. */
  name?: string | null;
  /** First name. */
  firstname?: string | null;
  /** Last name. */
  lastname?: string | null;
  /** `company` or `individual`. */
  customer_type?: 'company' | 'individual' | null;
  /** Email address or comma-separated list. */
  email?: string | null;
  /** ISO-4217 currency code. */
  currency?: string | null;
  /** ISO-3166 alpha-2 country code, upper case. */
  country?: string | null;
  /** First address line. */
  address_line1?: string | null;
  /** Second address line. */
  address_line2?: string | null;
  /** City. */
  city?: string | null;
  /** Postal code. */
  zipcode?: string | null;
  /** State or region. */
  state?: string | null;
  /** Phone number. */
  phone?: string | null;
  /** Website. */
  url?: string | null;
  /** Logo URL. */
  logo_url?: string | null;
  /** Legal name. */
  legal_name?: string | null;
  /** Legal number. */
  legal_number?: string | null;
  /** Tax identification number. */
  tax_identification_number?: string | null;
  /** IANA time zone. */
  timezone?: string | null;
  /** Days until invoices are due. */
  net_payment_term?: number | null;
  /** Salesforce id. */
  external_salesforce_id?: string | null;
  /** `customer` or `partner`. */
  account_type?: 'customer' | 'partner';
  /** `inherit`, `skip` or `finalize` (null was turned into `inherit` by the gateway). */
  finalize_zero_amount_invoice?: 'inherit' | 'skip' | 'finalize';
  /** Whether invoice custom sections are skipped. */
  skip_invoice_custom_sections?: boolean;
  /** Shipping address keys present in the request (each applied like a scalar). */
  shipping_address?: Partial<Record<'address_line1' | 'address_line2' | 'city' | 'zipcode' | 'state' | 'country', string | null>>;
  /** The whole metadata set: entries with a known `id` keep it, the rest are new, others are deleted. */
  metadata?: UpsertCustomerMetadataV1[];
  /** `billing_configuration` keys present in the request, each applied on its own. */
  billing_configuration?: Partial<{
    invoice_grace_period: number | null;
    document_locale: string | null;
    subscription_invoice_issuing_date_anchor: 'current_period_end' | 'next_period_start' | null;
    subscription_invoice_issuing_date_adjustment: 'keep_anchor' | 'align_with_finalization_date' | null;
    /** Any string (an unknown provider is handled as Lago does), or null to remove the provider. */
    payment_provider: string | null;
    /** Code of the connection; the gateway resolved it into `provider_connection`. */
    payment_provider_code: string | null;
    /** The customer's id at the provider; blank was turned into null. */
    provider_customer_id: string | null;
    /** Create the customer at the provider (asynchronously, by payment-sync). */
    sync_with_provider: boolean | null;
    /** Stripe payment method types, already checked against Lago's rules. */
    provider_payment_methods: string[];
  }>;
  /**
   * The connection that `billing_configuration.payment_provider`/`payment_provider_code` name, as
   * found by the gateway before the command (present when either key carries a value).
   */
  provider_connection?: import('../payment-providers/payment-provider.v1').PaymentProviderResolutionV1;
  /** The whole set of integration links (absent: unchanged); links not listed are removed. */
  integration_customers?: UpsertIntegrationCustomerV1[];
  /** The taxes to apply, resolved by the gateway from `tax_codes`: the whole set (`[]` removes all). */
  taxes?: import('../taxes/tax.v1').TaxV1[];
}

/** Integration types Lago knows, and the category of each. */
export const INTEGRATION_CATEGORIES = {
  netsuite: 'accounting',
  xero: 'accounting',
  anrok: 'tax',
  avalara: 'tax',
  hubspot: 'crm',
  salesforce: 'crm',
} as const;

/** One integration link of an upsert. */
export interface UpsertIntegrationCustomerV1 {
  /** Id of an existing link of this customer to update. */
  id?: string | null;
  /** One of `INTEGRATION_CATEGORIES`' keys. */
  integration_type: keyof typeof INTEGRATION_CATEGORIES;
  /** Code of the organization's integration. */
  integration_code?: string | null;
  /** Code of the link. */
  code?: string | null;
  /** The customer's id in the integrated system. */
  external_customer_id?: string | null;
  /** `sync_with_provider`, `subsidiary_id`, `targeted_object` as sent. */
  settings: Record<string, unknown>;
}

/** One metadata entry of an upsert. */
export interface UpsertCustomerMetadataV1 {
  /** Id of an existing entry of this customer to update; otherwise a new entry is created. */
  id?: string | null;
  /** Key, 1 to 20 characters, unique within the set. */
  key: string;
  /** Value, 1 to 100 characters. */
  value: string;
  /** Printed on invoices. */
  display_in_invoice: boolean;
}

/** Parameters of `customers.get`. */
export interface GetCustomerV1 {
  /** The customer's external_id. */
  external_id: string;
}

/** Filters of `GET /api/v1/customers`, validated by the gateway. Absent means "no filter". */
export interface CustomerFiltersV1 {
  /** Exact external_id; when present, `search_term` is ignored. */
  external_id?: string;
  /** Case-insensitive substring of name, firstname, lastname, legal_name, external_id or email. */
  search_term?: string;
  /** Any of these account types. */
  account_types?: ('customer' | 'partner')[];
  /** Exactly this customer type. */
  customer_type?: 'company' | 'individual';
  /** true: a customer type is set; false: none is. */
  has_customer_type?: boolean;
  /** Any of these country codes. */
  countries?: string[];
  /** Any of these states. */
  states?: string[];
  /** Any of these zip codes. */
  zipcodes?: string[];
  /** Any of these currencies. */
  currencies?: string[];
  /** true: a tax identification number is set; false: none is. */
  has_tax_identification_number?: boolean;
  /** Every key must have this value; an empty value means the key must be absent. */
  metadata?: Record<string, string>;
}

/** Parameters of `customers.list`. */
export interface ListCustomersV1 {
  /** 1-based page. */
  page: number;
  /** Page size, 1 to 100. */
  per_page: number;
  /** Filters. */
  filters: CustomerFiltersV1;
}

/** Lago's pagination `meta`. */
export interface PaginationMetaV1 {
  /** The requested page, or 0 when nothing matches at all. */
  current_page: number;
  /** Next page, or null on the last. */
  next_page: number | null;
  /** Previous page, or null on the first. */
  prev_page: number | null;
  /** ceil(total_count / per_page). */
  total_pages: number;
  /** Matching customers on all pages. */
  total_count: number;
}

/** Reply of `customers.list`. */
export interface CustomerListV1 {
  /** The page, newest first. */
  customers: import('./customer.v1').CustomerV1[];
  /** Pagination. */
  meta: PaginationMetaV1;
}

/** Lago's pagination meta for a page of a result (Kaminari's numbers). */
export function paginationMeta(page: number, perPage: number, totalCount: number): PaginationMetaV1 {
  if (totalCount === 0) return { current_page: 0, next_page: null, prev_page: null, total_pages: 0, total_count: 0 };
  const totalPages = Math.ceil(totalCount / perPage);
  const outOfRange = page > totalPages;
  return {
    current_page: page,
    next_page: !outOfRange && page < totalPages ? page + 1 : null,
    prev_page: !outOfRange && page > 1 ? page - 1 : null,
    total_pages: totalPages,
    total_count: totalCount,
  };
}
