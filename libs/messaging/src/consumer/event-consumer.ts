import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { KafkaContext } from '@nestjs/microservices';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClassConstructor } from 'class-transformer';
import type { EventEnvelope } from '@app/contracts';
import { currentBatch } from '../batch/batch-transaction';
import { isTransientError } from '../database/transient';
import { Inbox } from '../inbox/inbox';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { consumedMessage, DeadLetterQueue } from './dead-letter-queue';
import { parseEvent } from './parse-event';

/** How one event type is applied by a consumer. */
export interface EventHandler<P extends object> {
  /** Contract class the payload is validated against. */
  payload: ClassConstructor<P>;
  /** Applies the event inside the inbox transaction. */
  apply(em: EntityManager, event: EventEnvelope<P>): Promise<void>;
}

/** A consumer: its name (the inbox key) and its handlers by event type. */
export interface EventConsumerSpec {
  /** Unique per service and purpose, e.g. `invoicing.customer-replica`. */
  consumer: string;
  /** Handlers by event type; other types are skipped. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handlers: Record<string, EventHandler<any>>;
}

/** What happened to one consumed message. */
export type ConsumeOutcome = 'applied' | 'duplicate' | 'ignored' | 'parked';

/**
 * The one way services consume events: validate, apply once through the inbox, retry failures
 * with backoff, and park what can never succeed on `<topic>.dlq` so the partition keeps moving.
 * Infrastructure failures (database or broker down) are retried until they pass or the service
 * stops; then the offset stays uncommitted and the message comes back after the restart.
 */
@Injectable()
export class EventConsumer implements BeforeApplicationShutdown {
  private readonly logger = new Logger(EventConsumer.name);
  private stopping = false;

  constructor(
    private readonly inbox: Inbox,
    private readonly deadLetters: DeadLetterQueue,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  async consume(raw: unknown, ctx: KafkaContext, spec: EventConsumerSpec): Promise<ConsumeOutcome> {
    const source = consumedMessage(raw, ctx);
    const payloadClasses = Object.fromEntries(Object.entries(spec.handlers).map(([type, h]) => [type, h.payload]));
    const parsed = await parseEvent(raw, payloadClasses);
    if (parsed.kind === 'ignored') return 'ignored';
    if (parsed.kind === 'invalid') {
      await this.deadLetters.park(source, spec.consumer, parsed.reason);
      return 'parked';
    }
    const { envelope } = parsed;
    const handler = spec.handlers[envelope.event_type];
    const entry = { consumer: spec.consumer, eventId: envelope.event_id, topic: source.topic, partition: source.partition, offset: source.offset };
    const maxAttempts = this.options.retry?.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        const applied = await this.inbox.once(entry, (em) => handler.apply(em, envelope));
        return applied ? 'applied' : 'duplicate';
      } catch (error) {
        // Within a batch, the batch is rolled back and this event comes back on its own, to retry here.
        if (this.stopping || currentBatch()) throw error;
        const transient = isTransientError(error);
        if (!transient && attempt >= maxAttempts) {
          await this.deadLetters.park(source, spec.consumer, `failed after ${attempt} attempts: ${describe(error)}`);
          return 'parked';
        }
        this.logger.warn(`${spec.consumer}: ${envelope.event_type} ${envelope.event_id} attempt ${attempt} failed (${transient ? 'transient' : 'will retry'}): ${describe(error)}`);
        await this.backoff(attempt);
        await ctx.getHeartbeat()().catch(() => undefined);
      }
    }
  }

  private backoff(attempt: number): Promise<void> {
    const initial = this.options.retry?.initialBackoffMs ?? 100;
    const cap = this.options.retry?.maxBackoffMs ?? 5_000;
    const ms = Math.min(initial * 2 ** (attempt - 1), cap);
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
