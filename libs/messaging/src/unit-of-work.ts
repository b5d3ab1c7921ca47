import { Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import type { OrganizationContextV1, RpcReplyV1 } from '@app/contracts';
import { AlreadyExecutedError, BatchAbortedError, currentBatch, type BatchTransaction } from './batch/batch-transaction';
import { sql } from './database/sql';
import { hasOutboxWrites } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';

/** Thrown inside a command transaction to roll it back while still answering with a refusal. */
class RollbackWithReply<T> extends Error {
  constructor(readonly reply: RpcReplyV1<T>) {
    super('rollback');
  }
}

/**
 * Runs work in one database transaction on a fresh entity manager and, when the work wrote
 * events, wakes the outbox relay after the commit so they leave immediately. (Waking it after
 * every commit cost each consumed event an empty relay pass: four more round trips.)
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly orm: MikroORM,
    private readonly relay: OutboxRelay,
  ) {}

  async run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const batch = currentBatch();
    if (batch) return this.runInBatch(batch, work);
    let events = false;
    const result = await this.orm.em.fork().transactional(async (em) => {
      const value = await work(em);
      events = hasOutboxWrites(em);
      return value;
    });
    if (events) this.relay.nudge();
    return result;
  }

  /**
   * The work of one message of a batch (see `KafkaServer`): on the batch's transaction, with an
   * identity map of its own, flushed before the next message. Whatever it throws, a refusal's
   * rollback included, aborts the batch, which is then run message by message.
   */
  private async runInBatch<T>(batch: BatchTransaction, work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      if (!batch.open) throw new BatchAbortedError();
      const em = (await batch.join(this.orm)).fork({ keepTransactionContext: true, clear: true });
      const value = await work(em);
      await em.flush();
      if (hasOutboxWrites(em)) batch.afterCommit(() => this.relay.nudge());
      return value;
    } catch (error) {
      batch.abort(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      throw error;
    }
  }

  /**
   * Executes an RPC command at most once per (organization, request id). The first execution
   * stores its reply in the same transaction as its effects; a repeat (same Idempotency-Key, or
   * a redelivered Kafka message) gets the stored reply and changes nothing. A refusal rolls the
   * whole transaction back and is not stored, so a corrected retry with the same key can succeed.
   *
   * Within a batch the check is optimistic, like the inbox's: the command runs, and its record
   * joins one insert for the whole batch at the commit, which fails when a command of the batch
   * had run before; the batch is then run message by message. A repeat within the batch gets
   * the first one's reply.
   */
  async runCommand<T>(
    organization: OrganizationContextV1,
    requestId: string,
    requestType: string,
    work: (em: EntityManager) => Promise<RpcReplyV1<T>>,
  ): Promise<RpcReplyV1<T>> {
    try {
      return await this.run(async (em) => {
        const batch = currentBatch();
        if (batch?.holds(em)) return await this.commandInBatch(batch, em, { organization_id: organization.id, request_id: requestId, request_type: requestType }, work);
        const inserted = await sql(
          em,
          'insert into command_log (organization_id, request_id, request_type) values (?, ?, ?) on conflict do nothing returning request_id',
          [organization.id, requestId, requestType],
        );
        if (inserted.length === 0) {
          // The first execution committed (the insert waited for it): answer what it answered.
          const [stored] = await sql<{ reply: RpcReplyV1<T> | null; request_type: string }>(
            em,
            'select reply, request_type from command_log where organization_id = ? and request_id = ?',
            [organization.id, requestId],
          );
          return repeated(stored, requestType);
        }
        const reply = await work(em);
        if (!reply.ok) throw new RollbackWithReply(reply);
        await sql(em, 'update command_log set reply = ?::jsonb where organization_id = ? and request_id = ?', [
          JSON.stringify(reply),
          organization.id,
          requestId,
        ]);
        return reply;
      });
    } catch (error) {
      if (error instanceof RollbackWithReply) return error.reply as RpcReplyV1<T>;
      throw error;
    }
  }

  private async commandInBatch<T>(batch: BatchTransaction, em: EntityManager, record: CommandRecord, work: (em: EntityManager) => Promise<RpcReplyV1<T>>): Promise<RpcReplyV1<T>> {
    const pending: CommandRecord = { ...record };
    const earlier = batch.defer('command_log', `${record.organization_id} ${record.request_id}`, pending, insertCommandRecords);
    if (earlier) return repeated(earlier as { reply: RpcReplyV1<T> | null; request_type: string }, record.request_type);
    const reply = await work(em);
    if (!reply.ok) throw new RollbackWithReply(reply);
    pending.reply = reply;
    return reply;
  }
}

/** A command's record in the command log. */
interface CommandRecord {
  organization_id: string;
  request_id: string;
  request_type: string;
  /** Set once the command succeeded; a refused one is never written. */
  reply?: RpcReplyV1<unknown>;
}

/** The answer to a request id met again: the first execution's reply, or a refusal when it was another kind of request. */
function repeated<T>(stored: { reply?: RpcReplyV1<T> | null; request_type: string } | undefined, requestType: string): RpcReplyV1<T> {
  if (stored?.reply && stored.request_type === requestType) return stored.reply;
  throw new RollbackWithReply<T>({ ok: false, error: { code: 'bad_request', details: { idempotency_key: ['value_already_used'] } } });
}

/** One insert for a batch's command records; fails when any request id was there before. */
async function insertCommandRecords(em: EntityManager, records: CommandRecord[]): Promise<void> {
  const inserted = await sql(
    em,
    `insert into command_log (organization_id, request_id, request_type, reply)
     select (r->>'organization_id')::uuid, r->>'request_id', r->>'request_type', r->'reply'
     from jsonb_array_elements(?::jsonb) as rows (r)
     on conflict do nothing returning request_id`,
    [JSON.stringify(records)],
  );
  if (inserted.length < records.length) throw new AlreadyExecutedError('a command');
}
