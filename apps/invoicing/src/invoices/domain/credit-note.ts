import type { CreditNoteOffset } from './invoice-balance';
import { totalDueAmountCents } from './invoice-balance';
import type { InvoicePaymentStatus, InvoiceStatus } from './invoice-enums';
import { roundHalfAwayFromZero, roundHalfAwayFromZeroTo } from './ruby-numbers';

/*
 * Credit notes on an issued invoice (Lago's `CreditNotes::CreateService`, `ValidateItemService`,
 * `ApplyTaxesService`, `ValidateService` and `AdjustAmountsWithRoundingService`). A credit note
 * gives back part of the invoice's fees, with their taxes, as any mix of three parts: a credit
 * (a balance for the customer), a refund (money back on a paid invoice) and an offset (what the
 * invoice still owes is reduced; an offset that leaves nothing due settles the invoice). This
 * product has no coupons, so no coupon adjustment applies and an invoice tax's taxable base is its
 * fees amount.
 */

/** Lago's credit note `reason` values. */
export const CREDIT_NOTE_REASONS = ['duplicated_charge', 'product_unsatisfactory', 'order_change', 'order_cancellation', 'fraudulent_charge', 'other'] as const;
/** One of `CREDIT_NOTE_REASONS`. */
export type CreditNoteReason = (typeof CREDIT_NOTE_REASONS)[number];

/** A fee of the invoice as a credit note reads it. */
export interface CreditNoteFee {
  id: string;
  amountCents: number;
  taxesAmountCents: number;
  /** Σ of the items of earlier credit notes on this fee (Lago's `fee.credit_note_items`). */
  creditedAmountCents: number;
  /** The fee's taxes, in the fee's order. */
  appliedTaxes: readonly { taxCode: string; taxRate: number }[];
}

/** An earlier credit note of the invoice. */
export interface IssuedCreditNote extends CreditNoteOffset {
  creditAmountCents: number;
  refundAmountCents: number;
}

/** The invoice a credit note is issued on. */
export interface CreditNoteInvoice {
  status: InvoiceStatus;
  paymentStatus: InvoicePaymentStatus;
  totalAmountCents: number;
  totalPaidAmountCents: number;
  fees: readonly CreditNoteFee[];
  creditNotes: readonly IssuedCreditNote[];
}

/** What the client asked for, after the gateway's shape checks. */
export interface CreditNoteRequest {
  reason: string | null;
  description: string | null;
  /** Items as sent; anything but an array is `items: must_be_an_array`. */
  items: readonly { feeId: string | null; amountCents: number }[] | null;
  creditAmountCents: number;
  refundAmountCents: number;
  offsetAmountCents: number;
}

/** A computed credit note, ready to store. */
export interface ComputedCreditNote {
  status: 'draft' | 'finalized';
  reason: CreditNoteReason;
  items: { feeId: string; amountCents: number; preciseAmountCents: number }[];
  appliedTaxes: { taxCode: string; taxRate: number; baseAmountCents: number; amountCents: number }[];
  preciseTaxesAmountCents: number;
  taxesAmountCents: number;
  taxesRate: number;
  subTotalExcludingTaxesAmountCents: number;
  totalAmountCents: number;
  creditAmountCents: number;
  refundAmountCents: number;
  offsetAmountCents: number;
  /** The credit part still available to the customer. */
  balanceAmountCents: number;
  creditStatus: 'available';
  refundStatus: 'pending' | null;
}

/** The result of `decideCreditNote`. */
export type CreditNoteDecision =
  | { ok: false; kind: 'fee_not_found' }
  | { ok: false; kind: 'invalid'; errors: Record<string, string[]> }
  | {
      ok: true;
      creditNote: ComputedCreditNote;
      /** The offset leaves nothing due: the invoice becomes `succeeded` (Lago's invoice settlement). */
      settlesInvoice: boolean;
    };

type Errors = Record<string, string[]>;
const add = (errors: Errors, field: string, code: string) => (errors[field] ??= []).includes(code) || errors[field]!.push(code);

/**
 * Checks and computes a credit note in Lago's order: the reason (`reason: value_is_invalid`), the
 * items (an array; each names a fee of the invoice, else 404 `fee_not_found`; each amount is ≥ 0
 * and within what is left of its fee, counting earlier items of the same note), the taxes of the
 * items, then the note's amounts, all errors together: the parts must add up to the items with
 * their taxes (±1 for rounding), a refund needs a paid amount left to refund, a credit and an
 * offset stay within what is left to credit, an offset within what is still due, and the total
 * must be positive.
 */
export function decideCreditNote(invoice: CreditNoteInvoice, request: CreditNoteRequest): CreditNoteDecision {
  const reason = request.reason ?? 'other';
  if (!(CREDIT_NOTE_REASONS as readonly string[]).includes(reason)) return { ok: false, kind: 'invalid', errors: { reason: ['value_is_invalid'] } };
  if (!Array.isArray(request.items)) return { ok: false, kind: 'invalid', errors: { items: ['must_be_an_array'] } };

  const fees = new Map(invoice.fees.map((fee) => [fee.id, fee]));
  const credited = new Map(invoice.fees.map((fee) => [fee.id, fee.creditedAmountCents]));
  const items: ComputedCreditNote['items'] = [];
  for (const item of request.items) {
    const fee = item.feeId === null ? undefined : fees.get(item.feeId);
    if (!fee) return { ok: false, kind: 'fee_not_found' };
    const amountCents = roundHalfAwayFromZero(item.amountCents);
    const errors: Errors = {};
    if (amountCents < 0) add(errors, 'amount_cents', 'invalid_value');
    if (amountCents > fee.amountCents - credited.get(fee.id)!) add(errors, 'amount_cents', 'higher_than_remaining_fee_amount');
    if (Object.keys(errors).length) return { ok: false, kind: 'invalid', errors };
    credited.set(fee.id, credited.get(fee.id)! + amountCents);
    items.push({ feeId: fee.id, amountCents, preciseAmountCents: item.amountCents });
  }

  const taxes = creditNoteTaxes(items, fees);
  const subTotal = roundHalfAwayFromZero(sum(items.map((i) => i.preciseAmountCents)));
  const errors = validateAmounts(invoice, request, sum(items.map((i) => i.preciseAmountCents)) + taxes.preciseTaxesAmountCents);
  if (Object.keys(errors).length) return { ok: false, kind: 'invalid', errors };

  const parts = adjustForRounding({
    total: request.creditAmountCents + request.refundAmountCents + request.offsetAmountCents,
    taxes: taxes.taxesAmountCents,
    subTotal,
    credit: request.creditAmountCents,
    refund: request.refundAmountCents,
    offset: request.offsetAmountCents,
  });
  // The rounding cent can take a one-cent total to zero (no items, or items under half a cent): nothing to credit.
  if (parts.total <= 0) return { ok: false, kind: 'invalid', errors: { base: ['total_amount_must_be_positive'] } };
  const creditNote: ComputedCreditNote = {
    status: invoice.status === 'draft' ? 'draft' : 'finalized',
    reason: reason as CreditNoteReason,
    items,
    ...taxes,
    subTotalExcludingTaxesAmountCents: subTotal,
    totalAmountCents: parts.total,
    creditAmountCents: parts.credit,
    refundAmountCents: parts.refund,
    offsetAmountCents: parts.offset,
    balanceAmountCents: parts.credit,
    creditStatus: 'available',
    refundStatus: parts.refund > 0 ? 'pending' : null,
  };
  const settlesInvoice =
    creditNote.status === 'finalized' &&
    parts.offset > 0 &&
    totalDueAmountCents({ ...invoice, creditNotes: [...invoice.creditNotes, { status: 'finalized', offsetAmountCents: parts.offset }] }) <= 0;
  return { ok: true, creditNote, settlesInvoice };
}

/**
 * `ApplyTaxesService`: for each tax of the items' fees (in order of first appearance), the base is
 * the sum of the items on fees carrying it and the tax is base × rate / 100. The note's tax amount
 * is the rounded sum of the precise taxes; its rate is each tax rate weighted by its share of the
 * items, to 5 decimals.
 */
export function creditNoteTaxes(
  items: readonly { feeId: string; preciseAmountCents: number }[],
  fees: ReadonlyMap<string, CreditNoteFee>,
): Pick<ComputedCreditNote, 'appliedTaxes' | 'preciseTaxesAmountCents' | 'taxesAmountCents' | 'taxesRate'> {
  const bases = new Map<string, { taxRate: number; base: number }>();
  for (const item of items) {
    for (const tax of fees.get(item.feeId)!.appliedTaxes) {
      const entry = bases.get(tax.taxCode) ?? { taxRate: tax.taxRate, base: 0 };
      entry.base += item.preciseAmountCents;
      bases.set(tax.taxCode, entry);
    }
  }
  const itemsTotal = sum(items.map((i) => i.preciseAmountCents));
  const appliedTaxes: ComputedCreditNote['appliedTaxes'] = [];
  let precise = 0;
  let rate = 0;
  for (const [taxCode, { taxRate, base }] of bases) {
    const tax = (base * taxRate) / 100;
    appliedTaxes.push({ taxCode, taxRate, baseAmountCents: roundHalfAwayFromZero(base), amountCents: roundHalfAwayFromZero(tax) });
    precise += tax;
    rate += itemsTotal === 0 ? 0 : (base / itemsTotal) * taxRate;
  }
  return { appliedTaxes, preciseTaxesAmountCents: precise, taxesAmountCents: roundHalfAwayFromZero(precise), taxesRate: roundHalfAwayFromZeroTo(rate, 5) };
}

/** `ValidateService`: every amount rule, errors reported together. */
function validateAmounts(invoice: CreditNoteInvoice, request: CreditNoteRequest, preciseItemsTotal: number): Errors {
  const errors: Errors = {};
  const { creditAmountCents: credit, refundAmountCents: refund, offsetAmountCents: offset } = request;
  const total = credit + refund + offset;
  const finalized = invoice.creditNotes.filter((note) => note.status === 'finalized');
  const credited = sum(finalized.map((n) => n.creditAmountCents));
  const refunded = sum(finalized.map((n) => n.refundAmountCents));
  const offsetted = sum(finalized.map((n) => n.offsetAmountCents));
  const feeTotal = sum(invoice.fees.map((f) => f.amountCents + f.taxesAmountCents));
  const creditable = feeTotal - credited - offsetted;

  if (refund > 0 && invoice.paymentStatus !== 'succeeded' && invoice.totalPaidAmountCents === invoice.totalAmountCents && invoice.totalAmountCents > 0) {
    add(errors, 'refund_amount_cents', 'cannot_refund_unpaid_invoice');
  }
  if (Math.abs(total - roundHalfAwayFromZero(preciseItemsTotal)) > 1) add(errors, 'base', 'does_not_match_item_amounts');
  if (refund > 0) {
    if (invoice.totalPaidAmountCents <= 0) add(errors, 'refund_amount_cents', 'cannot_refund_unpaid_invoice');
    else if (refund > invoice.totalPaidAmountCents - refunded) add(errors, 'refund_amount_cents', 'higher_than_remaining_invoice_amount');
  }
  if (credit > creditable && credit - creditable > 1) add(errors, 'credit_amount_cents', 'higher_than_remaining_invoice_amount');
  if (offset > 0) {
    const due = invoice.totalAmountCents - invoice.totalPaidAmountCents - offsetted;
    if (offset > Math.min(due, creditable)) add(errors, 'offset_amount_cents', 'higher_than_remaining_invoice_amount');
  }
  const remaining = feeTotal - (credited + refunded + offsetted);
  if (total > remaining && total - remaining > 1) add(errors, 'base', 'higher_than_remaining_invoice_amount');
  if (total <= 0) add(errors, 'base', 'total_amount_must_be_positive');
  return errors;
}

/**
 * `AdjustAmountsWithRoundingService`: when total − taxes differs from the items' subtotal by the
 * rounding cent, the total moves by one cent towards it, taken from the credit part, else the
 * refund part, else the offset part (Lago's service predates offsets; this extends it to them).
 */
function adjustForRounding(amounts: { total: number; taxes: number; subTotal: number; credit: number; refund: number; offset: number }) {
  let { total, credit, refund, offset } = amounts;
  const subtotal = total - amounts.taxes;
  if (subtotal === amounts.subTotal) return { total, credit, refund, offset };
  total += subtotal > amounts.subTotal ? -1 : 1;
  if (credit > 0) credit = total - refund - offset;
  else if (refund > 0) refund = total - offset;
  else offset = total;
  return { total, credit, refund, offset };
}

/** Lago's credit note number: the invoice number, `-CN`, and the note's rank on the invoice as `%03d`. */
export const creditNoteNumber = (invoiceNumber: string, sequentialId: number): string => `${invoiceNumber}-CN${String(sequentialId).padStart(3, '0')}`;

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
