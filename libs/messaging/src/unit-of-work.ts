import { Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import type { OrganizationContextV1, RpcReplyV1 } from '@app/contracts';
import { BatchAbortedError, currentBatch, type BatchTransaction } from './batch/batch-transaction';
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
   */
  async runCommand<T>(
    organization: OrganizationContextV1,
    requestId: string,
    requestType: string,
    work: (em: EntityManager) => Promise<RpcReplyV1<T>>,
  ): Promise<RpcReplyV1<T>> {
    try {
      return await this.run(async (em) => {
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
          if (stored?.reply && stored.request_type === requestType) return stored.reply;
          throw new RollbackWithReply<T>({ ok: false, error: { code: 'bad_request', details: { idempotency_key: ['value_already_used'] } } });
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
}
