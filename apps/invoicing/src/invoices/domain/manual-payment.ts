import { parseIso8601 } from '@app/contracts';
import { totalDueAmountCents, type InvoiceBalance } from './invoice-balance';

/*
 * `POST /api/v1/payments`, a manual payment of an invoice (spec §1.3, §7.8,
 * `ManualPayments::CreateService` and the `Payment` model validations).
 */

/** Longest manual payment `reference`. */
export const MAX_PAYMENT_REFERENCE_LENGTH = 40;

/** What the invoicing service checks once the gateway has the invoice id and a positive amount. */
export interface ManualPaymentInput {
  amountCents: number;
  reference: string | null;
  paidAt: string | null;
}

/** The invoice being paid, with what is already recorded against it. */
export interface ManualPaymentInvoice extends InvoiceBalance {
  /** Σ of the invoice's own succeeded payments (manual or provider), before this one. */
  succeededPaymentsAmountCents: number;
  /** Whether a payment request containing the invoice has succeeded. */
  inSucceededPaymentRequest: boolean;
}

/** The result of `decideManualPayment`. */
export type ManualPaymentDecision =
  | { ok: false; kind: 'forbidden' }
  | { ok: false; kind: 'invalid'; errors: Record<string, string[]> }
  | {
      ok: true;
      /** The payment's `created_at`: `paid_at` when given, else now. */
      createdAt: Date;
      /** The invoice's new `total_paid_amount_cents`: Σ of its succeeded payments. */
      totalPaidAmountCents: number;
      /** Whether the invoice is now fully settled (paid + finalized offsets = total). */
      settlesInvoice: boolean;
    };

/**
 * In Lago's order: only a finalized invoice takes a manual payment (403 `feature_unavailable`);
 * a `paid_at` that is not ISO 8601 is `paid_at: invalid_date`; then the model validations, all
 * reported together: a `reference` of 1–40 characters, an amount no larger than what the invoice
 * still owes (`amount_cents: value_is_out_of_range`), and no payment request of the invoice
 * already succeeded (`base: payment_request_is_already_succeeded`). The paid amount becomes the
 * sum of the invoice's succeeded payments; a partial payment leaves the payment status alone.
 */
export function decideManualPayment(invoice: ManualPaymentInvoice, input: ManualPaymentInput, now: Date): ManualPaymentDecision {
  if (invoice.status !== 'finalized') return { ok: false, kind: 'forbidden' };
  let createdAt = now;
  if (input.paidAt !== null && input.paidAt.trim() !== '') {
    const parsed = parseIso8601(input.paidAt);
    if (!parsed) return { ok: false, kind: 'invalid', errors: { paid_at: ['invalid_date'] } };
    createdAt = parsed;
  }
  const errors: Record<string, string[]> = {};
  const reference = input.reference ?? '';
  if (reference.trim() === '') errors.reference = ['value_is_mandatory'];
  else if ([...reference].length > MAX_PAYMENT_REFERENCE_LENGTH) errors.reference = ['value_is_too_long'];
  const due = totalDueAmountCents(invoice);
  if (input.amountCents > due) errors.amount_cents = ['value_is_out_of_range'];
  if (invoice.inSucceededPaymentRequest) errors.base = ['payment_request_is_already_succeeded'];
  if (Object.keys(errors).length) return { ok: false, kind: 'invalid', errors };
  const totalPaidAmountCents = invoice.succeededPaymentsAmountCents + input.amountCents;
  return { ok: true, createdAt, totalPaidAmountCents, settlesInvoice: totalDueAmountCents({ ...invoice, totalPaidAmountCents }) === 0 };
}
