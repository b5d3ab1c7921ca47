import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Message } from 'kafkajs';

/** A reply held back until its batch commits. */
export interface HeldReply {
  topic: string;
  message: Message;
}

/** Thrown to work that tries to join a batch transaction that was already given up. */
export class BatchAbortedError extends Error {
  constructor() {
    super('the batch transaction was rolled back; the message is executed again on its own');
  }
}

/**
 * The messages of one fetched batch executed in one database transaction (see `KafkaServer`).
 * Every unit of work of the batch joins it; its effects outside the database (relay and runner
 * wake-ups, RPC replies) wait for the commit. Anything that cannot be done inside it (a failure,
 * a refusal that must roll back, a message to park) aborts the batch: it is rolled back, and
 * its messages are executed again one by one, each in its own transaction, which is the path
 * that retries, refuses and parks.
 */
export class BatchTransaction {
  private transaction?: Promise<EntityManager>;
  private state: 'open' | 'committed' | 'rolled back' = 'open';
  private abortReason?: string;
  private readonly effects: (() => void)[] = [];
  /** RPC replies to send once committed. */
  readonly replies: HeldReply[] = [];

  /** The batch's transaction, begun by the first unit of work that needs it. */
  join(orm: MikroORM): Promise<EntityManager> {
    if (this.state !== 'open') return Promise.reject(new BatchAbortedError());
    this.transaction ??= (async () => {
      const em = orm.em.fork();
      await em.begin();
      return em;
    })();
    return this.transaction;
  }

  /** Whether work can still join (neither aborted nor finished). */
  get open(): boolean {
    return this.state === 'open' && this.abortReason === undefined;
  }

  get rolledBack(): boolean {
    return this.state === 'rolled back';
  }

  /** Why the batch must be executed message by message, if it must. */
  get aborted(): string | undefined {
    return this.abortReason;
  }

  /**
   * Whether the batch was given up (aborted, or rolled back, which records a reason too): its
   * messages are executed again one by one, so nothing its own run produces may leave it, no
   * reply and no after-commit effect; the second run produces them.
   */
  get givenUp(): boolean {
    return this.abortReason !== undefined;
  }

  abort(reason: string): void {
    this.abortReason ??= reason;
  }

  /** Runs `effect` after the commit; it is dropped if the batch rolls back. */
  afterCommit(effect: () => void): void {
    this.effects.push(effect);
  }

  async commit(): Promise<void> {
    if (this.abortReason !== undefined || this.state !== 'open') throw new BatchAbortedError();
    if (this.transaction) await (await this.transaction).commit();
    this.state = 'committed';
    for (const effect of this.effects) effect();
  }

  /** Rolls back what the batch did; safe to call more than once and after a failed commit. */
  async rollback(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'rolled back';
    this.abortReason ??= 'rolled back';
    const em = await this.transaction?.catch(() => undefined);
    await em?.rollback().catch(() => undefined);
  }
}

const batches = new AsyncLocalStorage<BatchTransaction>();

/** Runs `work` with `batch` as the batch of every unit of work it starts. */
export function withinBatch<T>(batch: BatchTransaction, work: () => Promise<T>): Promise<T> {
  return batches.run(batch, work);
}

/** The batch the current message is executed in, if any (whatever its state). */
export function currentBatch(): BatchTransaction | undefined {
  return batches.getStore();
}

/**
 * Runs `effect` once the current work has committed: now outside a batch (or after its commit),
 * at the batch's commit within one, never within a batch given up.
 */
export function afterCommit(effect: () => void): void {
  const batch = currentBatch();
  if (batch?.open) batch.afterCommit(effect);
  else if (!batch?.givenUp) effect();
}
