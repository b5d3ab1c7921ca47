import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { expectEventually } from '@app/test-support';
import { kafkaClientConfig, parseBrokers } from '../src/kafka/kafka-config';
import { ensureTopics, startNewGroupAtEnd } from '../src/kafka/topics-admin';

/** A new consumer group on an RPC topic starts at its end; a group with offsets keeps them. */
describe('startNewGroupAtEnd on Kafka', () => {
  const brokers = parseBrokers(process.env.TEST_KAFKA_BROKERS ?? '');
  const kafka = new Kafka(kafkaClientConfig({ brokers, clientId: 'start-at-end-test' }));
  const topic = `test.start-at-end.${randomUUID()}`;
  const send = async (...values: string[]) => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: values.map((value) => ({ value, partition: 0 })) });
    await producer.disconnect();
  };
  const committed = async (groupId: string) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return offsets!.partitions.map((p) => Number(p.offset)).sort();
    } finally {
      await admin.disconnect();
    }
  };

  beforeAll(async () => {
    await ensureTopics(brokers, [{ name: topic, partitions: 2 }]);
  });

  it('skips what was sent before the group existed, and leaves a group with offsets where it is', async () => {
    await send('old-1', 'old-2', 'old-3');
    const groupId = `start-at-end-${randomUUID()}`;
    await startNewGroupAtEnd(brokers, groupId, topic);
    expect(await committed(groupId)).toEqual([0, 3]);

    await send('new-1');
    await startNewGroupAtEnd(brokers, groupId, topic);
    expect(await committed(groupId)).toEqual([0, 3]);

    // A consumer told to read from the beginning still starts where the group was put.
    const seen: string[] = [];
    const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
    try {
      await expectEventually(() => expect(seen).toEqual(['new-1']), { timeoutMs: 30_000 });
    } finally {
      await consumer.disconnect();
    }
  });
});
