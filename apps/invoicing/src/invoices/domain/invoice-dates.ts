import type { InvoicePaymentStatus, InvoiceStatus } from './invoice-enums';
import { isBlank } from './ruby-numbers';

/*
 * Invoice dates and the overdue rule (spec §7.3). Dates are `YYYY-MM-DD` strings, instants are
 * `Date`s (UTC inside).
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date (`YYYY-MM-DD`) of an instant in an IANA time zone. A one-off invoice's
 * `issuing_date` is its creation instant in the customer's applicable time zone; the
 * `per_billing_entity` number uses the same rule for its `YYYYMM`. An unknown zone throws.
 */
export function dateInTimeZone(at: Date, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', calendar: 'gregory', numberingSystem: 'latn' });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(at).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The customer's applicable time zone: its own when present, else its billing entity's, else `UTC`. */
export function applicableTimezone(customerTimezone: string | null | undefined, billingEntityTimezone?: string | null): string {
  if (!isBlank(customerTimezone)) return customerTimezone;
  return billingEntityTimezone ?? 'UTC';
}

/**
 * The invoice's `net_payment_term`: the customer's when set (0 included), else the billing
 * entity's, whose default is 0.
 */
export function applicableNetPaymentTerm(customerNetPaymentTerm: number | null | undefined, billingEntityNetPaymentTerm?: number | null): number {
  return customerNetPaymentTerm ?? billingEntityNetPaymentTerm ?? 0;
}

/** `payment_due_date` = `issuing_date` + `net_payment_term` calendar days. */
export function paymentDueDate(issuingDate: string, netPaymentTerm: number): string {
  const match = DATE.exec(issuingDate);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${issuingDate}`);
  if (!Number.isSafeInteger(netPaymentTerm) || netPaymentTerm < 0) throw new RangeError(`net_payment_term must be a non-negative integer, got ${netPaymentTerm}`);
  const due = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + netPaymentTerm));
  return due.toISOString().slice(0, 10);
}

/** What the overdue rule reads from an invoice. */
export interface OverdueCandidate {
  /** Invoice status; only `finalized` invoices become overdue. */
  status: InvoiceStatus;
  /** Invoice payment status; a `succeeded` invoice never becomes overdue. */
  paymentStatus: InvoicePaymentStatus;
  /** Whether the invoice is already flagged. */
  paymentOverdue: boolean;
  /** When a payment dispute was lost; such an invoice is never flagged. */
  paymentDisputeLostAt: Date | null;
  /** `YYYY-MM-DD`, or null (never flagged). */
  paymentDueDate: string | null;
}

/**
 * Whether the due date, read as midnight UTC, is before `now`. Lago compares the due *date* with
 * the current *timestamp*, so an invoice is overdue from the first sweep *on* its due date
 * (a `net_payment_term` of 0 makes it overdue on its issuing day), and not at midnight sharp.
 */
export function isPastDueDate(paymentDueDate: string, now: Date): boolean {
  return midnightUtc(paymentDueDate) < now.getTime();
}

/**
 * The overdue sweep's selection (`Clock::MarkInvoicesAsPaymentOverdueJob`): finalized, not
 * payment-succeeded, not already flagged, no lost dispute, and due date before `now`.
 */
export function isSelectedByOverdueSweep(invoice: OverdueCandidate, now: Date): boolean {
  return (
    invoice.status === 'finalized' &&
    invoice.paymentStatus !== 'succeeded' &&
    !invoice.paymentOverdue &&
    invoice.paymentDisputeLostAt === null &&
    invoice.paymentDueDate !== null &&
    isPastDueDate(invoice.paymentDueDate, now)
  );
}

/** Why `Invoices::Payments::MarkOverdueService` refuses to flag an invoice (405-type codes). */
export type MarkOverdueRefusal = 'invoice_not_finalized' | 'invoice_payment_already_succeeded' | 'invoice_due_date_in_future' | 'invoice_dispute_lost';

/**
 * The re-check made just before flagging, in Lago's order; null means flag it
 * (`payment_overdue = true`, webhook `invoice.payment_overdue`). A missing due date counts as in
 * the future. An invoice already flagged is not refused: flagging again changes nothing.
 */
export function markOverdueRefusal(invoice: Omit<OverdueCandidate, 'paymentOverdue'>, now: Date): MarkOverdueRefusal | null {
  if (invoice.status !== 'finalized') return 'invoice_not_finalized';
  if (invoice.paymentStatus === 'succeeded') return 'invoice_payment_already_succeeded';
  if (invoice.paymentDueDate === null || midnightUtc(invoice.paymentDueDate) > now.getTime()) return 'invoice_due_date_in_future';
  if (invoice.paymentDisputeLostAt !== null) return 'invoice_dispute_lost';
  return null;
}

/** A due date as Lago's SQL and Ruby comparisons read it: midnight UTC, in epoch milliseconds. */
function midnightUtc(date: string): number {
  const time = DATE.test(date) ? Date.parse(`${date}T00:00:00Z`) : NaN;
  if (Number.isNaN(time)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return time;
}
