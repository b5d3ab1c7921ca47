import { lagoTime, type CreditNoteV1 } from '@app/contracts';
import type { CreditNoteFee, IssuedCreditNote } from '../invoices/domain';
import type { Invoice } from '../invoices/invoice.entity';
import type { CreditNote } from './credit-note.entity';

/** The invoice's fees as the credit-note rules read them, with what earlier notes took from each. */
export function creditableFees(invoice: Invoice, notes: readonly CreditNote[]): CreditNoteFee[] {
  const credited = new Map<string, number>();
  for (const note of notes) for (const item of note.items) credited.set(item.fee_id, (credited.get(item.fee_id) ?? 0) + item.amount_cents);
  return invoice.fees.map((fee) => ({
    id: fee.lago_id,
    amountCents: fee.amount_cents,
    taxesAmountCents: fee.taxes_amount_cents,
    creditedAmountCents: credited.get(fee.lago_id) ?? 0,
    appliedTaxes: fee.applied_taxes.map((t) => ({ taxCode: t.tax_code, taxRate: t.tax_rate })),
  }));
}

/** Earlier notes as the amount rules read them. */
export const issuedNotes = (notes: readonly CreditNote[]): IssuedCreditNote[] =>
  notes.map((n) => ({ status: n.status, creditAmountCents: n.creditAmountCents, refundAmountCents: n.refundAmountCents, offsetAmountCents: n.offsetAmountCents }));

/** Lago's credit note object with its items (each with its fee) and applied taxes. */
export function toCreditNoteV1(note: CreditNote, invoice: Invoice): CreditNoteV1 {
  const fees = new Map(invoice.fees.map((fee) => [fee.lago_id, fee]));
  return {
    lago_id: note.id,
    billing_entity_code: invoice.billingEntityCode,
    sequential_id: note.sequentialId,
    number: note.number,
    lago_invoice_id: invoice.id,
    invoice_number: invoice.number,
    purchase_order_number: invoice.purchaseOrderNumber,
    issuing_date: note.issuingDate,
    credit_status: note.creditStatus,
    refund_status: note.refundStatus,
    reason: note.reason,
    description: note.description,
    currency: note.currency,
    total_amount_cents: note.totalAmountCents,
    precise_total_amount_cents: decimalText(note.subTotalExcludingTaxesAmountCents + note.preciseTaxesAmountCents),
    taxes_amount_cents: note.taxesAmountCents,
    precise_taxes_amount_cents: decimalText(note.preciseTaxesAmountCents),
    sub_total_excluding_taxes_amount_cents: note.subTotalExcludingTaxesAmountCents,
    balance_amount_cents: note.balanceAmountCents,
    credit_amount_cents: note.creditAmountCents,
    refund_amount_cents: note.refundAmountCents,
    offset_amount_cents: note.offsetAmountCents,
    coupons_adjustment_amount_cents: 0,
    taxes_rate: Number(note.taxesRate),
    created_at: lagoTime(note.createdAt),
    updated_at: lagoTime(note.updatedAt),
    file_url: null,
    xml_url: null,
    self_billed: false,
    items: note.items.map((item) => ({
      lago_id: item.lago_id,
      amount_cents: item.amount_cents,
      precise_amount_cents: decimalText(item.precise_amount_cents),
      amount_currency: note.currency,
      fee: { ...(fees.get(item.fee_id) ?? {}), payment_status: invoice.paymentStatus } as Record<string, unknown>,
    })),
    applied_taxes: note.appliedTaxes.map((tax) => ({
      lago_id: tax.lago_id,
      lago_credit_note_id: note.id,
      lago_tax_id: tax.lago_tax_id,
      tax_name: tax.tax_name,
      tax_code: tax.tax_code,
      tax_rate: tax.tax_rate,
      tax_description: tax.tax_description,
      base_amount_cents: tax.base_amount_cents,
      amount_cents: tax.amount_cents,
      amount_currency: note.currency,
      created_at: tax.created_at,
    })),
  };
}

/** Ruby's BigDecimal#to_s for these amounts: `600.0`, `66.6`. */
function decimalText(value: number): string {
  const text = String(Number(value.toFixed(5)));
  return text.includes('.') ? text : `${text}.0`;
}
