import { ApiProperty } from '@nestjs/swagger';
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
  @ApiProperty({ type: String, description: 'Customer id (uuid).' })
  lago_id!: string;

  /** Code of the customer's billing entity. */
  @IsString()
  @ApiProperty({ type: String, description: "Code of the customer's billing entity." })
  billing_entity_code!: string;

  /** The caller's id for the customer, unique among the organization's live customers. */
  @IsString()
  @ApiProperty({ type: String, description: "The caller's id for the customer, unique among the organization's live customers." })
  external_id!: string;

  /** `customer` or `partner`. */
  @IsIn(['customer', 'partner'])
  @ApiProperty({ enum: ['customer', 'partner'], description: '`customer` or `partner`.' })
  account_type!: 'customer' | 'partner';

  /** Display name. */
  @IsOptional()
  @IsString()
  @ApiProperty({ type: String, nullable: true, description: 'Display name.' })
  name!: string | null;

  /** First name of a person. */
  @IsOptional()
  @IsString()
  @ApiProperty({ type: String, nullable: true, description: 'First name of a person.' })
  firstname!: string | null;

  /** Last name of a person. */
  @IsOptional()
  @IsString()
  @ApiProperty({ type: String, nullable: true, description: 'Last name of a person.' })
  lastname!: string | null;

  /** `company` or `individual`. */
  @IsOptional()
  @IsIn(['company', 'individual'])
  @ApiProperty({ enum: ['company', 'individual'], nullable: true, description: '`company` or `individual`.' })
  customer_type!: 'company' | 'individual' | null;

  /** Per-organization number, never reused (deleted customers count). */
  @IsInt()
  @Min(1)
  @ApiProperty({ type: Number, description: 'Per-organization number, never reused (deleted customers count).' })
  sequential_id!: number;

  /** `<organization document_number_prefix>-<sequential_id padded to 3 digits>`. */
  @IsString()
  @ApiProperty({ type: String, description: '`<organization document_number_prefix>-<sequential_id padded to 3 digits>`.' })
  slug!: string;

  /** Creation time (ISO-8601 UTC). */
  @IsISO8601()
  @ApiProperty({ type: String, description: 'Creation time (ISO-8601 UTC).' })
  created_at!: string;

  /** Last change (ISO-8601 UTC); consumers apply a change only if it is not older than what they hold. */
  @IsISO8601()
  @ApiProperty({ type: String, description: 'Last change (ISO-8601 UTC); consumers apply a change only if it is not older than what they hold.' })
  updated_at!: string;

  /** ISO-3166 alpha-2 country code. */
  @IsOptional()
  @IsString()
  @ApiProperty({ type: String, nullable: true, description: 'ISO-3166 alpha-2 country code.' })
  country!: string | null;

  /** First line of the billing address. */
  @ApiProperty({ type: String, nullable: true, description: 'First line of the billing address.' })
  address_line1!: string | null;
  /** Second line of the billing address. */
  @ApiProperty({ type: String, nullable: true, description: 'Second line of the billing address.' })
  address_line2!: string | null;
  /** State or region of the billing address. */
  @ApiProperty({ type: String, nullable: true, description: 'State or region of the billing address.' })
  state!: string | null;
  /** Postal code of the billing address. */
  @ApiProperty({ type: String, nullable: true, description: 'Postal code of the billing address.' })
  zipcode!: string | null;

  /** Email address, or a comma-separated list of addresses. */
  @IsOptional()
  @IsString()
  @ApiProperty({ type: String, nullable: true, description: 'Email address, or a comma-separated list of addresses.' })
  email!: string | null;

  /** City of the billing address. */
  @ApiProperty({ type: String, nullable: true, description: 'City of the billing address.' })
  city!: string | null;
  /** Website. */
  @ApiProperty({ type: String, nullable: true, description: 'Website.' })
  url!: string | null;
  /** Phone number. */
  @ApiProperty({ type: String, nullable: true, description: 'Phone number.' })
  phone!: string | null;
  /** Logo URL. */
  @ApiProperty({ type: String, nullable: true, description: 'Logo URL.' })
  logo_url!: string | null;
  /** Legal name. */
  @ApiProperty({ type: String, nullable: true, description: 'Legal name.' })
  legal_name!: string | null;
  /** Legal (company registration) number. */
  @ApiProperty({ type: String, nullable: true, description: 'Legal (company registration) number.' })
  legal_number!: string | null;

  /** ISO-4217 currency code. */
  @IsOptional()
  @IsString()
  @ApiProperty({ type: String, nullable: true, description: 'ISO-4217 currency code.' })
  currency!: string | null;

  /** VAT or other tax identification number. */
  @ApiProperty({ type: String, nullable: true, description: 'VAT or other tax identification number.' })
  tax_identification_number!: string | null;

  /** The customer's own IANA time zone. */
  @IsOptional()
  @IsString()
  @ApiProperty({ type: String, nullable: true, description: "The customer's own IANA time zone." })
  timezone!: string | null;

  /** `timezone`, else the billing entity's, else `UTC`. */
  @IsString()
  @ApiProperty({ type: String, description: "`timezone`, else the billing entity's, else `UTC`." })
  applicable_timezone!: string;

  /** Days until an invoice is due; null inherits the billing entity's. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @ApiProperty({ type: Number, nullable: true, description: "Days until an invoice is due; null inherits the billing entity's." })
  net_payment_term!: number | null;

  /** Salesforce id. */
  @ApiProperty({ type: String, nullable: true, description: 'Salesforce id.' })
  external_salesforce_id!: string | null;

  /** `inherit`, `skip` or `finalize`. */
  @IsIn(['inherit', 'skip', 'finalize'])
  @ApiProperty({ enum: ['inherit', 'skip', 'finalize'], description: '`inherit`, `skip` or `finalize`.' })
  finalize_zero_amount_invoice!: 'inherit' | 'skip' | 'finalize';

  /** Billing settings, including the payment provider. */
  @IsObject()
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Billing settings, including the payment provider.' })
  billing_configuration!: CustomerBillingConfigurationV1;

  /** Shipping address. */
  @IsObject()
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Shipping address.' })
  shipping_address!: CustomerShippingAddressV1;

  /** Whether invoice custom sections are skipped for this customer. */
  @IsBoolean()
  @ApiProperty({ type: Boolean, description: 'Whether invoice custom sections are skipped for this customer.' })
  skip_invoice_custom_sections!: boolean;

  /** Metadata entries. */
  @IsArray()
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Metadata entries.' })
  metadata!: CustomerMetadataV1[];

  /** Taxes applied to the customer (Lago tax objects). */
  @IsOptional()
  @IsArray()
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, required: false, description: 'Taxes applied to the customer (Lago tax objects).' })
  taxes?: import('../taxes/tax.v1').TaxV1[];

  /** Links to accounting, CRM and tax integrations. */
  @IsOptional()
  @IsArray()
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, required: false, description: 'Links to accounting, CRM and tax integrations.' })
  integration_customers?: Record<string, unknown>[];

  /** Invoice custom sections that apply. */
  @IsOptional()
  @IsArray()
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, required: false, description: 'Invoice custom sections that apply.' })
  applicable_invoice_custom_sections?: Record<string, unknown>[];

  /** Errors reported by integrations. */
  @IsOptional()
  @IsArray()
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, required: false, description: 'Errors reported by integrations.' })
  error_details?: Record<string, unknown>[];
}
