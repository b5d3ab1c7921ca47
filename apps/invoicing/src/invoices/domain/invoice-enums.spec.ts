import { totalDueAmountCents, totalOffsettedCreditNoteAmountCents } from './invoice-balance';
import {
  INVOICE_PAYMENT_STATUSES,
  INVOICE_STATUSES,
  INVOICE_TYPES,
  INVISIBLE_INVOICE_STATUSES,
  isOneOf,
  isVisibleInvoiceStatus,
  PAYMENT_REQUEST_PAYMENT_STATUSES,
  VISIBLE_INVOICE_STATUSES,
} from './invoice-enums';

describe('invoice enums (§7.1)', () => {
  it("keep Lago's stored integers as indexes", () => {
    expect(Object.fromEntries(INVOICE_STATUSES.map((status, index) => [status, index]))).toEqual({
      draft: 0,
      finalized: 1,
      voided: 2,
      generating: 3,
      failed: 4,
      open: 5,
      closed: 6,
      pending: 7,
      deleted: 8,
    });
    expect(INVOICE_PAYMENT_STATUSES.indexOf('failed')).toBe(2);
    expect(PAYMENT_REQUEST_PAYMENT_STATUSES.indexOf('succeeded')).toBe(1);
    expect(INVOICE_TYPES.indexOf('one_off')).toBe(3);
    expect(INVOICE_TYPES.indexOf('progressive_billing')).toBe(5);
  });

  it('split the statuses into visible and invisible ones', () => {
    expect([...VISIBLE_INVOICE_STATUSES, ...INVISIBLE_INVOICE_STATUSES].sort()).toEqual([...INVOICE_STATUSES].sort());
    expect(isVisibleInvoiceStatus('pending')).toBe(true);
    expect(isVisibleInvoiceStatus('closed')).toBe(false);
    expect(isVisibleInvoiceStatus('deleted')).toBe(false);
  });

  it('isOneOf narrows only members', () => {
    expect(isOneOf(INVOICE_PAYMENT_STATUSES, 'succeeded')).toBe(true);
    expect(isOneOf(INVOICE_PAYMENT_STATUSES, 'Foo Bar')).toBe(false);
    expect(isOneOf(INVOICE_PAYMENT_STATUSES, 1)).toBe(false);
  });
});

describe('invoice balance (§7.4)', () => {
  const creditNotes = [
    { status: 'finalized' as const, offsetAmountCents: 30 },
    { status: 'draft' as const, offsetAmountCents: 80 },
    { status: 'finalized' as const, offsetAmountCents: 20 },
  ];

  it('offsets only finalized credit notes', () => {
    expect(totalOffsettedCreditNoteAmountCents(creditNotes)).toBe(50);
  });

  it('owes total − paid − finalized offsets, and nothing once voided', () => {
    expect(totalDueAmountCents({ status: 'finalized', totalAmountCents: 500, totalPaidAmountCents: 200, creditNotes })).toBe(250);
    expect(totalDueAmountCents({ status: 'voided', totalAmountCents: 500, totalPaidAmountCents: 200, creditNotes })).toBe(0);
  });
});
