/**
 * The idle wait of a polling loop that can be woken early: `idle(ms)` resolves after `ms` or at
 * the next `nudge()`, whichever comes first. A nudge while the loop is busy is remembered
 * (`pending`), so the loop skips its next wait instead of missing the work.
 */
export class Waker {
  private wake: (() => void) | null = null;
  /** Whether a nudge arrived since the loop last cleared it. */
  pending = false;

  nudge(): void {
    this.pending = true;
    this.wake?.();
  }

  idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}
