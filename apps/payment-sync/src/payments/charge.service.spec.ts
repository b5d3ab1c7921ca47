import type { PaymentRequestV1 } from '@app/contracts';
import type { ChargeResult } from '../providers/payment-provider';
import { applyChargeResult, paymentRequestReference } from './charge.service';
import { ProviderPayment } from './provider-payment.entity';
import { paymentEventType } from './provider-payment.mapper';

const result = (over: Partial<ChargeResult>): ChargeResult => ({
  providerPaymentId: 'pi_1',
  status: 'succeeded',
  payableStatus: 'succeeded',
  nextAction: null,
  error: null,
  keepPayablePending: false,
  paymentMethodId: null,
  ...over,
});

describe('applyChargeResult', () => {
  it('copies the provider answer; the event follows the mapped status', () => {
    const payment = new ProviderPayment();
    applyChargeResult(payment, result({ paymentMethodId: 'pm_1' }));
    expect(payment).toMatchObject({ providerPaymentId: 'pi_1', status: 'succeeded', payablePaymentStatus: 'succeeded', paymentMethodId: 'pm_1' });
    expect(paymentEventType(payment)).toBe('payment.succeeded');
  });

  it('a refusal keeps the provider’s code and message and is a payment.failed', () => {
    const payment = new ProviderPayment();
    applyChargeResult(payment, result({ providerPaymentId: null, status: 'failed', payableStatus: 'failed', error: { message: 'Your card was declined.', code: 'card_declined' } }));
    expect(payment).toMatchObject({ providerPaymentId: null, payablePaymentStatus: 'failed', errorCode: 'card_declined', errorMessage: 'Your card was declined.' });
    expect(paymentEventType(payment)).toBe('payment.failed');
  });

  it('requires_action keeps next_action; an unmapped status waits for a webhook as processing instead of breaking the save', () => {
    const payment = new ProviderPayment();
    applyChargeResult(payment, result({ status: 'requires_action', payableStatus: 'processing', nextAction: { type: 'redirect_to_url' } }));
    expect(payment.providerPaymentData).toEqual({ type: 'redirect_to_url' });
    expect(paymentEventType(payment)).toBe('payment.requires_action');
    applyChargeResult(payment, result({ status: 'RedirectShopper', payableStatus: 'RedirectShopper' }));
    expect(payment.payablePaymentStatus).toBe('processing');
    expect(paymentEventType(payment)).toBe('payment.created');
  });
});

describe('paymentRequestReference', () => {
  const request = (numbers: string[]) => ({ invoices: numbers.map((number) => ({ number, billing_entity_code: 'acme' })), customer: { billing_entity_code: 'acme' } }) as unknown as PaymentRequestV1;

  it('is Lago’s “<entity> - Overdue invoices”, with the number when there is one invoice', () => {
    expect(paymentRequestReference(request(['ACM-001-001']))).toBe('acme - Overdue invoices: ACM-001-001');
    expect(paymentRequestReference(request(['ACM-001-001', 'ACM-001-002']))).toBe('acme - Overdue invoices');
  });
});
