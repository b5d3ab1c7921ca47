import type { FieldError } from './field-error';
import { totalDueAmountCents, type InvoiceBalance } from './invoice-balance';
import {
  isOneOf,
  isVisibleInvoiceStatus,
  PAYABLE_PAYMENT_STATUSES,
  type InvoicePaymentStatus,
  type PayablePaymentStatus,
  type PaymentRequestPaymentStatus,
} from './invoice-enums';

/*
 * Payment-status transitions of a payment request and its invoices (spec §3 step 6, §4, §7.3,
 * §7.7, decisions §12). Lago has two paths with different rules: the initial charge (`charge`,
 * PaymentRequests::Payments::CreateService) and the provider's later webhook
 * (`provider_webhook`, e.g. PaymentRequests::Payments::StripeService#update_payment_status).
 */

/** What an invoice payment-status update reads. */
export interface InvoicePaymentState extends InvoiceBalance {
  /** Invoice id. */
  id: string;
  /** Current payment status. */
  paymentStatus: InvoicePaymentStatus;
  /** Current overdue flag. */
  paymentOverdue: boolean;
  /** Current readiness for a provider payment. */
  readyForPaymentProcessing: boolean;
}

/** An invoice after a payment-status update. */
export interface InvoicePaymentUpdate {
  /** Invoice id. */
  id: string;
  /** New payment status. */
  paymentStatus: InvoicePaymentStatus;
  /** New readiness (a voided invoice keeps false). */
  readyForPaymentProcessing: boolean;
  /** New overdue flag: cleared once the invoice is `succeeded`, never by a failure. */
  paymentOverdue: boolean;
  /** New paid amount. */
  totalPaidAmountCents: number;
  /** Whether the payment status changed. */
  paymentStatusChanged: boolean;
  /** Whether to publish `invoice.payment_status_updated` (changed, visible, and the path notifies). */
  notify: boolean;
}

/**
 * `Invoices::UpdateService` for a payment status (§7.3, §7.7): sets it, sets the readiness unless
 * the invoice is voided, and clears `payment_overdue` when the invoice is now `succeeded`. The paid
 * amount is left alone, and the payment requests containing the invoice are not touched (§4.3).
 * `notify` is whether the caller asked for notifications (a manual PUT does).
 */
export function updateInvoicePaymentStatus(
  invoice: InvoicePaymentState,
  change: { paymentStatus: InvoicePaymentStatus; readyForPaymentProcessing?: boolean; notify: boolean },
): InvoicePaymentUpdate {
  const paymentStatusChanged = change.paymentStatus !== invoice.paymentStatus;
  const keepsReadiness = change.readyForPaymentProcessing === undefined || invoice.status === 'voided';
  return {
    id: invoice.id,
    paymentStatus: change.paymentStatus,
    readyForPaymentProcessing: keepsReadiness ? invoice.readyForPaymentProcessing : (change.readyForPaymentProcessing as boolean),
    paymentOverdue: invoice.paymentOverdue && change.paymentStatus !== 'succeeded',
    totalPaidAmountCents: invoice.totalPaidAmountCents,
    paymentStatusChanged,
    notify: change.notify && paymentStatusChanged && isVisibleInvoiceStatus(invoice.status),
  };
}

/**
 * The paid amounts when a payment request succeeds (§4.2): each invoice's paid amount grows by
 * what it still owed (total − paid − finalized offsets; 0 for a voided invoice), so it owes 0.
 */
export function paidAmountsOnPaymentRequestSuccess(invoices: readonly (InvoiceBalance & { id: string })[]): { id: string; totalPaidAmountCents: number }[] {
  return invoices.map((invoice) => ({ id: invoice.id, totalPaidAmountCents: invoice.totalPaidAmountCents + totalDueAmountCents(invoice) }));
}

/** A payment request's state as the transitions read it. */
export interface PaymentRequestPaymentState {
  /** Current payment status. */
  paymentStatus: PaymentRequestPaymentStatus;
  /** Current readiness for a provider payment. */
  readyForPaymentProcessing: boolean;
}

/** A payment request after a transition. */
export interface PaymentRequestPaymentUpdate extends PaymentRequestPaymentState {
  /** Whether the payment status changed. */
  paymentStatusChanged: boolean;
  /** Whether to publish `payment_request.payment_status_updated`. */
  notify: boolean;
}

/** Whether to charge a payment request now (§3 steps 2–3), apart from the provider checks of payment-sync. */
export type PaymentRequestChargeDecision =
  | { kind: 'skip'; reason: 'payment_request_already_succeeded' | 'invoices_not_ready_for_payment_processing' }
  | { kind: 'settle_without_payment'; paymentRequest: PaymentRequestPaymentUpdate }
  | { kind: 'charge' };

/**
 * Before charging: nothing to do for a request already `succeeded` or when any invoice is not ready
 * (paid elsewhere, voided, or in flight); a request of 0 or less becomes `succeeded` with no payment
 * and its invoices untouched; otherwise charge it.
 */
export function decidePaymentRequestCharge(
  paymentRequest: PaymentRequestPaymentState & { amountCents: number },
  invoices: readonly { readyForPaymentProcessing: boolean }[],
): PaymentRequestChargeDecision {
  if (paymentRequest.paymentStatus === 'succeeded') return { kind: 'skip', reason: 'payment_request_already_succeeded' };
  if (!invoices.every((invoice) => invoice.readyForPaymentProcessing)) return { kind: 'skip', reason: 'invoices_not_ready_for_payment_processing' };
  if (paymentRequest.amountCents > 0) return { kind: 'charge' };
  return {
    kind: 'settle_without_payment',
    paymentRequest: {
      paymentStatus: 'succeeded',
      readyForPaymentProcessing: false,
      paymentStatusChanged: true,
      notify: true,
    },
  };
}

/** Where a payment outcome comes from. `charge_error`: the provider raised while charging (§3 step 8). */
export type PaymentOutcomePath = 'charge' | 'provider_webhook' | 'charge_error';

/** The outcome of `applyPaymentRequestOutcome`. */
export type PaymentRequestOutcome =
  | { kind: 'ignored'; reason: 'payment_request_already_succeeded' }
  | { kind: 'refused'; error: FieldError<'payable_payment_status' | 'payment_status', 'value_is_invalid'> }
  | {
      kind: 'applied';
      /** The payment request's new state. */
      paymentRequest: PaymentRequestPaymentUpdate;
      /** The invoices Lago updates (all but the skipped `succeeded` ones), in the order given. */
      invoices: InvoicePaymentUpdate[];
      /** Whether to send the "payment requested" email again (the request ended `failed`, or the charge raised). */
      sendPaymentRequestedEmail: boolean;
      /** Whether to publish `payment_request.payment_failure` (the charge raised). */
      sendPaymentFailureWebhook: boolean;
    };

/**
 * Applies a provider outcome (`payable_payment_status`) to a payment request and its invoices.
 *
 * - A request already `succeeded` never changes (checked first). A status outside
 *   pending/processing/succeeded/failed is refused (`payable_payment_status: value_is_invalid`).
 * - `charge`: `processing` is stored as `pending`; ready = (status is failed); notifications only
 *   for `succeeded`.
 * - `provider_webhook`: `processing` is refused (`payment_status: value_is_invalid`) and nothing
 *   changes; ready = (status is not succeeded); notifications on every change.
 * - `charge_error`: only the request takes the status (charge rules); its invoices are untouched;
 *   the email and `payment_request.payment_failure` are always sent.
 * - Invoices already `succeeded` are skipped unless the outcome is `succeeded`. On `succeeded` every
 *   invoice is paid in full (§4.2) and loses `payment_overdue`; a failure keeps it overdue and, being
 *   ready again, collectable by a new request.
 */
export function applyPaymentRequestOutcome(input: {
  path: PaymentOutcomePath;
  paymentRequest: PaymentRequestPaymentState;
  invoices: readonly InvoicePaymentState[];
  payablePaymentStatus: string;
}): PaymentRequestOutcome {
  const { path, paymentRequest } = input;
  if (paymentRequest.paymentStatus === 'succeeded') return { kind: 'ignored', reason: 'payment_request_already_succeeded' };
  const outcome = input.payablePaymentStatus;
  if (!isOneOf<PayablePaymentStatus>(PAYABLE_PAYMENT_STATUSES, outcome)) {
    return { kind: 'refused', error: { field: 'payable_payment_status', code: 'value_is_invalid' } };
  }

  const webhook = path === 'provider_webhook';
  if (webhook && outcome === 'processing') return { kind: 'refused', error: { field: 'payment_status', code: 'value_is_invalid' } };
  const status: PaymentRequestPaymentStatus = outcome === 'processing' ? 'pending' : outcome;
  const ready = webhook ? outcome !== 'succeeded' : outcome === 'failed';
  const notifies = (changed: boolean) => changed && (webhook || outcome === 'succeeded');

  const requestChanged = status !== paymentRequest.paymentStatus;
  const request: PaymentRequestPaymentUpdate = {
    paymentStatus: status,
    readyForPaymentProcessing: ready,
    paymentStatusChanged: requestChanged,
    notify: notifies(requestChanged),
  };
  if (path === 'charge_error') {
    return { kind: 'applied', paymentRequest: request, invoices: [], sendPaymentRequestedEmail: true, sendPaymentFailureWebhook: true };
  }

  const invoices = input.invoices
    .filter((invoice) => outcome === 'succeeded' || invoice.paymentStatus !== 'succeeded')
    .map((invoice) => {
      const update = updateInvoicePaymentStatus(invoice, { paymentStatus: status, readyForPaymentProcessing: ready, notify: webhook || outcome === 'succeeded' });
      return outcome === 'succeeded' ? { ...update, totalPaidAmountCents: invoice.totalPaidAmountCents + totalDueAmountCents(invoice) } : update;
    });

  return { kind: 'applied', paymentRequest: request, invoices, sendPaymentRequestedEmail: status === 'failed', sendPaymentFailureWebhook: false };
}
