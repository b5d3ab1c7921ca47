import { latencySummary } from './percentiles';

describe('latencySummary', () => {
  it('takes nearest-rank percentiles of unsorted samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1
    expect(latencySummary(samples)).toEqual({ p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('rounds the rank up, so a small sample reports its slow tail', () => {
    expect(latencySummary([1, 2, 3])).toEqual({ p50: 2, p95: 3, p99: 3, max: 3 });
    expect(latencySummary([7])).toEqual({ p50: 7, p95: 7, p99: 7, max: 7 });
  });

  it('reports nothing measured as NaN, not 0', () => {
    expect(Object.values(latencySummary([])).every(Number.isNaN)).toBe(true);
  });
});
