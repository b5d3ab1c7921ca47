import type { Logger } from '@nestjs/common';
import type { Consumer, ConsumerCrashEvent } from 'kafkajs';

/** How long to wait before the first restart, and at most between restarts. */
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

/**
 * Keeps a consumer consuming after a crash kafkajs gives up on.
 *
 * kafkajs restarts a crashed consumer only when the error is retriable; any other error (one
 * thrown while the broker restarts and the group coordinator moves, an error of ours escaping a
 * handler) disconnects the consumer and leaves it stopped for good, while the process stays up
 * and healthy: a service that no longer reads its RPC topic answers nothing, and the gateway's
 * every request ends in 503. This connects and runs it again (`resume`: what started it, e.g.
 * `consumer.run(...)`), backing off from 1 s to 30 s while that fails, until `stopped()` says
 * the owner is shutting down.
 */
export function restartAfterFatalCrash(consumer: Consumer, resume: () => Promise<void>, logger: Logger, stopped: () => boolean): void {
  let delay = FIRST_DELAY_MS;
  let pending: NodeJS.Timeout | null = null;
  const attempt = async () => {
    pending = null;
    if (stopped()) return;
    try {
      await consumer.connect();
      await resume();
      logger.warn('consumer restarted after a crash');
      delay = FIRST_DELAY_MS;
    } catch (error) {
      logger.error(`consumer restart failed, next attempt in ${delay} ms: ${error instanceof Error ? error.message : String(error)}`);
      schedule();
    }
  };
  const schedule = () => {
    if (pending || stopped()) return;
    pending = setTimeout(() => void attempt(), delay);
    pending.unref();
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  };
  consumer.on(consumer.events.CRASH, (event: ConsumerCrashEvent) => {
    if (event.payload.restart) return; // kafkajs restarts it itself
    const { error } = event.payload;
    logger.error(`consumer crashed and kafkajs will not restart it (${error.name}: ${error.message}); restarting it in ${delay} ms`);
    schedule();
  });
}
