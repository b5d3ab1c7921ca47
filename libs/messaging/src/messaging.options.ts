import type { KafkaSettings } from './kafka/kafka-config';

/** Injection token of `MessagingOptions`. */
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/** How a service's messaging plumbing behaves. */
export interface MessagingOptions {
  /** Service name: event `producer`, relay lock, log prefix. */
  service: string;
  /** Kafka connection. */
  kafka: KafkaSettings;
  /** Outbox relay tuning. */
  relay?: {
    /** Set false to leave publishing to another process (tests). */
    enabled?: boolean;
    /** Rows per batch (default 200). */
    batchSize?: number;
    /** Fallback poll interval in ms (default 500). */
    pollIntervalMs?: number;
  };
  /** Event handler retries before dead-lettering a non-transient failure. */
  retry?: {
    /** Attempts before parking the message (default 5). */
    maxAttempts?: number;
    /** First backoff in ms, doubled per attempt (default 100). */
    initialBackoffMs?: number;
    /** Backoff cap in ms (default 5000). */
    maxBackoffMs?: number;
  };
}
