import type { PaginationMetaV1 } from '../customers/customer-commands.v1';

/** Event types on `billing.credit_notes.v1`; payload `CreditNoteV1` (with items and applied taxes). */
export const CREDIT_NOTE_EVENTS = {
  created: 'credit_note.created',
  refundStatusUpdated: 'credit_note.refund_status_updated',
  voided: 'credit_note.voided',
} as const;

/** Request types for credit notes on `billing.rpc.invoicing.v1`. */
export const CREDIT_NOTE_REQUESTS = {
  /** Payload `CreateCreditNoteV1`; reply `CreditNoteV1`. */
  create: 'credit_notes.create',
  /** Payload `{lago_id}`; reply `CreditNoteV1`. */
  get: 'credit_notes.get',
  /** Payload `ListCreditNotesV1`; reply `CreditNoteListV1`. */
  list: 'credit_notes.list',
  /** Payload `{lago_id, refund_status}`; reply `CreditNoteV1`. */
  update: 'credit_notes.update',
  /** Payload `{lago_id}`; reply `CreditNoteV1`. */
  void: 'credit_notes.void',
} as const;

/** A credit note item (`V1::CreditNoteItemSerializer`). */
export interface CreditNoteItemV1 {
  lago_id: string;
  amount_cents: number;
  precise_amount_cents: string;
  amount_currency: string;
  /** The credited fee, as the invoice shows it. */
  fee: Record<string, unknown>;
}

/** A tax of a credit note (`V1::CreditNotes::AppliedTaxSerializer`). */
export interface CreditNoteAppliedTaxV1 {
  lago_id: string;
  lago_credit_note_id: string;
  lago_tax_id: string | null;
  tax_name: string;
  tax_code: string;
  tax_rate: number;
  tax_description: string | null;
  base_amount_cents: number;
  amount_cents: number;
  amount_currency: string;
  created_at: string;
}

/** Lago's credit note (`V1::CreditNoteSerializer` with items and applied taxes). */
export interface CreditNoteV1 {
  lago_id: string;
  billing_entity_code: string;
  sequential_id: number;
  number: string;
  lago_invoice_id: string;
  invoice_number: string;
  purchase_order_number: string | null;
  issuing_date: string;
  credit_status: 'available' | 'consumed' | 'voided';
  refund_status: 'pending' | 'succeeded' | 'failed' | null;
  reason: string;
  description: string | null;
  currency: string;
  total_amount_cents: number;
  precise_total_amount_cents: string;
  taxes_amount_cents: number;
  precise_taxes_amount_cents: string;
  sub_total_excluding_taxes_amount_cents: number;
  balance_amount_cents: number;
  credit_amount_cents: number;
  refund_amount_cents: number;
  offset_amount_cents: number;
  coupons_adjustment_amount_cents: number;
  taxes_rate: number;
  created_at: string;
  updated_at: string;
  file_url: null;
  xml_url: null;
  self_billed: boolean;
  items: CreditNoteItemV1[];
  applied_taxes: CreditNoteAppliedTaxV1[];
}

/** Parameters of `credit_notes.create`, after the gateway's shape checks. */
export interface CreateCreditNoteV1 {
  invoice_id: string;
  reason: string | null;
  description: string | null;
  /** Null when `items` was not an array (`items: must_be_an_array`). */
  items: { fee_id: string | null; amount_cents: number }[] | null;
  credit_amount_cents: number;
  refund_amount_cents: number;
  offset_amount_cents: number;
}

/** Parameters of `credit_notes.list`. */
export interface ListCreditNotesV1 {
  page: number;
  per_page: number;
  filters: { external_customer_id?: string };
}

/** Reply of `credit_notes.list`. */
export interface CreditNoteListV1 {
  credit_notes: CreditNoteV1[];
  meta: PaginationMetaV1;
}
