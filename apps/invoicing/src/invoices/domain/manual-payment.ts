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

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * An ISO 8601 date or date-time as Ruby's `DateTime.iso8601` accepts it; a value without an
 * offset is UTC. Impossible dates (Feb 30, hour 25) are refused rather than rolled over.
 */
export function parseIso8601(text: string): Date | null {
  const value = text.trim();
  const date = ISO_DATE.exec(value);
  const full = date ? null : ISO_DATETIME.exec(value);
  const parts = date ?? full;
  if (!parts) return null;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const [hour, minute, second] = full ? [Number(full[4]), Number(full[5]), Number(full[6] ?? 0)] : [0, 0, 0];
  const millis = full?.[7] ? Number(`0.${full[7]}`) * 1000 : 0;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  const zone = full?.[8];
  if (!zone || zone === 'Z') return check;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  if (offsetMinutes > 18 * 60) return null;
  return new Date(utc - sign * offsetMinutes * 60_000);
}
