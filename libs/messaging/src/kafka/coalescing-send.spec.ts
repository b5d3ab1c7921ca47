import type { Producer, ProducerBatch, ProducerRecord, RecordMetadata } from 'kafkajs';
import { coalesceSends } from './coalescing-send';

/** A producer whose requests stay in flight until the test settles them. */
function fakeProducer() {
  const requests: { batch: ProducerBatch; resolve: (m: RecordMetadata[]) => void; reject: (e: unknown) => void }[] = [];
  const direct: ProducerRecord[] = [];
  const producer = {
    send: (record: ProducerRecord) => {
      direct.push(record);
      return Promise.resolve([]);
    },
    sendBatch: (batch: ProducerBatch) => new Promise<RecordMetadata[]>((resolve, reject) => requests.push({ batch, resolve, reject })),
  } as Pick<Producer, 'send' | 'sendBatch'>;
  return { producer: coalesceSends(producer, 10), requests, direct };
}

const metadata = (topicName: string, partition = 0): RecordMetadata => ({ topicName, partition, errorCode: 0 });
const tick = () => new Promise((resolve) => setImmediate(resolve));
const topics = (batch: ProducerBatch) => batch.topicMessages!.map((t) => `${t.topic}:${t.messages.map((m) => String(m.value)).join(',')}`);

describe('coalesceSends', () => {
  it('sends at once when idle, and everything sent meanwhile in one next request, in order', async () => {
    const { producer, requests } = fakeProducer();

    const first = producer.send({ topic: 'a', messages: [{ value: '1' }] });
    const second = producer.send({ topic: 'b', messages: [{ value: '2' }] });
    const third = producer.sendBatch({ topicMessages: [{ topic: 'a', messages: [{ value: '3' }] }] });
    expect(requests.map((r) => topics(r.batch))).toStrictEqual([['a:1']]);
    requests[0]!.resolve([metadata('a')]);
    await first;
    await tick();

    expect(requests.map((r) => topics(r.batch))).toStrictEqual([['a:1'], ['b:2', 'a:3']]);
    requests[1]!.resolve([metadata('b'), metadata('a', 1)]);
    await expect(second).resolves.toStrictEqual([metadata('b')]);
    await expect(third).resolves.toStrictEqual([metadata('a', 1)]);
  });

  it('a failed request rejects exactly the sends it carried; the next request still goes', async () => {
    const { producer, requests } = fakeProducer();
    const first = producer.send({ topic: 'a', messages: [{ value: '1' }] });
    const second = producer.send({ topic: 'a', messages: [{ value: '2' }] });
    const third = producer.send({ topic: 'a', messages: [{ value: '3' }] });

    requests[0]!.reject(new Error('broker gone'));
    await expect(first).rejects.toThrow('broker gone');
    await tick();
    requests[1]!.resolve([metadata('a')]);

    await expect(second).resolves.toStrictEqual([metadata('a')]);
    await expect(third).resolves.toStrictEqual([metadata('a')]);
    expect(requests).toHaveLength(2);
  });

  it('keeps a request within the byte limit, and a send over it goes alone', async () => {
    const { producer, requests } = fakeProducer();
    const sends = [
      producer.send({ topic: 'a', messages: [{ value: '0' }] }),
      producer.send({ topic: 'a', messages: [{ value: '123456' }] }),
      producer.send({ topic: 'a', messages: [{ value: '7890' }] }),
      producer.send({ topic: 'a', messages: [{ value: 'x'.repeat(11) }] }),
      producer.send({ topic: 'a', messages: [{ value: 'y' }] }),
    ];

    for (let i = 0; i < 4; i += 1) {
      requests[i]!.resolve([]);
      await tick();
    }
    await Promise.all(sends);

    expect(requests.map((r) => topics(r.batch))).toStrictEqual([['a:0'], ['a:123456', 'a:7890'], [`a:${'x'.repeat(11)}`], ['a:y']]);
  });

  it('leaves a send with its own acks, timeout or compression, and an empty one, to the original', async () => {
    const { producer, requests, direct } = fakeProducer();

    await producer.send({ topic: 'a', messages: [{ value: '1' }], acks: 1 });
    await producer.send({ topic: 'a', messages: [] });

    expect(direct).toStrictEqual([
      { topic: 'a', messages: [{ value: '1' }], acks: 1 },
      { topic: 'a', messages: [] },
    ]);
    expect(requests).toHaveLength(0);
  });
});
