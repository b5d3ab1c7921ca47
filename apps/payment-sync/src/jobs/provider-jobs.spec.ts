import { backoffMs } from './provider-jobs';

describe('backoffMs', () => {
  it('doubles from the base per attempt and stays at the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 200, 1_000))).toEqual([200, 400, 800, 1_000]);
    expect(backoffMs(500, 2_000, 300_000)).toBe(300_000);
    expect(backoffMs(0, 100, 1_000)).toBe(100);
  });
});
