import { customerAmountsSql, invoiceSourceTime } from './invoice-amounts.repository';

describe('invoiceSourceTime', () => {
  it('is updated_at, refined to the millisecond by an occurred_at inside that second', () => {
    expect(invoiceSourceTime('2026-11-21T10:15:30Z', '2026-11-21T10:15:30.250Z')).toEqual(new Date('2026-11-21T10:15:30.250Z'));
    expect(invoiceSourceTime('2026-11-21T10:15:30Z', '2026-11-21T10:15:30.000Z')).toEqual(new Date('2026-11-21T10:15:30.000Z'));
  });

  it('orders two changes within one second by occurred_at, and changes of different seconds by updated_at', () => {
    const first = invoiceSourceTime('2026-11-21T10:15:30Z', '2026-11-21T10:15:30.100Z');
    const second = invoiceSourceTime('2026-11-21T10:15:30Z', '2026-11-21T10:15:30.900Z');
    const nextSecond = invoiceSourceTime('2026-11-21T10:15:31Z', '2026-11-21T10:15:31.000Z');
    expect(first.getTime()).toBeLessThan(second.getTime());
    expect(second.getTime()).toBeLessThan(nextSecond.getTime());
  });

  it('keeps updated_at when occurred_at lies outside its second (an event that changed nothing) or before it', () => {
    expect(invoiceSourceTime('2026-11-21T10:15:30Z', '2026-11-21T10:15:31.000Z')).toEqual(new Date('2026-11-21T10:15:30Z'));
    expect(invoiceSourceTime('2026-11-21T10:15:30Z', '2026-11-22T08:00:00.500Z')).toEqual(new Date('2026-11-21T10:15:30Z'));
    expect(invoiceSourceTime('2026-11-21T10:15:30Z', '2026-11-21T10:15:29.999Z')).toEqual(new Date('2026-11-21T10:15:30Z'));
  });

  it('keeps an updated_at finer than the second as it is, and reads offsets', () => {
    expect(invoiceSourceTime('2026-11-21T10:15:30.400Z', '2026-11-21T10:15:30.900Z')).toEqual(new Date('2026-11-21T10:15:30.400Z'));
    expect(invoiceSourceTime('2026-11-21T12:15:30+02:00', '2026-11-21T10:15:30.700Z')).toEqual(new Date('2026-11-21T10:15:30.700Z'));
  });

  it('falls back to occurred_at when updated_at is absent or unreadable', () => {
    expect(invoiceSourceTime(undefined, '2026-11-21T10:15:30.250Z')).toEqual(new Date('2026-11-21T10:15:30.250Z'));
    expect(invoiceSourceTime(null, '2026-11-21T10:15:30.250Z')).toEqual(new Date('2026-11-21T10:15:30.250Z'));
    expect(invoiceSourceTime('', '2026-11-21T10:15:30.250Z')).toEqual(new Date('2026-11-21T10:15:30.250Z'));
    expect(invoiceSourceTime('yesterday', '2026-11-21T10:15:30.250Z')).toEqual(new Date('2026-11-21T10:15:30.250Z'));
  });

  it('throws when neither time can be read, rather than storing an invalid date', () => {
    expect(() => invoiceSourceTime('yesterday', 'not a time')).toThrow('unreadable occurred_at: not a time');
  });
});

describe('customerAmountsSql', () => {
  it('correlates every expression with the given customer alias', () => {
    const amounts = customerAmountsSql('cu');
    for (const expression of Object.values(amounts)) expect(expression).toContain('ia.customer_id = cu.id');
    expect(Object.keys(amounts).sort()).toEqual(['balance', 'overdue', 'paid', 'total']);
    expect(amounts.overdue.startsWith('exists (')).toBe(true);
  });

  it('refuses an alias that is not a plain identifier, or that the subqueries would shadow', () => {
    for (const bad of ['', 'c.id', 'c; drop table customers', '1c', 'ia', 'IA']) {
      expect(() => customerAmountsSql(bad)).toThrow('invalid customer alias');
    }
  });
});
