import { Waker } from './waker';

describe('Waker', () => {
  it('a nudge ends the idle wait at once and is remembered as pending', async () => {
    const waker = new Waker();
    const waiting = waker.idle(60_000);
    waker.nudge();
    await expect(waiting).resolves.toBeUndefined();
    expect(waker.pending).toBe(true);
  });

  it('without a nudge the wait ends after its time', async () => {
    jest.useFakeTimers();
    try {
      const waker = new Waker();
      let done = false;
      const waiting = waker.idle(1_000).then(() => (done = true));
      await jest.advanceTimersByTimeAsync(999);
      expect(done).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      await waiting;
      expect(done).toBe(true);
      expect(waker.pending).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });
});
