/**
 * Polls `probe` until it stops throwing (an `expect` inside it passes) or the deadline passes,
 * then rethrows the last failure. The bounded replacement for sleeping in tests.
 */
export async function expectEventually<T>(probe: () => Promise<T> | T, { timeoutMs = 15_000, intervalMs = 50 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
