import { lagoTime, parseIso8601 } from './lago-time';

describe('lagoTime', () => {
  it('is UTC to the second with Z', () => {
    expect(lagoTime(new Date('2026-11-21T10:15:30.250Z'))).toBe('2026-11-21T10:15:30Z');
  });
});

describe('parseIso8601', () => {
  it('reads dates and date-times, UTC unless an offset is given', () => {
    expect(parseIso8601('2026-11-21')).toEqual(new Date('2026-11-21T00:00:00Z'));
    expect(parseIso8601('2026-11-21T10:15')).toEqual(new Date('2026-11-21T10:15:00Z'));
    expect(parseIso8601('2026-11-21T10:15:30.250Z')).toEqual(new Date('2026-11-21T10:15:30.250Z'));
    expect(parseIso8601('2026-11-21T10:15:30+02:00')).toEqual(new Date('2026-11-21T08:15:30Z'));
    expect(parseIso8601('2026-11-21T10:15:30-0530')).toEqual(new Date('2026-11-21T15:45:30Z'));
  });

  it('refuses other formats and impossible values', () => {
    for (const bad of ['', 'yesterday', '2026-02-30', '2026-11-21T25:00:00Z', '2026-11-21 10:00', '21/11/2026', '2026-11-21T10:00:00+19:00']) {
      expect(parseIso8601(bad)).toBeNull();
    }
  });
});
