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

/**
 * Makes a consumer group that has never committed on `topic` start at the topic's current end:
 * what was sent before it existed is not its business. For RPC topics: a new group (a first
 * deployment, a fresh test stack) must not execute other groups' commands that are still within
 * their deadline. A group with committed offsets is left alone, so a restart resumes where it was.
 */
export async function startNewGroupAtEnd(brokers: string[], groupId: string, topic: string): Promise<void> {
  const admin = new Kafka(kafkaClientConfig({ brokers, clientId: 'billing-admin' })).admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    if (committed?.partitions.some((p) => Number(p.offset) >= 0)) return;
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({ groupId, topic, partitions: ends.map((e) => ({ partition: e.partition, offset: e.high })) });
  } catch (error) {
    // Another replica of a new group joined first: it has already decided where the group starts.
    if (!/not empty|rebalanc/i.test((error as Error).message)) throw error;
  } finally {
    await admin.disconnect();
  }
}
