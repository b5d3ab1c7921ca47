import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CURRENCY_CODES, parseIso8601, type OneOffFeeRequestV1, type UpdateInvoiceV1 } from '@app/contracts';
import { lagoScalar, lagoString, railsDecimal, railsInteger } from '../http/lago-validation';

type Details = Record<string, unknown>;

/** Documentation of one fee of `POST /api/v1/invoices`. */
export class OneOffFeeDoc {
  @ApiProperty({ type: String }) add_on_code!: string;
  @ApiPropertyOptional({ type: Number, description: 'Unit price in cents; default: the add-on’s.' }) unit_amount_cents?: number;
  @ApiPropertyOptional({ type: String, description: 'Decimal units; default 1.' }) units?: string;
  @ApiPropertyOptional({ type: String }) description?: string;
  @ApiPropertyOptional({ type: String }) invoice_display_name?: string;
  @ApiPropertyOptional({ type: [String], description: 'Taxes of this fee; default: the add-on’s, the customer’s, then the organization’s.' }) tax_codes?: string[];
  @ApiPropertyOptional({ type: String, description: 'ISO-8601; with to_datetime.' }) from_datetime?: string;
  @ApiPropertyOptional({ type: String, description: 'ISO-8601; with from_datetime.' }) to_datetime?: string;
}

/** Documentation of `POST /api/v1/invoices`. */
export class OneOffInvoiceBodyDoc {
  @ApiProperty({ type: String }) external_customer_id!: string;
  @ApiPropertyOptional({ type: String, description: 'Default: the customer’s currency.' }) currency?: string;
  @ApiPropertyOptional({ type: String }) purchase_order_number?: string;
  @ApiPropertyOptional({ type: String }) billing_entity_code?: string;
  @ApiProperty({ type: [OneOffFeeDoc] }) fees!: OneOffFeeDoc[];
}

export class OneOffInvoiceInputDoc {
  @ApiProperty({ type: () => OneOffInvoiceBodyDoc }) invoice!: OneOffInvoiceBodyDoc;
}

class InvoiceMetadataDoc {
  @ApiPropertyOptional({ type: String, description: 'Id of the entry to update; without it an entry is created.' }) id?: string;
  @ApiProperty({ type: String, maxLength: 20 }) key!: string;
  @ApiProperty({ type: String }) value!: string;
}

export class InvoiceUpdateBodyDoc {
  @ApiPropertyOptional({ enum: ['pending', 'succeeded', 'failed'] }) payment_status?: string;
  @ApiPropertyOptional({ type: [InvoiceMetadataDoc], description: 'At most 5; replaces the invoice’s metadata (entries not named by id are deleted).' })
  metadata?: InvoiceMetadataDoc[];
}

export class InvoiceUpdateInputDoc {
  @ApiProperty({ type: () => InvoiceUpdateBodyDoc }) invoice!: InvoiceUpdateBodyDoc;
}

const isInteger = (v: unknown) => Number.isSafeInteger(railsInteger(v));
const isNumeric = (v: unknown) => Number.isFinite(railsDecimal(v));

/**
 * The fees of a one-off invoice, shape-checked: `add_on_code` must be a string (an item without
 * one names no add-on: `add_on_not_found` from invoicing), amounts and units numbers, boundaries
 * both or neither and in order (Lago's `boundaries: values_are_invalid`).
 */
export function readOneOffFees(raw: unknown[], details: Details): OneOffFeeRequestV1[] {
  const fees: OneOffFeeRequestV1[] = [];
  for (const item of raw) {
    const fee = (typeof item === 'object' && item !== null && !Array.isArray(item) ? item : {}) as Record<string, unknown>;
    const code = lagoScalar(fee.add_on_code);
    const out: OneOffFeeRequestV1 = { add_on_code: typeof code === 'string' ? code : '' };
    if (fee.unit_amount_cents !== undefined && fee.unit_amount_cents !== null) {
      if (!isInteger(fee.unit_amount_cents) || Number(fee.unit_amount_cents) < 0) details.unit_amount_cents = ['value_is_invalid'];
      else out.unit_amount_cents = Number(fee.unit_amount_cents);
    }
    if (fee.units !== undefined && fee.units !== null) {
      if (!isNumeric(fee.units)) details.units = ['value_is_invalid'];
      else out.units = typeof fee.units === 'string' ? fee.units.trim() : (fee.units as number);
    }
    for (const key of ['description', 'invoice_display_name'] as const) {
      const v = lagoScalar(fee[key]);
      if (typeof v === 'string' || v === null) out[key] = v;
    }
    if (Array.isArray(fee.tax_codes)) out.tax_codes = fee.tax_codes.filter((c): c is string => typeof c === 'string');
    const from = fee.from_datetime;
    const to = fee.to_datetime;
    if (from !== undefined || to !== undefined) {
      const start = typeof from === 'string' ? parseIso8601(from) : null;
      const end = typeof to === 'string' ? parseIso8601(to) : null;
      if (!start || !end || start > end) details.boundaries = ['values_are_invalid'];
      else Object.assign(out, { from_datetime: start.toISOString(), to_datetime: end.toISOString() });
    }
    fees.push(out);
  }
  return fees;
}

/** `currency` of a one-off invoice: absent or null uses the customer's; otherwise one of Lago's codes. */
export function readCurrency(value: unknown, details: Details): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string' || !(CURRENCY_CODES as readonly string[]).includes(value)) {
    details.currency = ['value_is_invalid'];
    return undefined;
  }
  return value;
}

/**
 * The PUT body as Rails' strong parameters leave it: a scalar `payment_status` (anything else is
 * dropped), and `metadata` only when it is an array, each entry reduced to scalar id/key/value.
 */
export function readInvoiceUpdate(raw: Record<string, unknown>): Omit<UpdateInvoiceV1, 'lago_id'> {
  const update: Omit<UpdateInvoiceV1, 'lago_id'> = {};
  const status = raw.payment_status;
  if (status === null || (status !== undefined && typeof status !== 'object')) update.payment_status = status as UpdateInvoiceV1['payment_status'];
  if (Array.isArray(raw.metadata)) {
    update.metadata = raw.metadata
      .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null && !Array.isArray(entry))
      .map((entry) => ({ id: lagoString(entry.id), key: lagoString(entry.key), value: lagoString(entry.value) }));
  }
  return update;
}
