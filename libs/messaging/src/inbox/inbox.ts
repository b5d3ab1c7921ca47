import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
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
 */
@Injectable()
export class Inbox {
  constructor(private readonly uow: UnitOfWork) {}

  /** Returns false when the event had already been applied. */
  once(entry: InboxEntry, apply: (em: EntityManager) => Promise<void>): Promise<boolean> {
    return this.uow.run(async (em) => {
      const inserted = await sql(
        em,
        'insert into inbox (consumer, event_id, topic, "partition", "offset") values (?, ?, ?, ?, ?) on conflict do nothing returning event_id',
        [entry.consumer, entry.eventId, entry.topic, entry.partition, entry.offset],
      );
      if (inserted.length === 0) return false;
      await apply(em);
      return true;
    });
  }
}
