import { randomUUID } from 'node:crypto';
import { Kafka, type Consumer } from 'kafkajs';
import { expectEventually } from '@app/test-support';
import { kafkaClientConfig, parseBrokers } from '../src/kafka/kafka-config';
import { ensureTopics } from '../src/kafka/topics-admin';
import { sendValues } from './send-values';

/**
 * What `KafkaServer.bindEvents` relies on, on the real broker: kafkajs keeps `fromBeginning` per
 * subscribed topic, so one consumer of a new group reads its event topics from the start and its
 * RPC topic only from the end (a command sent before the group existed is never executed).
 */
describe('per-topic start of a new consumer group, on Kafka', () => {
  const brokers = parseBrokers(process.env.TEST_KAFKA_BROKERS ?? '');
  const kafka = new Kafka(kafkaClientConfig({ brokers, clientId: 'subscriptions-test' }));
  const run = randomUUID();
  const events = `test.events.${run}`;
  const commands = `test.rpc.${run}`;
  let consumer: Consumer | undefined;

  const send = (topic: string, ...values: string[]) => sendValues(kafka, topic, ...values);

  beforeAll(async () => {
    await ensureTopics(brokers, [
      { name: events, partitions: 2 },
      { name: commands, partitions: 2 },
    ]);
  });

  afterAll(async () => {
    await consumer?.disconnect();
  });

  it('reads the event topic from its beginning and the RPC topic from its end', async () => {
    await send(events, 'event-before');
    await send(commands, 'command-before');

    const seen: string[] = [];
    consumer = kafka.consumer({ groupId: `subscriptions-${run}`, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 200 });
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => void (joined = true));
    await consumer.connect();
    await consumer.subscribe({ topics: [events], fromBeginning: true });
    await consumer.subscribe({ topics: [commands], fromBeginning: false });
    await consumer.run({ eachMessage: async ({ topic, message }) => void seen.push(`${topic === events ? 'events' : 'rpc'}:${String(message.value)}`) });
    await expectEventually(() => expect(joined).toBe(true), { timeoutMs: 30_000 });
    // The group's positions on the RPC topic are resolved (to its end) before anything new is sent.
    await expectEventually(() => expect(seen).toContain('events:event-before'), { timeoutMs: 30_000 });

    await send(commands, 'command-after');
    await send(events, 'event-after');
    await expectEventually(() => expect([...seen].sort()).toEqual(['events:event-after', 'events:event-before', 'rpc:command-after']), { timeoutMs: 30_000 });
  });
});
