/**
 * Lago's invoice enums (spec §7.1). Where Lago stores an enum as an integer, the array is in
 * Lago's order, so an element's index is Lago's stored value.
 */

/** Invoice `status`, in Lago's integer order (draft=0 … deleted=8). */
export const INVOICE_STATUSES = ['draft', 'finalized', 'voided', 'generating', 'failed', 'open', 'closed', 'pending', 'deleted'] as const;
/** One of `INVOICE_STATUSES`. */
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** Statuses the API serves. */
export const VISIBLE_INVOICE_STATUSES = ['draft', 'finalized', 'voided', 'failed', 'pending'] as const satisfies readonly InvoiceStatus[];
/** Statuses the API never serves (an invoice in one of them answers 404). */
export const INVISIBLE_INVOICE_STATUSES = ['generating', 'open', 'closed', 'deleted'] as const satisfies readonly InvoiceStatus[];

/** Whether the API serves an invoice in this status. */
export const isVisibleInvoiceStatus = (status: InvoiceStatus): boolean => (VISIBLE_INVOICE_STATUSES as readonly InvoiceStatus[]).includes(status);

/** Invoice `payment_status`, in Lago's integer order (pending=0, succeeded=1, failed=2). */
export const INVOICE_PAYMENT_STATUSES = ['pending', 'succeeded', 'failed'] as const;
/** One of `INVOICE_PAYMENT_STATUSES`. */
export type InvoicePaymentStatus = (typeof INVOICE_PAYMENT_STATUSES)[number];

/** Invoice `invoice_type`, in Lago's integer order (subscription=0 … progressive_billing=5). */
export const INVOICE_TYPES = ['subscription', 'add_on', 'credit', 'one_off', 'advance_charges', 'progressive_billing'] as const;
/** One of `INVOICE_TYPES`. */
export type InvoiceType = (typeof INVOICE_TYPES)[number];

/** Fee `payment_status`: the invoice's three plus `refunded`. */
export const FEE_PAYMENT_STATUSES = ['pending', 'succeeded', 'failed', 'refunded'] as const;
/** One of `FEE_PAYMENT_STATUSES`. */
export type FeePaymentStatus = (typeof FEE_PAYMENT_STATUSES)[number];

/** Fee `fee_type`. */
export const FEE_TYPES = ['charge', 'add_on', 'subscription', 'credit', 'commitment', 'fixed_charge', 'product'] as const;
/** One of `FEE_TYPES`. */
export type FeeType = (typeof FEE_TYPES)[number];

/** Payment request `payment_status` (§1.1), in Lago's integer order. */
export const PAYMENT_REQUEST_PAYMENT_STATUSES = ['pending', 'succeeded', 'failed'] as const;
/** One of `PAYMENT_REQUEST_PAYMENT_STATUSES`. */
export type PaymentRequestPaymentStatus = (typeof PAYMENT_REQUEST_PAYMENT_STATUSES)[number];

/** A payment's `payable_payment_status` (§1.3): what a provider outcome means for its payable. */
export const PAYABLE_PAYMENT_STATUSES = ['pending', 'processing', 'succeeded', 'failed'] as const;
/** One of `PAYABLE_PAYMENT_STATUSES`. */
export type PayablePaymentStatus = (typeof PAYABLE_PAYMENT_STATUSES)[number];

/** A billing entity's `document_numbering` (§7.2); `per_customer` is the default. */
export { DOCUMENT_NUMBERINGS, type DocumentNumberingV1 as DocumentNumbering } from '@app/contracts';

/** Credit note `status` (§2.3): only finalized credit notes offset an invoice. */
export const CREDIT_NOTE_STATUSES = ['draft', 'finalized'] as const;
/** One of `CREDIT_NOTE_STATUSES`. */
export type CreditNoteStatus = (typeof CREDIT_NOTE_STATUSES)[number];

/** A customer's `finalize_zero_amount_invoice` (§7.6); `inherit` defers to the billing entity. */
export const FINALIZE_ZERO_AMOUNT_INVOICE_OPTIONS = ['inherit', 'finalize', 'skip'] as const;
/** One of `FINALIZE_ZERO_AMOUNT_INVOICE_OPTIONS`. */
export type FinalizeZeroAmountInvoice = (typeof FINALIZE_ZERO_AMOUNT_INVOICE_OPTIONS)[number];

/** Whether `value` is one of `values`; narrows `value`. */
export const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (values as readonly string[]).includes(value);
