import {
  applicableNetPaymentTerm,
  applicableTimezone,
  dateInTimeZone,
  isPastDueDate,
  isSelectedByOverdueSweep,
  markOverdueRefusal,
  paymentDueDate,
  type OverdueCandidate,
} from './invoice-dates';

describe('dateInTimeZone (issuing_date)', () => {
  it.each([
    ['2026-11-21T10:00:00Z', 'UTC', '2026-11-21'],
    ['2026-03-01T02:30:00Z', 'America/New_York', '2026-02-28'], // still the previous day (and month) in New York
    ['2026-12-31T23:30:00Z', 'Asia/Tokyo', '2027-01-01'], // already next year in Tokyo
    ['2026-12-31T15:00:00Z', 'Asia/Tokyo', '2027-01-01'], // midnight sharp in Tokyo
    ['2026-12-31T14:59:59Z', 'Asia/Tokyo', '2026-12-31'],
    ['2026-01-01T11:59:59Z', 'Etc/GMT+12', '2025-12-31'],
    ['2026-03-28T23:30:00Z', 'Europe/Paris', '2026-03-29'],
    ['2026-06-15T12:00:00Z', 'Pacific/Apia', '2026-06-16'],
  ])('%s in %s → %s', (instant, timeZone, date) => {
    expect(dateInTimeZone(new Date(instant), timeZone)).toBe(date);
  });

  it('throws for an unknown time zone', () => {
    expect(() => dateInTimeZone(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('applicableTimezone', () => {
  it("uses the customer's zone, else the billing entity's, else UTC", () => {
    expect(applicableTimezone('Europe/Paris', 'Asia/Tokyo')).toBe('Europe/Paris');
    expect(applicableTimezone(null, 'Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(applicableTimezone('  ', 'Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(applicableTimezone(null, null)).toBe('UTC');
    expect(applicableTimezone(undefined)).toBe('UTC');
  });
});

describe('applicableNetPaymentTerm', () => {
  it("keeps the customer's 0 rather than falling back", () => {
    expect(applicableNetPaymentTerm(0, 30)).toBe(0);
  });

  it("falls back to the billing entity's term, then to 0", () => {
    expect(applicableNetPaymentTerm(null, 30)).toBe(30);
    expect(applicableNetPaymentTerm(undefined, null)).toBe(0);
    expect(applicableNetPaymentTerm(15)).toBe(15);
  });
});

describe('paymentDueDate', () => {
  it.each([
    ['2026-11-21', 0, '2026-11-21'],
    ['2026-11-21', 30, '2026-12-21'],
    ['2026-01-31', 30, '2026-03-02'], // 2026 is not a leap year
    ['2028-01-31', 30, '2028-03-01'], // 2028 is
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-12-15', 30, '2027-01-14'],
  ])('%s + %i days → %s', (issuingDate, term, dueDate) => {
    expect(paymentDueDate(issuingDate, term)).toBe(dueDate);
  });

  it('refuses a malformed date or a negative term', () => {
    expect(() => paymentDueDate('21/11/2026', 0)).toThrow(RangeError);
    expect(() => paymentDueDate('2026-11-21', -1)).toThrow(RangeError);
    expect(() => paymentDueDate('2026-11-21', 1.5)).toThrow(RangeError);
  });
});

describe('the overdue rule (§7.3)', () => {
  const now = new Date('2026-11-21T10:25:00Z');
  const candidate = (overrides: Partial<OverdueCandidate> = {}): OverdueCandidate => ({
    status: 'finalized',
    paymentStatus: 'pending',
    paymentOverdue: false,
    paymentDisputeLostAt: null,
    paymentDueDate: '2026-11-20',
    ...overrides,
  });

  it('AC-33: the sweep flags only finalized unpaid invoices past due', () => {
    const invoices = {
      dueYesterday: candidate({ paymentDueDate: '2026-11-20' }),
      dueTwoDaysAgo: candidate({ paymentDueDate: '2026-11-19' }),
      draftDueYesterday: candidate({ status: 'draft' }),
      succeeded: candidate({ paymentStatus: 'succeeded' }),
      disputeLost: candidate({ paymentDisputeLostAt: new Date('2026-11-10T00:00:00Z') }),
      noDueDate: candidate({ paymentDueDate: null }),
      dueTomorrow: candidate({ paymentDueDate: '2026-11-22' }),
      alreadyOverdue: candidate({ paymentOverdue: true }),
      voided: candidate({ status: 'voided' }),
    };

    const flagged = Object.entries(invoices)
      .filter(([, invoice]) => isSelectedByOverdueSweep(invoice, now))
      .map(([name]) => name);

    expect(flagged).toEqual(['dueYesterday', 'dueTwoDaysAgo']);
  });

  it('flags a failed payment like a pending one', () => {
    expect(isSelectedByOverdueSweep(candidate({ paymentStatus: 'failed' }), now)).toBe(true);
  });

  it('treats a due date as past from its own midnight UTC (net_payment_term 0 is overdue on its issuing day)', () => {
    const issuedToday = candidate({ paymentDueDate: paymentDueDate('2026-11-21', 0) });

    expect(isSelectedByOverdueSweep(issuedToday, new Date('2026-11-21T00:00:00Z'))).toBe(false);
    expect(isSelectedByOverdueSweep(issuedToday, new Date('2026-11-21T00:00:00.001Z'))).toBe(true);
    expect(isPastDueDate('2026-11-21', new Date('2026-11-20T23:59:59.999Z'))).toBe(false);
  });

  it('with net_payment_term 30, waits until the 30th day', () => {
    const due = paymentDueDate('2026-11-21', 30);

    expect(isPastDueDate(due, new Date('2026-12-20T23:59:59Z'))).toBe(false);
    expect(isPastDueDate(due, new Date('2026-12-21T00:25:00Z'))).toBe(true);
  });

  describe('markOverdueRefusal', () => {
    it.each([
      [{ status: 'draft' }, 'invoice_not_finalized'],
      [{ paymentStatus: 'succeeded' }, 'invoice_payment_already_succeeded'],
      [{ paymentDueDate: '2026-11-26' }, 'invoice_due_date_in_future'],
      [{ paymentDisputeLostAt: new Date('2026-11-10T00:00:00Z') }, 'invoice_dispute_lost'],
      [{ paymentDueDate: null }, 'invoice_due_date_in_future'],
      [{}, null],
      [{ paymentDueDate: '2026-11-21' }, null],
      [{ paymentOverdue: true }, null],
    ] as [Partial<OverdueCandidate>, string | null][])('%p → %p', (overrides, refusal) => {
      expect(markOverdueRefusal(candidate(overrides), now)).toBe(refusal);
    });

    it("checks in Lago's order", () => {
      expect(markOverdueRefusal(candidate({ status: 'voided', paymentStatus: 'succeeded' }), now)).toBe('invoice_not_finalized');
      expect(markOverdueRefusal(candidate({ paymentStatus: 'succeeded', paymentDueDate: '2026-12-01' }), now)).toBe('invoice_payment_already_succeeded');
      expect(
        markOverdueRefusal(candidate({ paymentDueDate: '2026-12-01', paymentDisputeLostAt: new Date('2026-11-10T00:00:00Z') }), now),
      ).toBe('invoice_due_date_in_future');
    });
  });
});
