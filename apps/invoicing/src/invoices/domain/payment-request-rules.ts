import { totalDueAmountCents, type InvoiceBalance } from './invoice-balance';

/*
 * Which invoices a payment request takes and what it asks for (spec §2.2, §2.3, decisions §12:
 * no premium gate, so Lago's check 1 is gone).
 */

/** Each refusal of POST /api/v1/payment_requests with its HTTP status, in the order they are checked. */
export const PAYMENT_REQUEST_REFUSALS = {
  customer_not_found: 404,
  invoice_not_found: 404,
  invoices_not_overdue: 405,
  invoices_have_different_currencies: 405,
  invoices_have_different_billing_entities: 405,
  invoices_not_ready_for_payment_processing: 405,
} as const;

/** One of the keys of `PAYMENT_REQUEST_REFUSALS`. */
export type PaymentRequestRefusalCode = keyof typeof PAYMENT_REQUEST_REFUSALS;

/** A refusal: Lago's `code` and the HTTP status it answers with. */
export type PaymentRequestRefusal = { [C in PaymentRequestRefusalCode]: { code: C; status: (typeof PAYMENT_REQUEST_REFUSALS)[C] } }[PaymentRequestRefusalCode];

/** An invoice that may end up in a payment request. */
export interface PaymentRequestCandidate extends InvoiceBalance {
  /** Invoice id. */
  id: string;
  /** Id of the invoice's customer. */
  customerId: string;
  /** Set by the overdue sweep only (finalized, unpaid, past due). */
  paymentOverdue: boolean;
  /** ISO currency code. */
  currency: string;
  /** Id (or code) of the invoice's billing entity. */
  billingEntityId: string;
  /** False while a payment is in flight, after success and after voiding. */
  readyForPaymentProcessing: boolean;
}

/** The outcome of `decidePaymentRequest`. */
export type PaymentRequestDecision<I extends PaymentRequestCandidate> =
  | {
      ok: true;
      /** The selected invoices, in the order they were given, each once. */
      invoices: I[];
      /** Σ of the invoices' due amounts, fixed at creation (§2.3). */
      amountCents: number;
      /** The invoices' common currency. */
      currency: string;
    }
  | { ok: false; error: PaymentRequestRefusal };

/** What a payment request is decided from. */
export interface PaymentRequestDecisionInput<I extends PaymentRequestCandidate> {
  /** The id of the organization's live customer with the request's `external_customer_id`, or null if none. */
  customerId: string | null;
  /** The request's `lago_invoice_ids` (send [] when it was not an array). */
  lagoInvoiceIds: readonly string[];
  /** Invoices loaded for those ids; foreign, deleted and unknown ones may be included, they are dropped here. */
  invoices: readonly I[];
}

const ACCEPTABLE_UUID = /^(?:\{(?:[0-9a-f]{4}-?){8}\}|(?:[0-9a-f]{4}-?){8})$/i;

/**
 * How Rails reads an id for a `uuid` column: canonical lower-case form, accepting upper case,
 * braces and missing dashes; anything else is null and matches no row.
 */
export function castUuid(value: string): string | null {
  if (!ACCEPTABLE_UUID.test(value)) return null;
  const hex = value.replace(/[{}-]/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Selects the invoices of a payment request and checks them in Lago's order, first failure wins
 * (§2.2): no customer → 404 `customer_not_found`; none of the customer's non-deleted invoices
 * among the ids → 404 `invoice_not_found` (ids that match nothing are otherwise ignored); any not
 * overdue → 405 `invoices_not_overdue`; several currencies → 405
 * `invoices_have_different_currencies`; several billing entities → 405
 * `invoices_have_different_billing_entities`; any not ready for payment processing → 405
 * `invoices_not_ready_for_payment_processing`. Accepted: the amount is the sum of what each
 * invoice still owes (total − paid − finalized credit-note offsets) in the first invoice's currency.
 */
export function decidePaymentRequest<I extends PaymentRequestCandidate>(input: PaymentRequestDecisionInput<I>): PaymentRequestDecision<I> {
  if (input.customerId === null) return refuse('customer_not_found');
  const wanted = new Set(input.lagoInvoiceIds.map(castUuid).filter((id) => id !== null));
  const seen = new Set<string>();
  const invoices = input.invoices.filter((invoice) => {
    const id = castUuid(invoice.id) ?? invoice.id;
    if (invoice.customerId !== input.customerId || invoice.status === 'deleted' || !wanted.has(id) || seen.has(id)) return false;
    seen.add(id);
    return true;
  });

  const [first] = invoices;
  if (first === undefined) return refuse('invoice_not_found');
  if (invoices.some((invoice) => !invoice.paymentOverdue)) return refuse('invoices_not_overdue');
  if (new Set(invoices.map((invoice) => invoice.currency)).size > 1) return refuse('invoices_have_different_currencies');
  if (new Set(invoices.map((invoice) => invoice.billingEntityId)).size > 1) return refuse('invoices_have_different_billing_entities');
  if (invoices.some((invoice) => !invoice.readyForPaymentProcessing)) return refuse('invoices_not_ready_for_payment_processing');

  const amountCents = invoices.reduce((sum, invoice) => sum + totalDueAmountCents(invoice), 0);
  if (!Number.isSafeInteger(amountCents)) throw new RangeError(`amount out of the safe integer range: ${amountCents}`);
  return { ok: true, invoices, amountCents, currency: first.currency };
}

function refuse<C extends PaymentRequestRefusalCode>(code: C): { ok: false; error: PaymentRequestRefusal } {
  return { ok: false, error: { code, status: PAYMENT_REQUEST_REFUSALS[code] } as PaymentRequestRefusal };
}
