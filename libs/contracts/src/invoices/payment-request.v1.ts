import { IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import type { CustomerV1 } from '../customers/customer.v1';
import type { PaginationMetaV1 } from '../customers/customer-commands.v1';
import type { InvoiceV1 } from './invoice.v1';

/**
 * Event types on `billing.payment_requests.v1`; payload `PaymentRequestV1`, except
 * `payment_request.payment_failure`: `PaymentRequestPaymentErrorV1`.
 */
export const PAYMENT_REQUEST_EVENTS = {
  created: 'payment_request.created',
  paymentStatusUpdated: 'payment_request.payment_status_updated',
  paymentFailure: 'payment_request.payment_failure',
} as const;

/** Lago's `payment_provider_payment_request_payment_error` object: a charge of the request failed at the provider. */
export interface PaymentRequestPaymentErrorV1 {
  lago_payment_request_id: string;
  lago_invoice_ids: string[];
  lago_customer_id: string;
  external_customer_id: string;
  provider_customer_id: string | null;
  payment_provider: string | null;
  payment_provider_code: string | null;
  provider_error: { message: string; error_code: string | null };
}

/** Request types for payment requests on `billing.rpc.invoicing.v1`. */
export const PAYMENT_REQUEST_REQUESTS = {
  /** Payload `CreatePaymentRequestV1`; reply `PaymentRequestV1`. */
  create: 'payment_requests.create',
  /** Payload `PaymentRequestIdV1`; reply `PaymentRequestV1`. */
  get: 'payment_requests.get',
  /** Payload `ListPaymentRequestsV1`; reply `PaymentRequestListV1`. */
  list: 'payment_requests.list',
} as const;

/** Lago's payment request (`V1::PaymentRequestSerializer` with customer and invoices). */
export interface PaymentRequestV1 {
  lago_id: string;
  amount_cents: number;
  amount_currency: string;
  email: string | null;
  payment_status: 'pending' | 'succeeded' | 'failed';
  created_at: string;
  /** The customer (base fields and metadata). */
  customer: CustomerV1;
  /** The collected invoices (base fields). */
  invoices: InvoiceV1[];
}

/** Parameters of `payment_requests.create`. */
export interface CreatePaymentRequestV1 {
  /** The customer as the customers service has it now. */
  customer: CustomerV1;
  /** The sanitized email, or absent/null to use the customer's. */
  email?: string | null;
  /** The requested invoice ids (already an array of strings). */
  lago_invoice_ids: string[];
}

/** A payment request addressed by id. */
export interface PaymentRequestIdV1 {
  lago_id: string;
}

/** Filters of the payment-request lists. */
export interface PaymentRequestFiltersV1 {
  external_customer_id?: string;
  /** Forced by `GET /customers/:id/payment_requests`. */
  customer_id?: string;
  payment_status?: string;
  currency?: string;
}

/** Parameters of `payment_requests.list`. */
export interface ListPaymentRequestsV1 {
  page: number;
  per_page: number;
  filters: PaymentRequestFiltersV1;
}

/** Reply of `payment_requests.list`. */
export interface PaymentRequestListV1 {
  payment_requests: PaymentRequestV1[];
  meta: PaginationMetaV1;
}

/** Event types on `billing.payments.v1` (producer: payment-sync). */
export const PAYMENT_EVENTS = {
  created: 'payment.created',
  succeeded: 'payment.succeeded',
  failed: 'payment.failed',
  requiresAction: 'payment.requires_action',
} as const;

/**
 * A provider payment as payment-sync publishes it on `billing.payments.v1`. `payable_payment_status`
 * is the provider's status mapped to Lago's (pending, processing, succeeded, failed).
 */
export class PaymentV1 {
  /** Payment id. */
  @IsUUID() lago_id!: string;
  /** What the payment pays. */
  @IsIn(['PaymentRequest', 'Invoice']) payable_type!: 'PaymentRequest' | 'Invoice';
  /** Id of the payment request or invoice. */
  @IsUUID() lago_payable_id!: string;
  /** Amount in cents. */
  @IsInt() @Min(0) amount_cents!: number;
  /** ISO currency. */
  @IsString() @Length(3, 3) amount_currency!: string;
  /** The provider's raw status. */
  @IsString() status!: string;
  /** Lago's mapping of `status`. */
  @IsString() payable_payment_status!: string;
  /** `stripe`, `adyen` or `gocardless`. */
  @IsOptional() @IsString() payment_provider?: string | null;
  /** The connection's code. */
  @IsOptional() @IsString() payment_provider_code?: string | null;
  /** The provider's id of the payment. */
  @IsOptional() @IsString() provider_payment_id?: string | null;
  /** The customer's id at the provider. */
  @IsOptional() @IsString() provider_customer_id?: string | null;
  /** When a charge failed at the provider: its message and code. */
  @IsOptional() @IsObject() provider_error?: { message: string; error_code: string | null } | null;
  /**
   * Where the outcome comes from: `charge` (the provider's answer to our charge; a failure with a
   * `provider_error` is a charge error) or `webhook` (a provider webhook). Absent: `webhook`.
   */
  @IsOptional() @IsIn(['charge', 'webhook']) origin?: 'charge' | 'webhook';
  /** Stripe's `next_action` of a `requires_action` payment. */
  @IsOptional() @IsObject() next_action?: Record<string, unknown> | null;
  /** Creation time (ISO-8601 UTC). */
  @IsISO8601() created_at!: string;
}
