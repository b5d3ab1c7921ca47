/** Request types served on `billing.rpc.customers.v1`. */
export const CUSTOMER_REQUESTS = {
  /** Create or update a customer by external_id; payload `UpsertCustomerV1`; reply `CustomerV1`. */
  upsert: 'customers.upsert',
  /** Read a live customer by external_id; payload `GetCustomerV1`; reply `CustomerV1`. */
  get: 'customers.get',
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
}

/** Parameters of `customers.get`. */
export interface GetCustomerV1 {
  /** The customer's external_id. */
  external_id: string;
}
