import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, type EventEnvelope, type EventTopic, type RpcRequestV1 } from '@app/contracts';
import { currentBatch } from '../batch/batch-transaction';
import { sql } from '../database/sql';

/** An event to publish once the current transaction commits. */
export interface OutgoingEvent<P> {
  /** Public topic. */
  topic: EventTopic;
  /** Partition key: the aggregate's id. */
  key: string;
  /** Lago-style event type. */
  type: string;
  /** Payload schema version; 1 unless stated. */
  version?: number;
  /** Organization the event belongs to. */
  organizationId: string;
  /** Its name, when known (see EventEnvelope.organization_name). */
  organizationName?: string;
  /** The type of the event that caused it, when an event did (see EventEnvelope.caused_by). */
  causedBy?: string;
  /** Correlation id of the request or event that caused it. */
  correlationId: string | null;
  /** The Lago object. */
  payload: P;
  /** When the change happened; defaults to now. */
  occurredAt?: Date;
}

/** Entity managers (transactions) that wrote outbox rows: only their commits need the relay. */
const wroteOutbox = new WeakSet<EntityManager>();

/** Whether work on this entity manager wrote outbox rows. */
export function hasOutboxWrites(em: EntityManager): boolean {
  return wroteOutbox.has(em);
}

/**
 * Writes events into the service's outbox table inside the caller's transaction, so an event
 * exists if and only if the change that caused it committed. The relay publishes them.
 */
export class Outbox {
  constructor(private readonly producerName: string) {}

  /** An event caused by an RPC request: it belongs to the request's organization and correlation. */
  addForRequest<P>(em: EntityManager, request: RpcRequestV1<unknown>, event: Omit<OutgoingEvent<P>, 'organizationId' | 'correlationId'>): Promise<EventEnvelope<P>> {
    return this.add(em, { ...event, organizationId: request.organization.id, organizationName: request.organization.name, correlationId: request.correlation_id });
  }

  async add<P>(em: EntityManager, event: OutgoingEvent<P>): Promise<EventEnvelope<P>> {
    const envelope: EventEnvelope<P> = {
      event_id: randomUUID(),
      event_type: event.type,
      event_version: event.version ?? 1,
      occurred_at: (event.occurredAt ?? new Date()).toISOString(),
      organization_id: event.organizationId,
      ...(event.organizationName !== undefined ? { organization_name: event.organizationName } : {}),
      ...(event.causedBy !== undefined ? { caused_by: event.causedBy } : {}),
      producer: this.producerName,
      correlation_id: event.correlationId,
      payload: event.payload,
    };
    const row: OutboxRow = {
      event_id: envelope.event_id,
      topic: event.topic,
      key: event.key,
      event_type: event.type,
      value: JSON.stringify(envelope),
      headers: { [EVENT_TYPE_HEADER]: event.type, [EVENT_ID_HEADER]: envelope.event_id },
    };
    const batch = currentBatch();
    if (batch?.holds(em)) batch.defer('outbox', row.event_id, row, insertOutboxRows);
    else await insertOutboxRows(em, [row]);
    wroteOutbox.add(em);
    return envelope;
  }
}

interface OutboxRow {
  event_id: string;
  topic: string;
  key: string;
  event_type: string;
  /** The envelope JSON exactly as it is published. */
  value: string;
  headers: Record<string, string>;
}

/** One statement for any number of rows; their sequence numbers follow the order given. */
async function insertOutboxRows(em: EntityManager, rows: OutboxRow[]): Promise<void> {
  await sql(
    em,
    `insert into outbox (event_id, topic, key, event_type, value, headers)
     select (r->>'event_id')::uuid, r->>'topic', r->>'key', r->>'event_type', r->>'value', r->'headers'
     from jsonb_array_elements(?::jsonb) with ordinality as rows (r, n) order by n`,
    [JSON.stringify(rows)],
  );
}
