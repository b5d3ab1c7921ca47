import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { TopicMessages } from 'kafkajs';
import { sql } from '../database/sql';
import { KafkaProducer } from '../kafka/kafka-producer';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { BackgroundLoop } from '../service/background-loop';

interface OutboxRow {
  seq: string;
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * Publishes committed outbox rows to Kafka in commit order and marks them published.
 *
 * One batch is one transaction: rows are locked with `FOR UPDATE SKIP LOCKED` under a
 * transaction-scoped advisory lock, so only one relay of a service publishes at a time (which
 * keeps per-key order across replicas), and a crash before the mark re-publishes the rows
 * (at-least-once; consumers deduplicate by event id). Woken in-process after each commit,
 * with a poll as the fallback for rows written by other processes.
 */
@Injectable()
export class OutboxRelay extends BackgroundLoop {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly lockKey: string;
  private readonly batchSize: number;

  constructor(
    private readonly orm: MikroORM,
    private readonly producer: KafkaProducer,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {
    super();
    this.lockKey = `outbox-relay:${options.service}`;
    this.batchSize = options.relay?.batchSize ?? 200;
  }

  protected override enabled(): boolean {
    return this.options.relay?.enabled !== false;
  }

  /** Publishes one batch; returns how many rows it published. Exposed for tests. */
  async publishBatch(): Promise<number> {
    return this.orm.em.fork().transactional(async (em) => {
      // The relay lock and the rows in one round trip: the lock is tried once (an init plan), and
      // a relay that does not get it reads nothing.
      const rows = await sql<OutboxRow>(
        em,
        `with relay as (select pg_try_advisory_xact_lock(hashtextextended(?, 0)) as locked)
         select seq, topic, key, value, headers from outbox
         where (select locked from relay) and published_at is null order by seq limit ? for update of outbox skip locked`,
        [this.lockKey, this.batchSize],
      );
      if (rows.length === 0) return 0;
      await this.producer.sendBatch(toTopicMessages(rows));
      await sql(em, 'update outbox set published_at = now() where seq = any(?::bigint[])', [`{${rows.map((r) => r.seq).join(',')}}`]);
      return rows.length;
    });
  }

  protected async run(): Promise<void> {
    const pollMs = this.options.relay?.pollIntervalMs ?? 500;
    let failures = 0;
    while (this.running) {
      this.waker.pending = false;
      try {
        // A short batch took every row there was: the next pass waits for a nudge (a commit that
        // wrote events since this pass began) or the poll, instead of costing an empty pass.
        const published = await this.publishBatch();
        failures = 0;
        if (published >= this.batchSize) continue;
      } catch (error) {
        failures++;
        this.logger.warn(`outbox publish failed (attempt ${failures}): ${describe(error)}`);
        await this.waker.idle(Math.min(100 * 2 ** failures, 5_000));
        continue;
      }
      if (!this.waker.pending) await this.waker.idle(pollMs);
    }
  }

}

function toTopicMessages(rows: OutboxRow[]): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages>();
  for (const row of rows) {
    let entry = byTopic.get(row.topic);
    if (!entry) byTopic.set(row.topic, (entry = { topic: row.topic, messages: [] }));
    entry.messages.push({ key: row.key, value: row.value, headers: row.headers });
  }
  return [...byTopic.values()];
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
