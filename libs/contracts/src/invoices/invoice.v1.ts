import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import type { CustomerV1 } from '../customers/customer.v1';
import type { PaginationMetaV1 } from '../customers/customer-commands.v1';

/** Event types on `billing.invoices.v1`; payload `InvoiceV1` (with customer, fees and applied taxes). */
export const INVOICE_EVENTS = {
  /** A one-off invoice was issued (finalized). */
  created: 'invoice.created',
  /** An invoice's payment_status changed. */
  paymentStatusUpdated: 'invoice.payment_status_updated',
  /** The overdue sweep flagged an invoice (`payment_overdue: true`). */
  paymentOverdue: 'invoice.payment_overdue',
  /** An invoice was voided (`POST /invoices/:id/void`). */
  voided: 'invoice.voided',
  /** A payment dispute was lost (`POST /invoices/:id/lose_dispute`). */
  paymentDisputeLost: 'invoice.payment_dispute_lost',
} as const;

/** Request types for invoices on `billing.rpc.invoicing.v1`. */
export const INVOICE_REQUESTS = {
  /** Issue a one-off invoice; payload `CreateOneOffInvoiceV1`; reply `InvoiceV1` (full). */
  createOneOff: 'invoices.create_one_off',
  /** Read a visible invoice; payload `InvoiceIdV1`; reply `InvoiceV1` (full). */
  get: 'invoices.get',
  /** One page of visible invoices; payload `ListInvoicesV1`; reply `InvoiceListV1`. */
  list: 'invoices.list',
  /** Change an invoice's payment_status and metadata; payload `UpdateInvoiceV1`; reply `InvoiceV1` (full). */
  update: 'invoices.update',
  /** Void a finalized invoice; payload `InvoiceIdV1`; reply `InvoiceV1` (full). */
  void: 'invoices.void',
  /** Record a lost payment dispute; payload `InvoiceIdV1`; reply `InvoiceV1` (full). */
  loseDispute: 'invoices.lose_dispute',
  /** Whether a customer has any invoice (Lago's "not editable"); payload `{customer_id}`; reply boolean. */
  customerHasInvoices: 'invoices.customer_has_invoices',
} as const;

/** An applied tax of an invoice (`V1::Invoices::AppliedTaxSerializer`). */
export interface InvoiceAppliedTaxV1 {
  lago_id: string;
  lago_invoice_id: string;
  lago_tax_id: string;
  tax_name: string;
  tax_code: string;
  tax_rate: number;
  tax_description: string | null;
  amount_cents: number;
  amount_currency: string;
  fees_amount_cents: number;
  created_at: string;
}

/** An applied tax of a fee (`V1::Fees::AppliedTaxSerializer`). */
export interface FeeAppliedTaxV1 {
  lago_id: string;
  lago_fee_id: string;
  lago_tax_id: string;
  tax_name: string;
  tax_code: string;
  tax_rate: number;
  tax_description: string | null;
  amount_cents: number;
  amount_currency: string;
  created_at: string;
}

/** A fee of a one-off invoice (`V1::FeeSerializer`, add-on fees). */
export interface FeeV1 {
  lago_id: string;
  lago_charge_id: null;
  lago_charge_filter_id: null;
  lago_invoice_id: string;
  lago_true_up_fee_id: null;
  lago_true_up_parent_fee_id: null;
  lago_subscription_id: null;
  lago_customer_id: string;
  external_customer_id: string;
  external_subscription_id: null;
  invoice_display_name: string | null;
  amount_cents: number;
  amount_currency: string;
  precise_amount: string;
  precise_total_amount: string;
  taxes_amount_cents: number;
  taxes_precise_amount: string;
  taxes_rate: number;
  units: string;
  precise_unit_amount: string;
  total_amount_cents: number;
  total_amount_currency: string;
  events_count: number;
  pay_in_advance: boolean;
  invoiceable: boolean;
  from_date: string;
  to_date: string;
  payment_status: 'pending' | 'succeeded' | 'failed' | 'refunded';
  created_at: string;
  succeeded_at: string | null;
  failed_at: string | null;
  refunded_at: string | null;
  amount_details: Record<string, never>;
  item: { type: 'add_on'; code: string; name: string; invoice_display_name: string; filter_invoice_display_name: null; filters: null; lago_item_id: string; item_type: 'AddOn'; grouped_by: Record<string, never> };
  description: string | null;
  applied_taxes: FeeAppliedTaxV1[];
}

/**
 * Lago's invoice object (`V1::InvoiceSerializer`): the base fields (§7.5 of the spec), plus, for
 * the invoice endpoints and events, `customer`, `fees`, `applied_taxes` and the other collections.
 */
export interface InvoiceV1 {
  lago_id: string;
  billing_entity_code: string;
  sequential_id: number | null;
  number: string;
  purchase_order_number: string | null;
  issuing_date: string;
  payment_due_date: string;
  net_payment_term: number;
  invoice_type: 'one_off';
  status: 'draft' | 'finalized' | 'voided' | 'failed' | 'pending';
  payment_status: 'pending' | 'succeeded' | 'failed';
  payment_dispute_lost_at: string | null;
  payment_overdue: boolean;
  currency: string;
  fees_amount_cents: number;
  taxes_amount_cents: number;
  progressive_billing_credit_amount_cents: number;
  coupons_amount_cents: number;
  credit_notes_amount_cents: number;
  sub_total_excluding_taxes_amount_cents: number;
  sub_total_including_taxes_amount_cents: number;
  total_amount_cents: number;
  total_due_amount_cents: number;
  total_paid_amount_cents: number;
  total_offsetted_credit_note_amount_cents: number;
  prepaid_credit_amount_cents: number;
  prepaid_granted_credit_amount_cents: number;
  prepaid_purchased_credit_amount_cents: number;
  file_url: string | null;
  xml_url: string | null;
  web_url: string | null;
  version_number: number;
  self_billed: boolean;
  created_at: string;
  updated_at: string;
  voided_at: string | null;
  customer?: CustomerV1;
  subscriptions?: never[];
  billing_periods?: never[];
  fees?: FeeV1[];
  credits?: never[];
  metadata?: InvoiceMetadataV1[];
  applied_taxes?: InvoiceAppliedTaxV1[];
  error_details?: never[];
  applied_invoice_custom_sections?: never[];
}

/** One element of `fees[]` of `POST /api/v1/invoices`, validated by the gateway. */
export interface OneOffFeeRequestV1 {
  add_on_code: string;
  unit_amount_cents?: number | null;
  units?: number | string | null;
  description?: string | null;
  invoice_display_name?: string | null;
  tax_codes?: string[];
  from_datetime?: string;
  to_datetime?: string;
}

/** Parameters of `invoices.create_one_off`. */
export interface CreateOneOffInvoiceV1 {
  /** The customer as the customers service has it now (the replica may not have it yet). */
  customer: CustomerV1;
  /** The invoice currency; absent or null uses the customer's. */
  currency?: string | null;
  purchase_order_number?: string | null;
  fees: OneOffFeeRequestV1[];
}

/** An invoice addressed by id. */
export interface InvoiceIdV1 {
  lago_id: string;
}

/** A metadata entry of an invoice (`V1::Invoices::MetadataSerializer`). */
export interface InvoiceMetadataV1 {
  lago_id: string;
  key: string;
  value: string;
  created_at: string;
}

/**
 * Parameters of `invoices.update`: what the PUT body holds, checked by invoicing in Lago's order
 * (404, 405 voided, 405 metadata on a draft, then the values). Absent means unchanged.
 */
export interface UpdateInvoiceV1 {
  lago_id: string;
  /** As sent (any scalar); invoicing refuses values outside pending/succeeded/failed. */
  payment_status?: string | number | boolean | null;
  /** The entries as sent, scalars as strings; replaces the invoice's metadata. */
  metadata?: { id: string | null; key: string | null; value: string | null }[];
}

/** Filters of `GET /api/v1/invoices`; absent means no filter. */
export interface InvoiceFiltersV1 {
  external_customer_id?: string;
  status?: string;
  payment_status?: string;
  payment_overdue?: boolean;
  currency?: string;
  invoice_type?: string;
  issuing_date_from?: string;
  issuing_date_to?: string;
  search_term?: string;
}

/** Parameters of `invoices.list`. */
export interface ListInvoicesV1 {
  page: number;
  per_page: number;
  filters: InvoiceFiltersV1;
}

/** Reply of `invoices.list`. */
export interface InvoiceListV1 {
  invoices: InvoiceV1[];
  meta: PaginationMetaV1;
}

/** The invoiced customer, as far as `InvoiceIssuedRefV1` and `InvoiceAmountsRefV1` read it. */
export class InvoiceCustomerRefV1 {
  @IsUUID() lago_id!: string;
}

/**
 * What a consumer of `invoice.created` outside invoicing reads of the invoice (the payload is the
 * full `InvoiceV1`): its id, currency and customer. The customers service gives a customer
 * without a currency the currency of its first invoice, as Lago does.
 */
export class InvoiceIssuedRefV1 {
  @IsUUID() lago_id!: string;
  @Length(3, 3) currency!: string;
  @ValidateNested() @Type(() => InvoiceCustomerRefV1) customer!: InvoiceCustomerRefV1;
}

/**
 * What a consumer of any `INVOICE_EVENTS` type outside invoicing reads of the invoice to keep its
 * amounts (the payload is the full `InvoiceV1`). The customers service sums them per customer for
 * ChargeOver's total, paid, balance and overdue.
 */
export class InvoiceAmountsRefV1 {
  /** The invoice's id. */
  @IsUUID() lago_id!: string;
  /** `draft`, `finalized`, `voided`, `failed` or `pending`; only `finalized` invoices are owed. */
  @IsString() @IsNotEmpty() status!: string;
  /** `pending`, `succeeded` or `failed`; a succeeded invoice counts as paid in full (a payment marked by hand leaves total_paid at 0, as in Lago). */
  @IsString() @IsNotEmpty() payment_status!: string;
  /** The invoice currency (ISO 4217). */
  @Length(3, 3) currency!: string;
  /** What the invoice totals, in cents. */
  @IsInt() total_amount_cents!: number;
  /** What has been paid of it, in cents. */
  @IsInt() total_paid_amount_cents!: number;
  /** Whether it is overdue (set by the overdue sweep, cleared when paid, voided or disputed). */
  @IsBoolean() payment_overdue!: boolean;
  /** When the invoice last changed (Lago's format, to the second); orders the invoice's events. */
  @IsOptional() @IsString() updated_at?: string | null;
  /** The invoiced customer; an event without one is refused. */
  @IsObject() @ValidateNested() @Type(() => InvoiceCustomerRefV1) customer!: InvoiceCustomerRefV1;
}
