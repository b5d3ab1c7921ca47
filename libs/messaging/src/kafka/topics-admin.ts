import { Kafka } from 'kafkajs';
import type { TopicSpec } from '@app/contracts';
import { kafkaClientConfig } from './kafka-config';

/**
 * Creates the missing topics with their explicit partition counts and waits for their leaders.
 * Existing topics are left alone. Returns the names it created.
 */
export async function ensureTopics(brokers: string[], specs: TopicSpec[]): Promise<string[]> {
  const admin = new Kafka(kafkaClientConfig({ brokers, clientId: 'billing-admin' })).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({ topic: s.name, numPartitions: s.partitions, replicationFactor: 1 })),
      });
    }
    return missing.map((s) => s.name);
  } finally {
    await admin.disconnect();
  }
}
