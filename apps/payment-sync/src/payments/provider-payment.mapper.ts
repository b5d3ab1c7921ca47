import { lagoTime, type PaymentV1 } from '@app/contracts';
import type { ProviderPayment } from './provider-payment.entity';

/** The `billing.payments.v1` payload of a payment. */
export function toPaymentV1(payment: ProviderPayment, extra: Pick<PaymentV1, 'origin' | 'provider_error'>): PaymentV1 {
  return {
    lago_id: payment.id,
    payable_type: payment.payableType,
    lago_payable_id: payment.payableId,
    amount_cents: payment.amountCents,
    amount_currency: payment.amountCurrency,
    status: payment.status,
    payable_payment_status: payment.payablePaymentStatus,
    payment_provider: payment.providerType,
    payment_provider_code: payment.connectionCode,
    provider_payment_id: payment.providerPaymentId,
    provider_customer_id: payment.providerCustomerId,
    next_action: payment.providerPaymentData,
    created_at: lagoTime(payment.createdAt),
    ...extra,
  };
}

/** The event type that announces a payment in its current state, or null when nothing is announced. */
export function paymentEventType(payment: ProviderPayment): 'payment.succeeded' | 'payment.failed' | 'payment.requires_action' | 'payment.created' {
  if (payment.payablePaymentStatus === 'succeeded') return 'payment.succeeded';
  if (payment.payablePaymentStatus === 'failed') return 'payment.failed';
  if (payment.status === 'requires_action') return 'payment.requires_action';
  return 'payment.created';
}
