import {
  applyPaymentRequestOutcome,
  decidePaymentRequestCharge,
  paidAmountsOnPaymentRequestSuccess,
  updateInvoicePaymentStatus,
  type InvoicePaymentState,
  type PaymentOutcomePath,
  type PaymentRequestPaymentState,
} from './payment-outcome';

const I1 = 'payment-outcome-spec-invoice-1';
const I2 = 'payment-outcome-spec-invoice-2';

const invoice = (id: string, totalAmountCents: number, overrides: Partial<InvoicePaymentState> = {}): InvoicePaymentState => ({
  id,
  status: 'finalized',
  paymentStatus: 'pending',
  paymentOverdue: true,
  readyForPaymentProcessing: true,
  totalAmountCents,
  totalPaidAmountCents: 0,
  creditNotes: [],
  ...overrides,
});

const pending: PaymentRequestPaymentState = { paymentStatus: 'pending', readyForPaymentProcessing: true };

function applied(path: PaymentOutcomePath, payablePaymentStatus: string, invoices: InvoicePaymentState[], paymentRequest = pending) {
  const outcome = applyPaymentRequestOutcome({ path, paymentRequest, invoices, payablePaymentStatus });
  if (outcome.kind !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(outcome)}`);
  return outcome;
}

describe('applyPaymentRequestOutcome: success', () => {
  it.each(['charge', 'provider_webhook'] as const)('AC-28/AC-29 (%s): the request and both invoices succeed and are paid in full', (path) => {
    const outcome = applied(path, 'succeeded', [invoice(I1, 200), invoice(I2, 599)]);

    expect(outcome.paymentRequest).toEqual({ paymentStatus: 'succeeded', readyForPaymentProcessing: false, paymentStatusChanged: true, notify: true });
    expect(outcome.invoices).toEqual([
      { id: I1, paymentStatus: 'succeeded', readyForPaymentProcessing: false, paymentOverdue: false, totalPaidAmountCents: 200, paymentStatusChanged: true, notify: true },
      { id: I2, paymentStatus: 'succeeded', readyForPaymentProcessing: false, paymentOverdue: false, totalPaidAmountCents: 599, paymentStatusChanged: true, notify: true },
    ]);
    expect(outcome.sendPaymentRequestedEmail).toBe(false);
    expect(outcome.sendPaymentFailureWebhook).toBe(false);
  });

  it('AC-30: offsets of 50 and 99 leave paid amounts of 150 and 500', () => {
    const outcome = applied('provider_webhook', 'succeeded', [
      invoice(I1, 200, { creditNotes: [{ status: 'finalized', offsetAmountCents: 50 }] }),
      invoice(I2, 599, { creditNotes: [{ status: 'finalized', offsetAmountCents: 99 }] }),
    ]);

    expect(outcome.invoices.map((update) => [update.paymentStatus, update.totalPaidAmountCents])).toEqual([
      ['succeeded', 150],
      ['succeeded', 500],
    ]);
  });

  it('also settles an invoice already marked succeeded by hand (its due amount is still owed)', () => {
    const outcome = applied('charge', 'succeeded', [invoice(I1, 200, { paymentStatus: 'succeeded', paymentOverdue: false })]);

    expect(outcome.invoices).toEqual([
      { id: I1, paymentStatus: 'succeeded', readyForPaymentProcessing: false, paymentOverdue: false, totalPaidAmountCents: 200, paymentStatusChanged: false, notify: false },
    ]);
  });
});

describe('applyPaymentRequestOutcome: failure', () => {
  it('AC-29 (webhook): request and invoices fail, become ready again, stay overdue, unpaid; everything notifies and the email goes again', () => {
    const outcome = applied('provider_webhook', 'failed', [invoice(I1, 200), invoice(I2, 599)]);

    expect(outcome.paymentRequest).toEqual({ paymentStatus: 'failed', readyForPaymentProcessing: true, paymentStatusChanged: true, notify: true });
    expect(outcome.invoices.map((update) => [update.paymentStatus, update.readyForPaymentProcessing, update.paymentOverdue, update.totalPaidAmountCents, update.notify])).toEqual([
      ['failed', true, true, 0, true],
      ['failed', true, true, 0, true],
    ]);
    expect(outcome.sendPaymentRequestedEmail).toBe(true);
  });

  it('charge path: a failure notifies nobody, but the email goes again', () => {
    const outcome = applied('charge', 'failed', [invoice(I1, 200)]);

    expect(outcome.paymentRequest).toEqual({ paymentStatus: 'failed', readyForPaymentProcessing: true, paymentStatusChanged: true, notify: false });
    expect(outcome.invoices[0]).toMatchObject({ paymentStatus: 'failed', readyForPaymentProcessing: true, paymentOverdue: true, notify: false });
    expect(outcome.sendPaymentRequestedEmail).toBe(true);
  });

  it('skips invoices already succeeded', () => {
    const outcome = applied('provider_webhook', 'failed', [invoice(I1, 200, { paymentStatus: 'succeeded', readyForPaymentProcessing: false, paymentOverdue: false }), invoice(I2, 599)]);

    expect(outcome.invoices.map((update) => update.id)).toEqual([I2]);
  });

  it('keeps a voided invoice not ready', () => {
    const outcome = applied('provider_webhook', 'failed', [invoice(I1, 200, { status: 'voided', readyForPaymentProcessing: false, paymentOverdue: false })]);

    expect(outcome.invoices[0]).toMatchObject({ paymentStatus: 'failed', readyForPaymentProcessing: false });
  });

  it('a request already failed: no notification for it, the email still goes', () => {
    const outcome = applied('provider_webhook', 'failed', [invoice(I1, 200, { paymentStatus: 'failed' })], { paymentStatus: 'failed', readyForPaymentProcessing: true });

    expect(outcome.paymentRequest.notify).toBe(false);
    expect(outcome.invoices[0]?.notify).toBe(false);
    expect(outcome.sendPaymentRequestedEmail).toBe(true);
  });
});

describe('applyPaymentRequestOutcome: pending and processing', () => {
  it('charge path stores processing as pending, not ready (a payment is in flight)', () => {
    const outcome = applied('charge', 'processing', [invoice(I1, 200)]);

    expect(outcome.paymentRequest).toEqual({ paymentStatus: 'pending', readyForPaymentProcessing: false, paymentStatusChanged: false, notify: false });
    expect(outcome.invoices[0]).toMatchObject({ paymentStatus: 'pending', readyForPaymentProcessing: false, paymentOverdue: true, totalPaidAmountCents: 0 });
    expect(outcome.sendPaymentRequestedEmail).toBe(false);
  });

  it('charge path: pending is not ready either', () => {
    expect(applied('charge', 'pending', [invoice(I1, 200)]).paymentRequest.readyForPaymentProcessing).toBe(false);
  });

  it('webhook path refuses processing (payment_status: value_is_invalid) and changes nothing', () => {
    expect(applyPaymentRequestOutcome({ path: 'provider_webhook', paymentRequest: pending, invoices: [invoice(I1, 200)], payablePaymentStatus: 'processing' })).toEqual({
      kind: 'refused',
      error: { field: 'payment_status', code: 'value_is_invalid' },
    });
  });

  it('webhook path: pending leaves the request ready', () => {
    const outcome = applied('provider_webhook', 'pending', [invoice(I1, 200)], { paymentStatus: 'failed', readyForPaymentProcessing: true });

    expect(outcome.paymentRequest).toEqual({ paymentStatus: 'pending', readyForPaymentProcessing: true, paymentStatusChanged: true, notify: true });
  });
});

describe('applyPaymentRequestOutcome: guards', () => {
  it('AC-29: an unknown status is refused (payable_payment_status: value_is_invalid)', () => {
    expect(applyPaymentRequestOutcome({ path: 'provider_webhook', paymentRequest: pending, invoices: [invoice(I1, 200)], payablePaymentStatus: 'requires_capture' })).toEqual({
      kind: 'refused',
      error: { field: 'payable_payment_status', code: 'value_is_invalid' },
    });
  });

  it('a request already succeeded never changes, whatever arrives', () => {
    const succeeded: PaymentRequestPaymentState = { paymentStatus: 'succeeded', readyForPaymentProcessing: false };
    for (const status of ['failed', 'succeeded', 'bogus']) {
      expect(applyPaymentRequestOutcome({ path: 'provider_webhook', paymentRequest: succeeded, invoices: [], payablePaymentStatus: status })).toEqual({
        kind: 'ignored',
        reason: 'payment_request_already_succeeded',
      });
    }
  });

  it('AC-32: a charge error sets only the request, sends the failure webhook and the email', () => {
    const outcome = applied('charge_error', 'failed', [invoice(I1, 200)]);

    expect(outcome).toEqual({
      kind: 'applied',
      paymentRequest: { paymentStatus: 'failed', readyForPaymentProcessing: true, paymentStatusChanged: true, notify: false },
      invoices: [],
      sendPaymentRequestedEmail: true,
      sendPaymentFailureWebhook: true,
    });
  });

  it('a charge error whose payment stayed pending leaves the request pending', () => {
    const outcome = applied('charge_error', 'pending', [invoice(I1, 200)]);

    expect(outcome.paymentRequest).toMatchObject({ paymentStatus: 'pending', paymentStatusChanged: false });
    expect(outcome.sendPaymentRequestedEmail).toBe(true);
  });
});

describe('paidAmountsOnPaymentRequestSuccess (§4.2)', () => {
  it('adds what each invoice still owes', () => {
    expect(
      paidAmountsOnPaymentRequestSuccess([
        invoice('a', 200, { creditNotes: [{ status: 'finalized', offsetAmountCents: 50 }] }),
        invoice('b', 300, { totalPaidAmountCents: 100, creditNotes: [{ status: 'finalized', offsetAmountCents: 50 }] }),
        invoice('c', 100, { creditNotes: [{ status: 'finalized', offsetAmountCents: 100 }] }),
        invoice('d', 100, { creditNotes: [{ status: 'draft', offsetAmountCents: 100 }] }),
        invoice('e', 100, { status: 'voided', totalPaidAmountCents: 10 }),
      ]),
    ).toEqual([
      { id: 'a', totalPaidAmountCents: 150 },
      { id: 'b', totalPaidAmountCents: 250 },
      { id: 'c', totalPaidAmountCents: 0 },
      { id: 'd', totalPaidAmountCents: 100 },
      { id: 'e', totalPaidAmountCents: 10 },
    ]);
  });
});

describe('updateInvoicePaymentStatus (manual PUT, §7.7)', () => {
  it('AC-38: succeeded clears payment_overdue and leaves the paid amount alone', () => {
    const update = updateInvoicePaymentStatus(invoice(I1, 200, { totalPaidAmountCents: 20 }), { paymentStatus: 'succeeded', notify: true });

    expect(update).toEqual({
      id: I1,
      paymentStatus: 'succeeded',
      readyForPaymentProcessing: true,
      paymentOverdue: false,
      totalPaidAmountCents: 20,
      paymentStatusChanged: true,
      notify: true,
    });
  });

  it('failed keeps payment_overdue', () => {
    expect(updateInvoicePaymentStatus(invoice(I1, 200), { paymentStatus: 'failed', notify: true }).paymentOverdue).toBe(true);
  });

  it('notifies only a change on a visible invoice', () => {
    expect(updateInvoicePaymentStatus(invoice(I1, 200), { paymentStatus: 'pending', notify: true }).notify).toBe(false);
    expect(updateInvoicePaymentStatus(invoice(I1, 200, { status: 'closed' }), { paymentStatus: 'succeeded', notify: true }).notify).toBe(false);
    expect(updateInvoicePaymentStatus(invoice(I1, 200), { paymentStatus: 'succeeded', notify: false }).notify).toBe(false);
  });
});

describe('decidePaymentRequestCharge (§3)', () => {
  const ready = [{ readyForPaymentProcessing: true }];

  it('charges a pending request with a positive amount', () => {
    expect(decidePaymentRequestCharge({ ...pending, amountCents: 799 }, ready)).toEqual({ kind: 'charge' });
    expect(decidePaymentRequestCharge({ paymentStatus: 'failed', readyForPaymentProcessing: true, amountCents: 1 }, ready)).toEqual({ kind: 'charge' });
  });

  it('AC-31: a request of 0 succeeds without a payment', () => {
    expect(decidePaymentRequestCharge({ ...pending, amountCents: 0 }, ready)).toEqual({
      kind: 'settle_without_payment',
      paymentRequest: { paymentStatus: 'succeeded', readyForPaymentProcessing: false, paymentStatusChanged: true, notify: true },
    });
  });

  it('AC-31: a request already succeeded is skipped, before anything else', () => {
    expect(decidePaymentRequestCharge({ paymentStatus: 'succeeded', readyForPaymentProcessing: false, amountCents: 0 }, [{ readyForPaymentProcessing: false }])).toEqual({
      kind: 'skip',
      reason: 'payment_request_already_succeeded',
    });
  });

  it('skips when any invoice is not ready (paid by hand, voided), even for an amount of 0', () => {
    expect(decidePaymentRequestCharge({ ...pending, amountCents: 0 }, [{ readyForPaymentProcessing: true }, { readyForPaymentProcessing: false }])).toEqual({
      kind: 'skip',
      reason: 'invoices_not_ready_for_payment_processing',
    });
  });
});
