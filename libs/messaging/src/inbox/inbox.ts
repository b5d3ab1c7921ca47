import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AlreadyExecutedError, currentBatch } from '../batch/batch-transaction';
import { sql } from '../database/sql';
import { UnitOfWork } from '../unit-of-work';

/** Where an event was read from (kept in the inbox for diagnostics). */
export interface InboxEntry {
  /** Consumer name, e.g. `invoicing.customer-replica`. */
  consumer: string;
  /** The event's id. */
  eventId: string;
  /** Topic it was read from. */
  topic: string;
  /** Partition it was read from. */
  partition: number;
  /** Its offset. */
  offset: string;
}

/**
 * Applies an event at most once per consumer: the inbox row and the event's effects commit in
 * one transaction, and a redelivered or re-published event finds its row and does nothing.
 *
 * Within a batch (see `BatchTransaction`) the check is optimistic: the event is applied, its row
 * joins one insert for the whole batch at the commit, and an event applied before makes that
 * insert find fewer new rows than it wrote, which fails the commit; the batch is rolled back and
 * each event checked on its own. An event met twice in one batch is applied once.
 */
@Injectable()
export class Inbox {
  constructor(private readonly uow: UnitOfWork) {}

  /** Returns false when the event had already been applied (within a batch: in this batch). */
  once(entry: InboxEntry, apply: (em: EntityManager) => Promise<void>): Promise<boolean> {
    return this.uow.run(async (em) => {
      const batch = currentBatch();
      if (batch?.holds(em)) {
        if (batch.defer('inbox', `${entry.consumer} ${entry.eventId}`, entry, insertAllNew)) return false;
      } else if ((await insertNew(em, [entry])) === 0) {
        return false;
      }
      await apply(em);
      return true;
    });
  }
}

/** Inserts the entries not yet in the inbox, in one statement; returns how many were new. */
async function insertNew(em: EntityManager, entries: InboxEntry[]): Promise<number> {
  const inserted = await sql(
    em,
    `insert into inbox (consumer, event_id, topic, "partition", "offset")
     select r->>'consumer', (r->>'eventId')::uuid, r->>'topic', (r->>'partition')::int, (r->>'offset')::bigint
     from jsonb_array_elements(?::jsonb) as rows (r)
     on conflict do nothing returning event_id`,
    [JSON.stringify(entries)],
  );
  return inserted.length;
}

/** A batch's entries at its commit: fails when any of them was there before. */
async function insertAllNew(em: EntityManager, entries: InboxEntry[]): Promise<void> {
  if ((await insertNew(em, entries)) < entries.length) throw new AlreadyExecutedError('an event');
}
