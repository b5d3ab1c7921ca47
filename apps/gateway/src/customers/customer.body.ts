import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { COUNTRY_CODES, CURRENCY_CODES, TIMEZONES } from '@app/contracts';
import { lago, lagoText, railsInteger } from '../http/lago-validation';
import { IsLagoEmailList, normalizeEmail } from './email';

/** A scalar field sent as an object or array is dropped by Lago's permit list: treated as absent. */
const dropObject = ({ value }: { value: unknown }) => (typeof value === 'object' && value !== null ? undefined : value);
/** Strips NUL bytes; a blank address field becomes null. */
const blankToNull = ({ value }: { value: unknown }) => {
  const stripped = lagoText({ value });
  return typeof stripped === 'string' && stripped.trim() === '' ? null : stripped;
};
const upperCountry = ({ value }: { value: unknown }) => {
  const v = blankToNull({ value });
  return typeof v === 'string' ? v.toUpperCase() : v;
};
/** Rails' boolean casting for a flag; null means absent here (the column is not nullable). */
const toBoolean = ({ value }: { value: unknown }) => {
  if (value === null) return undefined;
  if (value === 'true' || value === '1' || value === 1) return true;
  if (value === 'false' || value === '0' || value === 0) return false;
  return dropObject({ value });
};
/** The largest value of a PostgreSQL `integer` column. */
export const MAX_INTEGER_COLUMN = 2_147_483_647;

/** Rails-style coercion of a numeric string for integer fields. */
const toInteger = ({ value }: { value: unknown }) => {
  const v = dropObject({ value });
  return railsInteger(v);
};

/** The `customer` object of `POST /api/v1/customers` (Lago's permit list). */
export class CustomerBody {
  @Transform(lagoText)
  @IsString(lago('value_is_mandatory'))
  @IsNotEmpty(lago('value_is_mandatory'))
  @ApiProperty({ type: String })
  external_id!: string;

  @IsOptional() @Transform(lagoText) @IsString(lago('value_is_invalid')) @MaxLength(255, lago('value_is_too_long'))
  @ApiPropertyOptional({ type: String, nullable: true })
  name?: string | null;

  @IsOptional() @Transform(lagoText) @IsString(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, nullable: true })
  firstname?: string | null;

  @IsOptional() @Transform(lagoText) @IsString(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, nullable: true })
  lastname?: string | null;

  @IsOptional() @Transform(dropObject) @IsIn(['company', 'individual'], lago('value_is_invalid'))
  @ApiPropertyOptional({ enum: ['company', 'individual'], nullable: true })
  customer_type?: 'company' | 'individual' | null;

  @IsOptional() @Transform(({ value }) => normalizeEmail(lagoText({ value }))) @IsString(lago('invalid_email_format')) @IsLagoEmailList(lago('invalid_email_format'))
  @ApiPropertyOptional({ type: String, nullable: true })
  email?: string | null;

  @IsOptional() @Transform(dropObject) @IsIn(CURRENCY_CODES, lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, nullable: true })
  currency?: string | null;

  @IsOptional() @Transform(upperCountry) @IsIn(COUNTRY_CODES, lago('not_a_valid_country_code'))
  @ApiPropertyOptional({ type: String, nullable: true })
  country?: string | null;

  @IsOptional() @Transform(blankToNull) @IsString(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, nullable: true })
  address_line1?: string | null;

  @IsOptional() @Transform(blankToNull) @IsString(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, nullable: true })
  address_line2?: string | null;

  @IsOptional() @Transform(blankToNull) @IsString(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, nullable: true })
  city?: string | null;

  @IsOptional() @Transform(blankToNull) @IsString(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, nullable: true })
  zipcode?: string | null;

  @IsOptional() @Transform(blankToNull) @IsString(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, nullable: true })
  state?: string | null;

  @IsOptional() @Transform(lagoText) @IsString(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, nullable: true })
  phone?: string | null;

  @IsOptional() @Transform(lagoText) @IsString(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, nullable: true })
  url?: string | null;

  @IsOptional() @Transform(lagoText) @IsString(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, nullable: true })
  logo_url?: string | null;

  @IsOptional() @Transform(lagoText) @IsString(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, nullable: true })
  legal_name?: string | null;

  @IsOptional() @Transform(lagoText) @IsString(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, nullable: true })
  legal_number?: string | null;

  @IsOptional() @Transform(lagoText) @IsString(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, nullable: true })
  tax_identification_number?: string | null;

  // customers.net_payment_term is a PostgreSQL integer: a larger value overflowed it (a 500).
  @IsOptional() @Transform(toInteger) @IsInt(lago('value_is_invalid')) @Min(0, lago('value_is_out_of_range')) @Max(MAX_INTEGER_COLUMN, lago('value_is_out_of_range'))
  @ApiPropertyOptional({ type: Number, nullable: true })
  net_payment_term?: number | null;

  @IsOptional() @Transform(lagoText) @IsString(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, nullable: true })
  external_salesforce_id?: string | null;

  @IsOptional() @Transform(lagoText) @IsIn(TIMEZONES, lago('invalid_timezone'))
  @ApiPropertyOptional({ type: String, nullable: true })
  timezone?: string | null;

  // Not nullable in Lago: null is invalid here (no premium gate, decision 10.3).
  @ValidateIf((_, v) => v !== undefined) @Transform(dropObject) @IsIn(['customer', 'partner'], lago('value_is_invalid'))
  @ApiPropertyOptional({ enum: ['customer', 'partner'] })
  account_type?: 'customer' | 'partner';

  // null is stored as `inherit` (Lago).
  @IsOptional()
  @Transform(({ value }) => (value === null ? 'inherit' : dropObject({ value })))
  @IsIn(['inherit', 'skip', 'finalize'], lago('invalid_value'))
  @ApiPropertyOptional({ enum: ['inherit', 'skip', 'finalize'] })
  finalize_zero_amount_invoice?: 'inherit' | 'skip' | 'finalize';

  @IsOptional() @Transform(toBoolean) @IsBoolean(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: Boolean })
  skip_invoice_custom_sections?: boolean;

  // No section management yet: the codes only take part in the "sent together" rule.
  @IsOptional() @Transform(({ value }) => (Array.isArray(value) ? value : undefined)) @IsArray(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: [String] })
  invoice_custom_section_codes?: string[];

  // Documented here, read from the raw body by readLagoBody's extras (their errors are named
  // the way Lago names them, which class-validator's nesting cannot express).
  @ApiPropertyOptional({ type: () => [CustomerMetadataDoc], description: 'The whole metadata set (at most 5); entries with an `id` keep it.' })
  metadata?: unknown;

  @ApiPropertyOptional({ type: () => ShippingAddressDoc })
  shipping_address?: unknown;

  @ApiPropertyOptional({ type: () => BillingConfigurationDoc })
  billing_configuration?: unknown;

  @ApiPropertyOptional({ type: () => [IntegrationCustomerDoc] })
  integration_customers?: unknown;

  @ApiPropertyOptional({ type: [String], description: 'Codes of the taxes to apply (the whole set; unknown code: 404 tax_not_found).' })
  tax_codes?: unknown;

  // Resolved against the organization's single billing entity by the controller.
  @IsOptional() @Transform(lagoText) @IsString(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, nullable: true })
  billing_entity_code?: string | null;
}

/** Documentation of a metadata entry of the customer body. */
export class CustomerMetadataDoc {
  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'Id of an existing entry to update.' }) id?: string;
  @ApiProperty({ type: String, maxLength: 20 }) key!: string;
  @ApiProperty({ type: String, maxLength: 100 }) value!: string;
  @ApiPropertyOptional({ type: Boolean }) display_in_invoice?: boolean;
}

/** Documentation of the shipping address of the customer body. */
export class ShippingAddressDoc {
  @ApiPropertyOptional({ type: String, nullable: true }) address_line1?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) address_line2?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) city?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) zipcode?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) state?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'ISO-3166 alpha-2' }) country?: string | null;
}

/** Documentation of the billing configuration of the customer body. */
export class BillingConfigurationDoc {
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 }) invoice_grace_period?: number | null;
  @ApiPropertyOptional({ enum: ['en', 'fr', 'nb', 'de', 'it', 'es', 'sv', 'pt-BR', 'zh-TW'], nullable: true }) document_locale?: string | null;
  @ApiPropertyOptional({ enum: ['current_period_end', 'next_period_start'], nullable: true }) subscription_invoice_issuing_date_anchor?: string | null;
  @ApiPropertyOptional({ enum: ['keep_anchor', 'align_with_finalization_date'], nullable: true }) subscription_invoice_issuing_date_adjustment?: string | null;
  @ApiPropertyOptional({ enum: ['stripe', 'adyen', 'gocardless'], nullable: true, description: 'Stored when sync_with_provider or provider_customer_id asks for a link; null removes the provider.' })
  payment_provider?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Code of a connection from /api/v1/payment_providers; required when several of the type exist.' })
  payment_provider_code?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: "The customer's id at the provider." }) provider_customer_id?: string | null;
  @ApiPropertyOptional({ type: Boolean, description: 'Create the customer at the provider (asynchronously; the result arrives as an event).' }) sync_with_provider?: boolean;
  @ApiPropertyOptional({ type: Boolean, description: 'Accepted for compatibility; creation at the provider is always asynchronous.' }) sync?: boolean;
  @ApiPropertyOptional({ type: [String], enum: ['card', 'sepa_debit', 'us_bank_account', 'bacs_debit', 'link', 'boleto', 'crypto', 'customer_balance'], description: 'Stripe only; default ["card"].' })
  provider_payment_methods?: string[];
}

/** Documentation of an integration link of the customer body. */
export class IntegrationCustomerDoc {
  @ApiPropertyOptional({ type: String, format: 'uuid' }) id?: string;
  @ApiProperty({ enum: ['netsuite', 'xero', 'anrok', 'avalara', 'hubspot', 'salesforce'] }) integration_type!: string;
  @ApiPropertyOptional({ type: String }) integration_code?: string;
  @ApiPropertyOptional({ type: String }) code?: string;
  @ApiPropertyOptional({ type: String }) external_customer_id?: string;
  @ApiPropertyOptional({ type: Boolean }) sync_with_provider?: boolean;
  @ApiPropertyOptional({ type: String }) subsidiary_id?: string;
  @ApiPropertyOptional({ type: String }) targeted_object?: string;
}

/** The body of `POST /api/v1/customers`. */
export class CustomerInputDoc {
  @ApiProperty({ type: () => CustomerBody }) customer!: CustomerBody;
}
