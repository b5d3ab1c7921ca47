import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min, ValidateIf } from 'class-validator';
import { COUNTRY_CODES, CURRENCY_CODES, TIMEZONES } from '@app/contracts';
import { lago } from '../http/lago-validation';
import { IsLagoEmailList, normalizeEmail } from './email';

/**
 * Lago's scalar parameter handling: numbers and booleans become strings (Rails casts them),
 * an object or array is dropped as an unpermitted value (treated as absent), NUL bytes are
 * stripped.
 */
const stripNul = ({ value }: { value: unknown }) => {
  if (typeof value === 'object' && value !== null) return undefined;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value);
  return typeof value === 'string' ? value.replace(/\u0000/g, '') : value;
};
/** A scalar field sent as an object or array is dropped by Lago's permit list: treated as absent. */
const dropObject = ({ value }: { value: unknown }) => (typeof value === 'object' && value !== null ? undefined : value);
/** Strips NUL bytes; a blank address field becomes null. */
const blankToNull = ({ value }: { value: unknown }) => {
  const stripped = stripNul({ value });
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
/** Rails-style coercion of a numeric string for integer fields. */
const toInteger = ({ value }: { value: unknown }) => {
  const v = dropObject({ value });
  return typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v;
};

/** The `customer` object of `POST /api/v1/customers` (Lago's permit list). */
export class CustomerBody {
  @Transform(stripNul)
  @IsString(lago('value_is_mandatory'))
  @IsNotEmpty(lago('value_is_mandatory'))
  external_id!: string;

  @IsOptional() @Transform(stripNul) @IsString(lago('value_is_invalid')) @MaxLength(255, lago('value_is_too_long'))
  name?: string | null;

  @IsOptional() @Transform(stripNul) @IsString(lago('value_is_invalid'))
  firstname?: string | null;

  @IsOptional() @Transform(stripNul) @IsString(lago('value_is_invalid'))
  lastname?: string | null;

  @IsOptional() @Transform(dropObject) @IsIn(['company', 'individual'], lago('value_is_invalid'))
  customer_type?: 'company' | 'individual' | null;

  @IsOptional() @Transform(({ value }) => normalizeEmail(stripNul({ value }))) @IsString(lago('invalid_email_format')) @IsLagoEmailList(lago('invalid_email_format'))
  email?: string | null;

  @IsOptional() @Transform(dropObject) @IsIn(CURRENCY_CODES, lago('value_is_invalid'))
  currency?: string | null;

  @IsOptional() @Transform(upperCountry) @IsIn(COUNTRY_CODES, lago('not_a_valid_country_code'))
  country?: string | null;

  @IsOptional() @Transform(blankToNull) @IsString(lago('value_is_invalid'))
  address_line1?: string | null;

  @IsOptional() @Transform(blankToNull) @IsString(lago('value_is_invalid'))
  address_line2?: string | null;

  @IsOptional() @Transform(blankToNull) @IsString(lago('value_is_invalid'))
  city?: string | null;

  @IsOptional() @Transform(blankToNull) @IsString(lago('value_is_invalid'))
  zipcode?: string | null;

  @IsOptional() @Transform(blankToNull) @IsString(lago('value_is_invalid'))
  state?: string | null;

  @IsOptional() @Transform(stripNul) @IsString(lago('value_is_invalid'))
  phone?: string | null;

  @IsOptional() @Transform(stripNul) @IsString(lago('value_is_invalid'))
  url?: string | null;

  @IsOptional() @Transform(stripNul) @IsString(lago('value_is_invalid'))
  logo_url?: string | null;

  @IsOptional() @Transform(stripNul) @IsString(lago('value_is_invalid'))
  legal_name?: string | null;

  @IsOptional() @Transform(stripNul) @IsString(lago('value_is_invalid'))
  legal_number?: string | null;

  @IsOptional() @Transform(stripNul) @IsString(lago('value_is_invalid'))
  tax_identification_number?: string | null;

  @IsOptional() @Transform(toInteger) @IsInt(lago('value_is_invalid')) @Min(0, lago('value_is_out_of_range'))
  net_payment_term?: number | null;

  @IsOptional() @Transform(stripNul) @IsString(lago('value_is_invalid'))
  external_salesforce_id?: string | null;

  @IsOptional() @Transform(stripNul) @IsIn(TIMEZONES, lago('invalid_timezone'))
  timezone?: string | null;

  // Not nullable in Lago: null is invalid here (no premium gate, decision 10.3).
  @ValidateIf((_, v) => v !== undefined) @Transform(dropObject) @IsIn(['customer', 'partner'], lago('value_is_invalid'))
  account_type?: 'customer' | 'partner';

  // null is stored as `inherit` (Lago).
  @IsOptional()
  @Transform(({ value }) => (value === null ? 'inherit' : dropObject({ value })))
  @IsIn(['inherit', 'skip', 'finalize'], lago('invalid_value'))
  finalize_zero_amount_invoice?: 'inherit' | 'skip' | 'finalize';

  @IsOptional() @Transform(toBoolean) @IsBoolean(lago('value_is_invalid'))
  skip_invoice_custom_sections?: boolean;

  // No section management yet: the codes only take part in the "sent together" rule.
  @IsOptional() @Transform(({ value }) => (Array.isArray(value) ? value : undefined)) @IsArray(lago('value_is_invalid'))
  invoice_custom_section_codes?: string[];

  // Resolved against the organization's single billing entity by the controller.
  @IsOptional() @Transform(stripNul) @IsString(lago('value_is_invalid'))
  billing_entity_code?: string | null;
}
