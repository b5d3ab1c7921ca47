import { allTopicSpecs } from '@app/contracts';
import { ensureTopics, parseBrokers } from '@app/messaging';

/** Creates every topic of the system with its explicit partition count (idempotent). */
void (async () => {
  const brokers = parseBrokers(process.env.KAFKA_BROKERS ?? '127.0.0.1:9092');
  const created = await ensureTopics(brokers, allTopicSpecs());
  console.log(created.length ? `topics created: ${created.join(', ')}` : 'topics: all present');
})().catch((error: unknown) => {
  console.error('topic creation failed:', error);
  process.exit(1);
});
