import type { CreditNoteStatus, InvoiceStatus } from './invoice-enums';

/** The part of a credit note that reduces what its invoice still owes (spec §2.3). */
export interface CreditNoteOffset {
  /** Only `finalized` credit notes count. */
  status: CreditNoteStatus;
  /** The credit note's `offset_amount_cents` (its credit and refund parts never count). */
  offsetAmountCents: number;
}

/** What an invoice's due amount is computed from (spec §7.4). */
export interface InvoiceBalance {
  /** Invoice status; a voided invoice owes nothing. */
  status: InvoiceStatus;
  /** `total_amount_cents`. */
  totalAmountCents: number;
  /** `total_paid_amount_cents`. */
  totalPaidAmountCents: number;
  /** The invoice's credit notes, drafts included (they are ignored). */
  creditNotes: readonly CreditNoteOffset[];
}

/** `total_offsetted_credit_note_amount_cents`: Σ `offset_amount_cents` of the finalized credit notes. */
export const totalOffsettedCreditNoteAmountCents = (creditNotes: readonly CreditNoteOffset[]): number =>
  creditNotes.reduce((sum, note) => (note.status === 'finalized' ? sum + note.offsetAmountCents : sum), 0);

/**
 * `total_due_amount_cents`: 0 for a voided invoice, else total − paid − finalized offsets. It can be
 * non-zero on an invoice marked `succeeded` by hand, which leaves the paid amount alone (§7.4).
 */
export function totalDueAmountCents(invoice: InvoiceBalance): number {
  if (invoice.status === 'voided') return 0;
  return invoice.totalAmountCents - invoice.totalPaidAmountCents - totalOffsettedCreditNoteAmountCents(invoice.creditNotes);
}
