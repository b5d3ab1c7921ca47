import { decideManualPayment, type ManualPaymentInvoice } from './manual-payment';

describe('decideManualPayment', () => {
  const now = new Date('2026-11-21T12:00:00Z');
  const invoice = (over: Partial<ManualPaymentInvoice> = {}): ManualPaymentInvoice => ({
    status: 'finalized',
    totalAmountCents: 1000,
    totalPaidAmountCents: 0,
    creditNotes: [],
    succeededPaymentsAmountCents: 0,
    inSucceededPaymentRequest: false,
    ...over,
  });
  const pay = (amountCents: number, over: Partial<{ reference: string | null; paidAt: string | null }> = {}) => ({ amountCents, reference: 'wire-1', paidAt: null, ...over });

  it('a payment of the whole due amount settles the invoice; a partial one does not', () => {
    expect(decideManualPayment(invoice(), pay(1000), now)).toEqual({ ok: true, createdAt: now, totalPaidAmountCents: 1000, settlesInvoice: true });
    expect(decideManualPayment(invoice(), pay(400), now)).toEqual({ ok: true, createdAt: now, totalPaidAmountCents: 400, settlesInvoice: false });
    // The paid amount is the sum of the invoice's payments: 400 already, 600 more settles it.
    expect(decideManualPayment(invoice({ totalPaidAmountCents: 400, succeededPaymentsAmountCents: 400 }), pay(600), now)).toMatchObject({ totalPaidAmountCents: 1000, settlesInvoice: true });
  });

  it('finalized credit-note offsets count as settled; draft ones do not', () => {
    const offset = invoice({ creditNotes: [{ status: 'finalized', offsetAmountCents: 300 }, { status: 'draft', offsetAmountCents: 100 }] });
    expect(decideManualPayment(offset, pay(700), now)).toMatchObject({ ok: true, settlesInvoice: true });
    expect(decideManualPayment(offset, pay(701), now)).toEqual({ ok: false, kind: 'invalid', errors: { amount_cents: ['value_is_out_of_range'] } });
  });

  it('only a finalized invoice takes a manual payment (403 first)', () => {
    for (const status of ['draft', 'voided', 'failed', 'pending'] as const) {
      expect(decideManualPayment(invoice({ status }), pay(1, { paidAt: 'junk' }), now)).toEqual({ ok: false, kind: 'forbidden' });
    }
  });

  it('refuses a bad paid_at before the model checks, and uses a good one as the payment time', () => {
    expect(decideManualPayment(invoice(), pay(5000, { paidAt: '21/11/2026', reference: null }), now)).toEqual({ ok: false, kind: 'invalid', errors: { paid_at: ['invalid_date'] } });
    expect(decideManualPayment(invoice(), pay(10, { paidAt: '2026-11-01' }), now)).toMatchObject({ ok: true, createdAt: new Date('2026-11-01T00:00:00Z') });
  });

  it('reports every model error at once', () => {
    expect(decideManualPayment(invoice({ inSucceededPaymentRequest: true }), pay(1001, { reference: ' ' }), now)).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { reference: ['value_is_mandatory'], amount_cents: ['value_is_out_of_range'], base: ['payment_request_is_already_succeeded'] },
    });
    expect(decideManualPayment(invoice(), pay(1, { reference: 'r'.repeat(41) }), now)).toEqual({ ok: false, kind: 'invalid', errors: { reference: ['value_is_too_long'] } });
    expect(decideManualPayment(invoice(), pay(1, { reference: 'r'.repeat(40) }), now).ok).toBe(true);
  });
});
