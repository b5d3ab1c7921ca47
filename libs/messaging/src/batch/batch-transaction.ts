import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Message } from 'kafkajs';

/** A reply held back until its batch commits. */
export interface HeldReply {
  topic: string;
  message: Message;
}

/** Rows of one kind deferred to a single statement at the batch's commit (see `BatchTransaction.defer`). */
interface DeferredRows {
  rows: Map<string, unknown>;
  write(em: EntityManager, rows: unknown[]): Promise<void>;
}

/** Thrown to work that tries to join a batch transaction that was already given up. */
export class BatchAbortedError extends Error {
  constructor() {
    super('the batch transaction was rolled back; the message is executed again on its own');
  }
}

/**
 * Thrown at a batch's commit when a row deferred to it was already in its table: something of
 * the batch (a command, an event) had been executed before. The batch is rolled back and run
 * message by message, where each message finds out on its own.
 */
export class AlreadyExecutedError extends Error {
  constructor(what: string) {
    super(`${what} of the batch had been executed before`);
  }
}

/**
 * The messages of one fetched batch executed in one database transaction (see `KafkaServer`).
 * Every unit of work of the batch joins it; its effects outside the database (relay and runner
 * wake-ups, RPC replies) wait for the commit. Anything that cannot be done inside it (a failure,
 * a refusal that must roll back, a message to park) aborts the batch: it is rolled back, and
 * its messages are executed again one by one, each in its own transaction, which is the path
 * that retries, refuses and parks.
 *
 * The bookkeeping rows of its messages (outbox, inbox, command log) are not written one
 * statement per message but deferred (`defer`) and written at the commit, one statement per
 * table for the batch. The inbox and the command log are thereby checked optimistically: a
 * message executed before is found at the commit (`AlreadyExecutedError`), and the batch is run
 * again message by message.
 */
export class BatchTransaction {
  private transaction?: Promise<EntityManager>;
  private root?: EntityManager;
  private state: 'open' | 'committed' | 'rolled back' = 'open';
  private abortReason?: string;
  private readonly effects: (() => void)[] = [];
  private readonly deferred = new Map<string, DeferredRows>();
  /** RPC replies to send once committed. */
  readonly replies: HeldReply[] = [];

  /** The batch's transaction, begun by the first unit of work that needs it. */
  join(orm: MikroORM): Promise<EntityManager> {
    if (this.state !== 'open') return Promise.reject(new BatchAbortedError());
    this.transaction ??= (async () => {
      const em = orm.em.fork();
      await em.begin();
      this.root = em;
      return em;
    })();
    return this.transaction;
  }

  /** Whether `em` works on this batch's transaction, which is still open. */
  holds(em: EntityManager): boolean {
    return this.open && this.root !== undefined && em.getTransactionContext() === this.root.getTransactionContext();
  }

  /**
   * Defers a row to one statement for the whole batch: at the commit, `write` gets the rows of
   * `kind` in the order they were deferred (the `write` of a kind's first row is the one used).
   * A row whose key was already deferred in this batch is not added; the earlier row is returned,
   * so a repeat within the batch can answer as the first one did.
   */
  defer<R>(kind: string, key: string, row: R, write: (em: EntityManager, rows: R[]) => Promise<void>): R | undefined {
    let deferred = this.deferred.get(kind);
    if (!deferred) this.deferred.set(kind, (deferred = { rows: new Map(), write: write as DeferredRows['write'] }));
    if (deferred.rows.has(key)) return deferred.rows.get(key) as R;
    deferred.rows.set(key, row);
    return undefined;
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
    if (this.transaction) {
      const em = await this.transaction;
      for (const { rows, write } of this.deferred.values()) await write(em, [...rows.values()]);
      await em.commit();
    }
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
