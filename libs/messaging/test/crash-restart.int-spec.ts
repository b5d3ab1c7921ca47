import { randomUUID } from 'node:crypto';
import { Kafka, KafkaJSNonRetriableError, type Consumer, type ConsumerCrashEvent } from 'kafkajs';
import { expectEventually } from '@app/test-support';
import { kafkaClientConfig, parseBrokers } from '../src/kafka/kafka-config';
import { ensureTopics } from '../src/kafka/topics-admin';
import { sendValues } from './send-values';
import { KafkaServer } from '../src/service/kafka-server';

/**
 * A consumer crash kafkajs will not restart, on the real broker, through the server every service
 * runs on: after it, the server consumes again by itself. (Left to kafkajs, the consumer stays
 * disconnected while the process stays up: the fault behind a service that answered nothing
 * after a broker restart.) The crash is forced with the error kafkajs gave up on then.
 */
describe('KafkaServer after a crash kafkajs does not restart, on Kafka', () => {
  const brokers = parseBrokers(process.env.TEST_KAFKA_BROKERS ?? '');
  const kafka = new Kafka(kafkaClientConfig({ brokers, clientId: 'crash-test' }));
  const run = randomUUID();
  const topic = `test.crash.${run}`;
  let server: KafkaServer | undefined;

  beforeAll(async () => {
    await ensureTopics(brokers, [{ name: topic, partitions: 1 }]);
  });

  afterAll(async () => {
    await server?.close();
  });

  const send = (...values: string[]) => sendValues(kafka, topic, ...values);

  it('consumes again after the crash, from the message that crashed it', async () => {
    server = new KafkaServer({
      client: kafkaClientConfig({ brokers, clientId: `crash-${run}` }),
      consumer: { groupId: `crash-${run}`, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 200, allowAutoTopicCreation: false },
      subscribe: { fromBeginning: true },
      producer: { allowAutoTopicCreation: false },
      postfixId: '',
    });
    const handled: string[] = [];
    let calls = 0;
    server.addHandler(
      topic,
      async (value: unknown) => {
        calls++;
        if (calls === 1) throw new KafkaJSNonRetriableError('Failed to find group coordinator');
        handled.push(String(value));
      },
      true,
    );
    await new Promise<void>((resolve, reject) => server!.listen((error?: unknown) => (error ? reject(error) : resolve())));
    const [, consumer] = server.unwrap<[Kafka, Consumer]>();
    const crashes: ConsumerCrashEvent['payload'][] = [];
    consumer.on(consumer.events.CRASH, (event: ConsumerCrashEvent) => void crashes.push(event.payload));

    // One message alone (a batch of one is handled on its own), so the error reaches kafkajs.
    await send('first');

    // The crash was of the kind kafkajs leaves stopped...
    await expectEventually(() => expect(crashes.map((c) => [c.error.message, c.restart])).toEqual([['Failed to find group coordinator', false]]), { timeoutMs: 30_000 });
    // ...and the server reads on: the message that crashed it once more (its offset was never committed), then a new one.
    await expectEventually(() => expect(handled).toEqual(['first']), { timeoutMs: 30_000 });
    await send('second');
    await expectEventually(() => expect(handled).toEqual(['first', 'second']), { timeoutMs: 30_000 });
    expect(calls).toBe(3);
  });
});
