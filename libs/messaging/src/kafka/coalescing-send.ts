import type { Producer, ProducerBatch, ProducerRecord, RecordMetadata, TopicMessages } from 'kafkajs';
import { chunksWithin, PRODUCE_REQUEST_BYTES, valueBytes } from './byte-chunks';

interface Waiting {
  topicMessages: TopicMessages[];
  bytes: number;
  resolve: (metadata: RecordMetadata[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Makes a kafkajs producer merge what is sent while one of its produce requests is in flight
 * into its next request ("natural batching"): one request at a time, carrying everything that
 * queued behind the one before. An idle producer sends at once, so nothing waits for a timer; a
 * loaded one makes one request where it made one per `send`. Each request keeps within
 * `maxBytes` of values, and a send larger than that travels alone, so the broker's refusal of one
 * oversized message cannot fail the sends that would have shared its request.
 *
 * Its `send` and `sendBatch` are replaced in place. A failed request rejects exactly the sends it
 * carried; each resolves with the metadata of its own topics. A send that sets its own `acks`,
 * `timeout` or compression is not merged: it goes out on its own, as before.
 */
export function coalesceSends<P extends Pick<Producer, 'send' | 'sendBatch'>>(producer: P, maxBytes = PRODUCE_REQUEST_BYTES): P {
  const send = producer.send.bind(producer);
  const sendBatch = producer.sendBatch.bind(producer);
  let queue: Waiting[] = [];
  let sending = false;

  const next = (): void => {
    if (sending || queue.length === 0) return;
    const [request, ...rest] = chunksWithin(queue, (w) => w.bytes, maxBytes) as [Waiting[], ...Waiting[][]];
    queue = rest.flat();
    sending = true;
    sendBatch({ topicMessages: request.flatMap((w) => w.topicMessages) })
      .then(
        (metadata) => {
          for (const waiting of request) {
            const topics = new Set(waiting.topicMessages.map((t) => t.topic));
            waiting.resolve(metadata.filter((m) => topics.has(m.topicName)));
          }
        },
        (error: unknown) => {
          for (const waiting of request) waiting.reject(error);
        },
      )
      .finally(() => {
        sending = false;
        next();
      });
  };

  const enqueue = (topicMessages: TopicMessages[]): Promise<RecordMetadata[]> =>
    new Promise((resolve, reject) => {
      const bytes = topicMessages.reduce((sum, t) => sum + t.messages.reduce((s, m) => s + valueBytes(m), 0), 0);
      queue.push({ topicMessages, bytes, resolve, reject });
      next();
    });

  producer.send = (record: ProducerRecord) =>
    onlyKeys(record, 'topic', 'messages') && record.messages?.length > 0 ? enqueue([{ topic: record.topic, messages: record.messages }]) : send(record);
  producer.sendBatch = (batch: ProducerBatch) =>
    onlyKeys(batch, 'topicMessages') && batch.topicMessages?.some((t) => t.messages?.length > 0) ? enqueue(batch.topicMessages) : sendBatch(batch);
  return producer;
}

function onlyKeys(value: object, ...keys: string[]): boolean {
  return Object.entries(value).every(([key, v]) => v === undefined || keys.includes(key));
}
