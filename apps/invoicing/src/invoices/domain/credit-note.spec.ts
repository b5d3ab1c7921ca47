import { creditNoteNumber, decideCreditNote, type CreditNoteFee, type CreditNoteInvoice, type CreditNoteRequest } from './credit-note';

const vat = { taxCode: 'vat_20', taxRate: 20 };
const fee = (id: string, amountCents: number, over: Partial<CreditNoteFee> = {}): CreditNoteFee => ({
  id,
  amountCents,
  taxesAmountCents: Math.round(amountCents * 0.2),
  creditedAmountCents: 0,
  appliedTaxes: [vat],
  ...over,
});
/** An invoice of two taxed fees, 1000 and 500: total 1800. */
const invoice = (over: Partial<CreditNoteInvoice> = {}): CreditNoteInvoice => ({
  status: 'finalized',
  paymentStatus: 'pending',
  totalAmountCents: 1800,
  totalPaidAmountCents: 0,
  fees: [fee('f1', 1000), fee('f2', 500)],
  creditNotes: [],
  ...over,
});
const request = (over: Partial<CreditNoteRequest> = {}): CreditNoteRequest => ({
  reason: 'other',
  description: null,
  items: [{ feeId: 'f1', amountCents: 500 }],
  creditAmountCents: 0,
  refundAmountCents: 0,
  offsetAmountCents: 600,
  ...over,
});

describe('decideCreditNote', () => {
  it('gives back items with their taxes as an offset, a credit or both', () => {
    const result = decideCreditNote(invoice(), request({ offsetAmountCents: 200, creditAmountCents: 400 }));
    expect(result).toEqual({
      ok: true,
      settlesInvoice: false,
      creditNote: {
        status: 'finalized',
        reason: 'other',
        items: [{ feeId: 'f1', amountCents: 500, preciseAmountCents: 500 }],
        appliedTaxes: [{ taxCode: 'vat_20', taxRate: 20, baseAmountCents: 500, amountCents: 100 }],
        preciseTaxesAmountCents: 100,
        taxesAmountCents: 100,
        taxesRate: 20,
        subTotalExcludingTaxesAmountCents: 500,
        totalAmountCents: 600,
        creditAmountCents: 400,
        refundAmountCents: 0,
        offsetAmountCents: 200,
        balanceAmountCents: 400,
        creditStatus: 'available',
        refundStatus: null,
      },
    });
  });

  it('an offset of everything still due settles the invoice', () => {
    const all = request({ items: [{ feeId: 'f1', amountCents: 1000 }, { feeId: 'f2', amountCents: 500 }], offsetAmountCents: 1800 });
    expect(decideCreditNote(invoice(), all)).toMatchObject({ ok: true, settlesInvoice: true });
    // Half paid: only the rest can be offset; the part already paid can be refunded instead.
    const halfPaid = invoice({ totalPaidAmountCents: 900 });
    expect(decideCreditNote(halfPaid, all)).toEqual({ ok: false, kind: 'invalid', errors: { offset_amount_cents: ['higher_than_remaining_invoice_amount'] } });
    expect(decideCreditNote(halfPaid, { ...all, offsetAmountCents: 900, refundAmountCents: 900 })).toMatchObject({ ok: true, settlesInvoice: true, creditNote: { refundStatus: 'pending' } });
  });

  it('counts earlier finalized notes, never drafts (AC-02..04)', () => {
    const earlier = [
      { status: 'finalized' as const, creditAmountCents: 0, refundAmountCents: 0, offsetAmountCents: 1200 },
      { status: 'draft' as const, creditAmountCents: 0, refundAmountCents: 0, offsetAmountCents: 600 },
    ];
    const fees = [fee('f1', 1000, { creditedAmountCents: 1000 }), fee('f2', 500)];
    expect(decideCreditNote(invoice({ creditNotes: earlier, fees }), request({ items: [{ feeId: 'f2', amountCents: 500 }], offsetAmountCents: 600 }))).toMatchObject({
      ok: true,
      settlesInvoice: true,
    });
    expect(decideCreditNote(invoice({ creditNotes: earlier, fees }), request({ items: [{ feeId: 'f1', amountCents: 1 }], offsetAmountCents: 1 }))).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { amount_cents: ['higher_than_remaining_fee_amount'] },
    });
  });

  it('refuses in Lago’s order: reason, items shape, unknown fee, item amounts', () => {
    expect(decideCreditNote(invoice(), request({ reason: 'boredom', items: null }))).toEqual({ ok: false, kind: 'invalid', errors: { reason: ['value_is_invalid'] } });
    expect(decideCreditNote(invoice(), request({ items: null }))).toEqual({ ok: false, kind: 'invalid', errors: { items: ['must_be_an_array'] } });
    expect(decideCreditNote(invoice(), request({ items: [{ feeId: 'nope', amountCents: -1 }] }))).toEqual({ ok: false, kind: 'fee_not_found' });
    expect(decideCreditNote(invoice(), request({ items: [{ feeId: 'f1', amountCents: -1 }] }))).toEqual({ ok: false, kind: 'invalid', errors: { amount_cents: ['invalid_value'] } });
    // Two items on one fee count together.
    const twice = request({ items: [{ feeId: 'f2', amountCents: 300 }, { feeId: 'f2', amountCents: 300 }], offsetAmountCents: 720 });
    expect(decideCreditNote(invoice(), twice)).toEqual({ ok: false, kind: 'invalid', errors: { amount_cents: ['higher_than_remaining_fee_amount'] } });
  });

  it('reports every amount error together', () => {
    expect(decideCreditNote(invoice(), request({ offsetAmountCents: 0, refundAmountCents: 0, creditAmountCents: 0 }))).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { base: ['does_not_match_item_amounts', 'total_amount_must_be_positive'] },
    });
    expect(decideCreditNote(invoice(), request({ offsetAmountCents: 0, refundAmountCents: 600 }))).toEqual({
      ok: false,
      kind: 'invalid',
      errors: { refund_amount_cents: ['cannot_refund_unpaid_invoice'] },
    });
    // Within one cent of the items with taxes is accepted, and the rounding cent is absorbed.
    expect(decideCreditNote(invoice(), request({ offsetAmountCents: 601 }))).toMatchObject({ ok: true, creditNote: { totalAmountCents: 600, offsetAmountCents: 600 } });
    expect(decideCreditNote(invoice(), request({ offsetAmountCents: 602 }))).toEqual({ ok: false, kind: 'invalid', errors: { base: ['does_not_match_item_amounts'] } });
  });

  it.each([
    ['no items', []],
    ['items of less than half a cent', [{ feeId: 'f1', amountCents: 0.4 }]],
  ])('refuses a one-cent part that the rounding cent takes to a zero total (%s): it would break the positive-total rule', (_label, items) => {
    expect(decideCreditNote(invoice(), request({ items, offsetAmountCents: 1 }))).toEqual({ ok: false, kind: 'invalid', errors: { base: ['total_amount_must_be_positive'] } });
    expect(decideCreditNote(invoice(), request({ items, offsetAmountCents: 0, creditAmountCents: 1 }))).toEqual({ ok: false, kind: 'invalid', errors: { base: ['total_amount_must_be_positive'] } });
  });

  it('pro-rates the rate over items when a tax applies to some fees only, and rounds half away from zero', () => {
    const fees = [fee('f1', 1000), fee('f2', 500, { appliedTaxes: [], taxesAmountCents: 0 })];
    const result = decideCreditNote(invoice({ fees, totalAmountCents: 1700 }), request({ items: [{ feeId: 'f1', amountCents: 333 }, { feeId: 'f2', amountCents: 100 }], offsetAmountCents: 500 }));
    expect(result).toMatchObject({
      ok: true,
      creditNote: { preciseTaxesAmountCents: 66.6, taxesAmountCents: 67, taxesRate: 15.38106, subTotalExcludingTaxesAmountCents: 433, totalAmountCents: 500 },
    });
  });

  it('a note on a draft invoice is a draft and settles nothing', () => {
    expect(decideCreditNote(invoice({ status: 'draft' }), request({ items: [{ feeId: 'f1', amountCents: 1000 }, { feeId: 'f2', amountCents: 500 }], offsetAmountCents: 1800 }))).toMatchObject({
      ok: true,
      settlesInvoice: false,
      creditNote: { status: 'draft' },
    });
  });
});

describe('creditNoteNumber', () => {
  it('is the invoice number with -CN and the rank', () => {
    expect(creditNoteNumber('LAG-1A2B-001-002', 1)).toBe('LAG-1A2B-001-002-CN001');
    expect(creditNoteNumber('LAG-1A2B-001-002', 1234)).toBe('LAG-1A2B-001-002-CN1234');
  });
});
