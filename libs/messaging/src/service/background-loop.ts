import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { Waker } from './waker';

/**
 * A loop a Nest provider runs in the background: started after bootstrap, stopped before
 * shutdown (which waits for the pass in progress), and woken early with `nudge()`. The subclass
 * writes `run()`: loop while `running`, and wait with `waker.idle(ms)` when there is nothing to do.
 */
export abstract class BackgroundLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected running = false;
  protected readonly waker = new Waker();
  private loop: Promise<void> | null = null;

  protected abstract run(): Promise<void>;

  /** Whether the loop starts at all (configuration may turn it off). */
  protected enabled(): boolean {
    return true;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled()) return;
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
  }

  /** Looks for work now (called after a transaction that queued some). */
  nudge(): void {
    this.waker.nudge();
  }
}
