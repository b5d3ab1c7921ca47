import { Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import type { OrganizationContextV1, RpcReplyV1 } from '@app/contracts';
import { sql } from './database/sql';
import { OutboxRelay } from './outbox/outbox-relay';

/** Thrown inside a command transaction to roll it back while still answering with a refusal. */
class RollbackWithReply<T> extends Error {
  constructor(readonly reply: RpcReplyV1<T>) {
    super('rollback');
  }
}

/**
 * Runs work in one database transaction on a fresh entity manager and wakes the outbox relay
 * after the commit, so the events the work wrote leave immediately.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly orm: MikroORM,
    private readonly relay: OutboxRelay,
  ) {}

  async run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.orm.em.fork().transactional(work);
    this.relay.nudge();
    return result;
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
