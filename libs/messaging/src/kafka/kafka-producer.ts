import { Logger } from '@nestjs/common';
import { Kafka, type Producer, type TopicMessages } from 'kafkajs';
import { kafkaClientConfig, type KafkaSettings } from './kafka-config';

/**
 * One idempotent kafkajs producer per process (`acks=all`, one request in flight), used by the
 * outbox relay and the dead-letter queue. Connects lazily and reconnects after a failure.
 */
export class KafkaProducer {
  private readonly logger = new Logger(KafkaProducer.name);
  private readonly kafka: Kafka;
  private producer: Producer | null = null;
  private connecting: Promise<Producer> | null = null;

  constructor(settings: KafkaSettings) {
    this.kafka = new Kafka(kafkaClientConfig({ ...settings, clientId: `${settings.clientId}-producer` }));
  }

  /** Sends messages to several topics in one request; resolves once every broker acknowledged. */
  async sendBatch(topicMessages: TopicMessages[]): Promise<void> {
    const producer = await this.connected();
    try {
      await producer.sendBatch({ topicMessages, acks: -1 });
    } catch (error) {
      // A broken connection leaves the producer unusable: drop it so the next call reconnects.
      await this.reset();
      throw error;
    }
  }

  /** Disconnects; safe to call when never connected. */
  async close(): Promise<void> {
    await this.reset();
  }

  private connected(): Promise<Producer> {
    if (this.producer) return Promise.resolve(this.producer);
    if (!this.connecting) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      this.connecting = producer
        .connect()
        .then(() => {
          this.producer = producer;
          return producer;
        })
        .finally(() => {
          this.connecting = null;
        });
    }
    return this.connecting;
  }

  private async reset(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    if (producer) {
      await producer.disconnect().catch((error: unknown) => this.logger.warn(`producer disconnect failed: ${String(error)}`));
    }
  }
}
