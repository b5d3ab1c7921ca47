import { IsArray, IsBoolean, IsISO8601, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Min } from 'class-validator';

/** Event types on `billing.customers.v1`. */
export const CUSTOMER_EVENTS = {
  /** A customer was created or updated; payload: `CustomerV1`. */
  upserted: 'customer.upserted',
  /** A customer was soft-deleted; payload: `CustomerV1` as it was when deleted. */
  deleted: 'customer.deleted',
} as const;

/** Lago's `billing_configuration` of a customer. */
export interface CustomerBillingConfigurationV1 {
  /** Days between the end of a period and invoice finalization; null inherits the billing entity's. */
  invoice_grace_period: number | null;
  /** `stripe`, `adyen`, `gocardless`, ... or null. */
  payment_provider: string | null;
  /** Code of the organization's payment-provider connection. */
  payment_provider_code: string | null;
  /** Locale of the customer's documents (`en`, `fr`, ...). */
  document_locale: string | null;
  /** `current_period_end` or `next_period_start`. */
  subscription_invoice_issuing_date_anchor: string | null;
  /** `keep_anchor` or `align_with_finalization_date`. */
  subscription_invoice_issuing_date_adjustment: string | null;
  /** The customer's id at the payment provider (present when a provider is set). */
  provider_customer_id?: string | null;
  /** Stripe payment method types (present for Stripe). */
  provider_payment_methods?: string[];
  /** Provider settings merged in by Lago (`sync_with_provider`, ...). */
  [setting: string]: unknown;
}

/** Lago's `shipping_address` of a customer; every key is always present. */
export interface CustomerShippingAddressV1 {
  /** First address line. */
  address_line1: string | null;
  /** Second address line. */
  address_line2: string | null;
  /** City. */
  city: string | null;
  /** Postal code. */
  zipcode: string | null;
  /** State or region. */
  state: string | null;
  /** ISO-3166 alpha-2 country code. */
  country: string | null;
}

/** One metadata entry of a customer. */
export interface CustomerMetadataV1 {
  /** Id of the entry; send it back to update the entry. */
  lago_id: string;
  /** Key, at most 20 characters, unique per customer. */
  key: string;
  /** Value, at most 100 characters. */
  value: string;
  /** Whether the entry is printed on invoices. */
  display_in_invoice: boolean;
  /** Creation time (ISO-8601 UTC). */
  created_at: string;
}

/**
 * Lago's customer object (`V1::CustomerSerializer`), the payload of `customer.upserted` and the
 * body of `GET /api/v1/customers/:external_id`. Fields appear in Lago's order.
 */
export class CustomerV1 {
  /** Customer id (uuid). */
  @IsUUID()
  lago_id!: string;

  /** Code of the customer's billing entity. */
  @IsString()
  billing_entity_code!: string;

  /** The caller's id for the customer, unique among the organization's live customers. */
  @IsString()
  external_id!: string;

  /** `customer` or `partner`. */
  @IsIn(['customer', 'partner'])
  account_type!: 'customer' | 'partner';

  /** Display name. */
  @IsOptional()
  @IsString()
  name!: string | null;

  /** First name of a person. */
  @IsOptional()
  @IsString()
  firstname!: string | null;

  /** Last name of a person. */
  @IsOptional()
  @IsString()
  lastname!: string | null;

  /** `company` or `individual`. */
  @IsOptional()
  @IsIn(['company', 'individual'])
  customer_type!: 'company' | 'individual' | null;

  /** Per-organization number, never reused (deleted customers count). */
  @IsInt()
  @Min(1)
  sequential_id!: number;

  /** `<organization document_number_prefix>-<sequential_id padded to 3 digits>`. */
  @IsString()
  slug!: string;

  /** Creation time (ISO-8601 UTC). */
  @IsISO8601()
  created_at!: string;

  /** Last change (ISO-8601 UTC); consumers apply a change only if it is not older than what they hold. */
  @IsISO8601()
  updated_at!: string;

  /** ISO-3166 alpha-2 country code. */
  @IsOptional()
  @IsString()
  country!: string | null;

  /** First line of the billing address. */
  address_line1!: string | null;
  /** Second line of the billing address. */
  address_line2!: string | null;
  /** State or region of the billing address. */
  state!: string | null;
  /** Postal code of the billing address. */
  zipcode!: string | null;

  /** Email address, or a comma-separated list of addresses. */
  @IsOptional()
  @IsString()
  email!: string | null;

  /** City of the billing address. */
  city!: string | null;
  /** Website. */
  url!: string | null;
  /** Phone number. */
  phone!: string | null;
  /** Logo URL. */
  logo_url!: string | null;
  /** Legal name. */
  legal_name!: string | null;
  /** Legal (company registration) number. */
  legal_number!: string | null;

  /** ISO-4217 currency code. */
  @IsOptional()
  @IsString()
  currency!: string | null;

  /** VAT or other tax identification number. */
  tax_identification_number!: string | null;

  /** The customer's own IANA time zone. */
  @IsOptional()
  @IsString()
  timezone!: string | null;

  /** `timezone`, else the billing entity's, else `UTC`. */
  @IsString()
  applicable_timezone!: string;

  /** Days until an invoice is due; null inherits the billing entity's. */
  @IsOptional()
  @IsInt()
  @Min(0)
  net_payment_term!: number | null;

  /** Salesforce id. */
  external_salesforce_id!: string | null;

  /** `inherit`, `skip` or `finalize`. */
  @IsIn(['inherit', 'skip', 'finalize'])
  finalize_zero_amount_invoice!: 'inherit' | 'skip' | 'finalize';

  /** Billing settings, including the payment provider. */
  @IsObject()
  billing_configuration!: CustomerBillingConfigurationV1;

  /** Shipping address. */
  @IsObject()
  shipping_address!: CustomerShippingAddressV1;

  /** Whether invoice custom sections are skipped for this customer. */
  @IsBoolean()
  skip_invoice_custom_sections!: boolean;

  /** Metadata entries. */
  @IsArray()
  metadata!: CustomerMetadataV1[];

  /** Taxes applied to the customer (Lago tax objects). */
  @IsOptional()
  @IsArray()
  taxes?: import('../taxes/tax.v1').TaxV1[];

  /** Links to accounting, CRM and tax integrations. */
  @IsOptional()
  @IsArray()
  integration_customers?: Record<string, unknown>[];

  /** Invoice custom sections that apply. */
  @IsOptional()
  @IsArray()
  applicable_invoice_custom_sections?: Record<string, unknown>[];

  /** Errors reported by integrations. */
  @IsOptional()
  @IsArray()
  error_details?: Record<string, unknown>[];
}
