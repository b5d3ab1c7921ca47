import type { CreditNoteOffset } from './invoice-balance';
import { castUuid, decidePaymentRequest, PAYMENT_REQUEST_REFUSALS, type PaymentRequestCandidate } from './payment-request-rules';

const CUSTOMER = '7b1e0c52-0000-4000-8000-0000000000c1';
const OTHER_CUSTOMER = '7b1e0c52-0000-4000-8000-0000000000c2';
const I1 = '7b1e0c52-0000-4000-8000-0000000000a1';
const I2 = '7b1e0c52-0000-4000-8000-0000000000a2';
const FOREIGN = '7b1e0c52-0000-4000-8000-0000000000f1';
const UNKNOWN = '7b1e0c52-0000-4000-8000-0000000000ff';

const finalized = (offsetAmountCents: number): CreditNoteOffset => ({ status: 'finalized', offsetAmountCents });
const draft = (offsetAmountCents: number): CreditNoteOffset => ({ status: 'draft', offsetAmountCents });

/** An "overdue invoice" of §11: finalized, overdue, ready, EUR, default billing entity. */
const overdue = (id: string, totalAmountCents: number, totalPaidAmountCents: number, overrides: Partial<PaymentRequestCandidate> = {}): PaymentRequestCandidate => ({
  id,
  customerId: CUSTOMER,
  status: 'finalized',
  paymentOverdue: true,
  readyForPaymentProcessing: true,
  currency: 'EUR',
  billingEntityId: 'billing-entity-default',
  totalAmountCents,
  totalPaidAmountCents,
  creditNotes: [],
  ...overrides,
});

const decide = (invoices: PaymentRequestCandidate[], lagoInvoiceIds = invoices.map((invoice) => invoice.id), customerId: string | null = CUSTOMER) =>
  decidePaymentRequest({ customerId, lagoInvoiceIds, invoices });

const amountOf = (invoices: PaymentRequestCandidate[]) => {
  const decision = decide(invoices);
  if (!decision.ok) throw new Error(`unexpected refusal ${decision.error.code}`);
  return decision.amountCents;
};

describe('decidePaymentRequest: amount and currency (§2.3)', () => {
  it('AC-01: 200 paid 100 and 500 paid 200 ask for 400 EUR', () => {
    const decision = decide([overdue(I1, 200, 100), overdue(I2, 500, 200)]);

    expect(decision).toEqual({ ok: true, amountCents: 400, currency: 'EUR', invoices: [overdue(I1, 200, 100), overdue(I2, 500, 200)] });
  });

  it('AC-02: finalized offsets of 50 and 100 give 250', () => {
    expect(amountOf([overdue(I1, 200, 100, { creditNotes: [finalized(50)] }), overdue(I2, 500, 200, { creditNotes: [finalized(100)] })])).toBe(250);
  });

  it('AC-03: draft credit notes are ignored', () => {
    expect(amountOf([overdue(I1, 200, 100, { creditNotes: [draft(50)] }), overdue(I2, 500, 200)])).toBe(400);
    expect(amountOf([overdue(I1, 200, 100, { creditNotes: [finalized(30)] }), overdue(I2, 500, 200, { creditNotes: [draft(80)] })])).toBe(370);
    expect(amountOf([overdue(I1, 200, 100, { creditNotes: [finalized(25)] }), overdue(I2, 500, 200)])).toBe(375);
    expect(amountOf([overdue(I1, 200, 100, { creditNotes: [finalized(20), finalized(30)] }), overdue(I2, 500, 200)])).toBe(350);
  });

  it('AC-04: a fully offset invoice adds 0 but stays linked', () => {
    const decision = decide([overdue(I1, 200, 0, { creditNotes: [finalized(200)] }), overdue(I2, 500, 200)]);

    expect(decision.ok && decision.amountCents).toBe(300);
    expect(decision.ok && decision.invoices.map((invoice) => invoice.id)).toEqual([I1, I2]);
  });

  it('takes the currency of the invoices (USD)', () => {
    const decision = decide([overdue(I1, 200, 0, { currency: 'USD' }), overdue(I2, 599, 0, { currency: 'USD' })]);

    expect(decision.ok && [decision.amountCents, decision.currency]).toEqual([799, 'USD']);
  });
});

describe('decidePaymentRequest: which invoices (§2.2)', () => {
  it("silently drops another customer's invoice and unknown ids, and charges only the valid one", () => {
    const foreign = overdue(FOREIGN, 9000, 0, { customerId: OTHER_CUSTOMER });
    const decision = decide([overdue(I1, 200, 100), foreign], [I1, FOREIGN, UNKNOWN]);

    expect(decision.ok && decision.invoices.map((invoice) => invoice.id)).toEqual([I1]);
    expect(decision.ok && decision.amountCents).toBe(100);
  });

  it('drops an invoice whose id was not asked for', () => {
    const decision = decide([overdue(I1, 200, 100), overdue(I2, 500, 200)], [I2]);

    expect(decision.ok && decision.amountCents).toBe(300);
  });

  it('counts a repeated id (or a repeated row) once', () => {
    const decision = decide([overdue(I1, 200, 100), overdue(I1, 200, 100)], [I1, I1]);

    expect(decision.ok && decision.amountCents).toBe(100);
    expect(decision.ok && decision.invoices).toHaveLength(1);
  });

  it('matches ids the way a uuid column does: upper case and braces match, other strings match nothing', () => {
    expect(decide([overdue(I1, 200, 100)], [I1.toUpperCase()]).ok).toBe(true);
    expect(decide([overdue(I1, 200, 100)], [`{${I1}}`]).ok).toBe(true);
    expect(decide([overdue(I1, 200, 100)], [`${I1} `])).toEqual({ ok: false, error: { code: 'invoice_not_found', status: 404 } });
  });
});

describe('decidePaymentRequest: refusals, in order (§2.2)', () => {
  const refusal = (invoices: PaymentRequestCandidate[], ids?: string[], customerId?: string | null) => {
    const decision = decide(invoices, ids, customerId);
    return decision.ok ? null : decision.error;
  };

  it('AC-06: no customer → 404 customer_not_found, before looking at invoices', () => {
    expect(refusal([overdue(I1, 200, 100)], [I1], null)).toEqual({ code: 'customer_not_found', status: 404 });
    expect(refusal([], [], null)).toEqual({ code: 'customer_not_found', status: 404 });
  });

  it('AC-07: no ids → 404 invoice_not_found', () => {
    expect(refusal([], [])).toEqual({ code: 'invoice_not_found', status: 404 });
  });

  it('AC-08: only deleted invoices → 404 invoice_not_found', () => {
    expect(refusal([overdue(I1, 200, 100, { status: 'deleted' }), overdue(I2, 500, 200, { status: 'deleted' })])).toEqual({ code: 'invoice_not_found', status: 404 });
  });

  it("only another customer's invoices → 404 invoice_not_found", () => {
    expect(refusal([overdue(FOREIGN, 200, 0, { customerId: OTHER_CUSTOMER })])).toEqual({ code: 'invoice_not_found', status: 404 });
  });

  it('AC-09: one invoice not overdue → 405 invoices_not_overdue', () => {
    expect(refusal([overdue(I1, 200, 100, { paymentOverdue: false }), overdue(I2, 500, 200)])).toEqual({ code: 'invoices_not_overdue', status: 405 });
  });

  it('AC-10: EUR and USD → 405 invoices_have_different_currencies', () => {
    expect(refusal([overdue(I1, 200, 100), overdue(I2, 500, 200, { currency: 'USD' })])).toEqual({ code: 'invoices_have_different_currencies', status: 405 });
  });

  it('AC-11: two billing entities → 405 invoices_have_different_billing_entities', () => {
    expect(refusal([overdue(I1, 200, 100), overdue(I2, 500, 200, { billingEntityId: 'billing-entity-us' })])).toEqual({
      code: 'invoices_have_different_billing_entities',
      status: 405,
    });
  });

  it('AC-12: one invoice not ready → 405 invoices_not_ready_for_payment_processing', () => {
    expect(refusal([overdue(I1, 200, 100, { readyForPaymentProcessing: false }), overdue(I2, 500, 200)])).toEqual({
      code: 'invoices_not_ready_for_payment_processing',
      status: 405,
    });
  });

  it('draft, voided and paid invoices fail as not overdue (their flag is false)', () => {
    for (const status of ['draft', 'voided'] as const) {
      expect(refusal([overdue(I1, 200, 0, { status, paymentOverdue: false })])?.code).toBe('invoices_not_overdue');
    }
  });

  it('the first failing check wins', () => {
    const everythingWrong = overdue(I2, 500, 200, { paymentOverdue: false, currency: 'USD', billingEntityId: 'billing-entity-us', readyForPaymentProcessing: false });
    expect(refusal([overdue(I1, 200, 100), everythingWrong])?.code).toBe('invoices_not_overdue');

    const currencyAndMore = overdue(I2, 500, 200, { currency: 'USD', billingEntityId: 'billing-entity-us', readyForPaymentProcessing: false });
    expect(refusal([overdue(I1, 200, 100), currencyAndMore])?.code).toBe('invoices_have_different_currencies');

    const entityAndReady = overdue(I2, 500, 200, { billingEntityId: 'billing-entity-us', readyForPaymentProcessing: false });
    expect(refusal([overdue(I1, 200, 100), entityAndReady])?.code).toBe('invoices_have_different_billing_entities');
  });

  it('a deleted invoice that is not overdue is dropped, not refused', () => {
    const decision = decide([overdue(I1, 200, 100), overdue(I2, 500, 200, { status: 'deleted', paymentOverdue: false })]);

    expect(decision.ok && decision.amountCents).toBe(100);
  });

  it('maps every refusal to 404 or 405, never 422', () => {
    expect(PAYMENT_REQUEST_REFUSALS).toEqual({
      customer_not_found: 404,
      invoice_not_found: 404,
      invoices_not_overdue: 405,
      invoices_have_different_currencies: 405,
      invoices_have_different_billing_entities: 405,
      invoices_not_ready_for_payment_processing: 405,
    });
  });
});

describe('castUuid', () => {
  it.each([
    [I1, I1],
    [I1.toUpperCase(), I1],
    [`{${I1}}`, I1],
    [I1.replaceAll('-', ''), I1],
    [`{${I1}`, null],
    ['not-a-uuid', null],
    ['', null],
  ])('%p → %p', (value, cast) => {
    expect(castUuid(value)).toBe(cast);
  });
});
