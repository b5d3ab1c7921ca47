import type { PaginationMetaV1 } from '../customers/customer-commands.v1';

/** Request types for Lago's payments API on `billing.rpc.invoicing.v1`. */
export const INVOICE_PAYMENT_REQUESTS = {
  /** Record a manual payment of an invoice; payload `CreateManualPaymentV1`; reply `LagoPaymentV1`. */
  createManual: 'payments.create_manual',
  /** Payload `{lago_id}`; reply `LagoPaymentV1`. */
  get: 'payments.get',
  /** Payload `ListPaymentsV1`; reply `PaymentListV1`. */
  list: 'payments.list',
} as const;

/**
 * Lago's payment object (`V1::PaymentSerializer`): a manual payment of an invoice, or a provider
 * payment of an invoice or payment request (`invoice_ids` are the invoices it pays).
 */
export interface LagoPaymentV1 {
  lago_id: string;
  invoice_ids: string[];
  amount_cents: number;
  amount_currency: string;
  /** The payable's view of the payment: pending, processing, succeeded or failed. */
  payment_status: string;
  type: 'manual' | 'provider';
  reference: string | null;
  /** The provider's id of the payment; null for a manual one. */
  external_payment_id: string | null;
  created_at: string;
}

/** Parameters of `payments.create_manual`, after the gateway's checks of `invoice_id` and `amount_cents`. */
export interface CreateManualPaymentV1 {
  invoice_id: string;
  /** A positive integer. */
  amount_cents: number;
  /** As sent; invoicing requires 1–40 characters. */
  reference: string | null;
  /** As sent; invoicing checks the format (`paid_at: invalid_date`) and uses it as `created_at`. */
  paid_at: string | null;
}

/** Filters of `GET /api/v1/payments`. */
export interface PaymentFiltersV1 {
  invoice_id?: string;
  external_customer_id?: string;
  /** Forced by `GET /customers/:id/payments`. */
  customer_id?: string;
}

/** Parameters of `payments.list`. */
export interface ListPaymentsV1 {
  page: number;
  per_page: number;
  filters: PaymentFiltersV1;
}

/** Reply of `payments.list`. */
export interface PaymentListV1 {
  payments: LagoPaymentV1[];
  meta: PaginationMetaV1;
}
