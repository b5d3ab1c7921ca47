import { isCalendarDate } from './invoices.http-controller';

describe('isCalendarDate (the invoices list date filters)', () => {
  it.each(['2026-02-28', '2024-02-29', '2026-12-31', '0001-01-01'])('accepts the real day %s', (day) => {
    expect(isCalendarDate(day)).toBe(true);
  });

  it.each(['2026-02-30', '2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-1-01', '2026-01-01T00:00:00Z', '', 20260101, null])(
    'refuses %p, which PostgreSQL would refuse or JavaScript would roll over',
    (value) => {
      expect(isCalendarDate(value)).toBe(false);
    },
  );
});
