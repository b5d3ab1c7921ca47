import type { Kafka } from 'kafkajs';

/** Produces `values` to `topic` with a producer of their own (the int-specs send a few messages at a time). */
export async function sendValues(kafka: Kafka, topic: string, ...values: string[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: values.map((value) => ({ value })) });
  } finally {
    await producer.disconnect();
  }
}
