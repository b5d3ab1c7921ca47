import { Injectable, Logger } from '@nestjs/common';
import type { KafkaContext } from '@nestjs/microservices';
import type { IHeaders } from 'kafkajs';
import { DLQ_SUFFIX } from '@app/contracts';
import { currentBatch } from '../batch/batch-transaction';
import { KafkaProducer } from '../kafka/kafka-producer';

/** The message being parked and where it came from. */
export interface ParkedMessage {
  /** Source topic. */
  topic: string;
  /** Source partition. */
  partition: number;
  /** Source offset. */
  offset: string;
  /** Original key. */
  key: string | Buffer | null;
  /** Original value (decoded by the transport, or raw). */
  value: unknown;
  /** Original headers. */
  headers: Record<string, unknown>;
}

/** The consumed message of a handler's context, as it is parked (`raw` is the value the handler got). */
export function consumedMessage(raw: unknown, ctx: KafkaContext): ParkedMessage {
  const message = ctx.getMessage();
  return { topic: ctx.getTopic(), partition: ctx.getPartition(), offset: message.offset, key: message.key, value: raw, headers: message.headers ?? {} };
}

/** Header names set on a dead-lettered message. */
export const DLQ_HEADERS = {
  reason: 'x-dlq-reason',
  consumer: 'x-dlq-consumer',
  topic: 'x-dlq-source-topic',
  partition: 'x-dlq-source-partition',
  offset: 'x-dlq-source-offset',
  failedAt: 'x-dlq-failed-at',
} as const;

/**
 * Parks a message that can never be processed on `<topic>.dlq`, with the reason and its origin
 * in headers, so the partition keeps moving. Resolves only once the broker has the copy.
 */
@Injectable()
export class DeadLetterQueue {
  private readonly logger = new Logger(DeadLetterQueue.name);

  constructor(private readonly producer: KafkaProducer) {}

  /** A `park` of the message a handler is consuming, for `handleRpc`. */
  parking(raw: unknown, ctx: KafkaContext, consumer: string): (reason: string) => Promise<void> {
    return (reason) => this.park(consumedMessage(raw, ctx), consumer, reason);
  }

  async park(message: ParkedMessage, consumer: string, reason: string): Promise<void> {
    // Within a batch, nothing leaves before the commit: the batch is run again message by message,
    // and the message is parked then.
    const batch = currentBatch();
    if (batch) {
      batch.abort(`${message.topic}[${message.partition}]@${message.offset} is to be parked`);
      return;
    }
    const shortReason = reason.length > 1_000 ? `${reason.slice(0, 1_000)}…` : reason;
    const headers: IHeaders = {};
    for (const [name, value] of Object.entries(message.headers)) {
      if (value === null || value === undefined) continue;
      headers[name] = Buffer.isBuffer(value) ? value : typeof value === 'string' ? value : JSON.stringify(value);
    }
    headers[DLQ_HEADERS.reason] = shortReason;
    headers[DLQ_HEADERS.consumer] = consumer;
    headers[DLQ_HEADERS.topic] = message.topic;
    headers[DLQ_HEADERS.partition] = String(message.partition);
    headers[DLQ_HEADERS.offset] = message.offset;
    headers[DLQ_HEADERS.failedAt] = new Date().toISOString();
    await this.producer.sendBatch([
      { topic: message.topic + DLQ_SUFFIX, messages: [{ key: message.key, value: encode(message.value), headers }] },
    ]);
    this.logger.warn(`parked ${message.topic}[${message.partition}]@${message.offset} for ${consumer}: ${shortReason}`);
  }
}

function encode(value: unknown): string | Buffer | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value) || typeof value === 'string') return value;
  return JSON.stringify(value);
}
