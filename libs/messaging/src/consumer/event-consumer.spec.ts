import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CUSTOMER_EVENTS, CustomerV1, TOPICS, type EventEnvelope } from '@app/contracts';
import { fakeKafkaContext } from '@app/test-support/kafka-context';
import type { Inbox, InboxEntry } from '../inbox/inbox';
import type { MessagingOptions } from '../messaging.options';
import type { DeadLetterQueue, ParkedMessage } from './dead-letter-queue';
import { EventConsumer, type EventConsumerSpec } from './event-consumer';

const CONSUMER = 'event-consumer-spec.customer-replica';
const ORGANIZATION_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const OPTIONS: MessagingOptions = { service: 'test', kafka: { brokers: [], clientId: 't' }, retry: { maxAttempts: 3, initialBackoffMs: 1, maxBackoffMs: 2 } };

const fakeEm = { name: 'fake entity manager' } as unknown as EntityManager;

/** Inbox that runs the work with `fakeEm`, or reports a duplicate without running it. */
class FakeInbox {
  readonly entries: InboxEntry[] = [];
  constructor(private readonly alreadyProcessed = false) {}

  async once(entry: InboxEntry, apply: (em: EntityManager) => Promise<void>): Promise<boolean> {
    this.entries.push(entry);
    if (this.alreadyProcessed) return false;
    await apply(fakeEm);
    return true;
  }
}

class FakeDeadLetters {
  readonly parked: { message: ParkedMessage; consumer: string; reason: string }[] = [];

  async park(message: ParkedMessage, consumer: string, reason: string): Promise<void> {
    this.parked.push({ message, consumer, reason });
  }
}

/** A handler whose `apply` runs the given outcomes in turn (an Error is thrown), then succeeds. */
function handler(...failures: Error[]) {
  const calls: { em: EntityManager; event: EventEnvelope<CustomerV1> }[] = [];
  const apply = async (em: EntityManager, event: EventEnvelope<CustomerV1>) => {
    calls.push({ em, event });
    const failure = failures[calls.length - 1];
    if (failure) throw failure;
  };
  const spec: EventConsumerSpec = { consumer: CONSUMER, handlers: { [CUSTOMER_EVENTS.upserted]: { payload: CustomerV1, apply } } };
  return { spec, calls };
}

/** Handler that fails on every call. */
function alwaysFailing(error: Error) {
  return handler(...Array.from({ length: 50 }, () => error));
}

const transient = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

function customerPayload(): Record<string, unknown> {
  return {
    lago_id: randomUUID(),
    billing_entity_code: 'event_consumer_spec',
    external_id: 'event-consumer-spec-1',
    account_type: 'customer',
    name: 'Foo Bar',
    sequential_id: 1,
    slug: 'EVE-7C6D-001',
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    applicable_timezone: 'UTC',
    finalize_zero_amount_invoice: 'inherit',
    billing_configuration: {},
    shipping_address: {},
    skip_invoice_custom_sections: false,
    metadata: [],
  };
}

function message(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    event_id: randomUUID(),
    event_type: CUSTOMER_EVENTS.upserted,
    event_version: 1,
    occurred_at: '2026-01-01T00:00:00Z',
    organization_id: ORGANIZATION_ID,
    producer: 'customers',
    correlation_id: null,
    payload: customerPayload(),
    ...overrides,
  });
}

describe('EventConsumer.consume', () => {
  let inbox: FakeInbox;
  let deadLetters: FakeDeadLetters;

  const consumer = () => new EventConsumer(inbox as unknown as Inbox, deadLetters as unknown as DeadLetterQueue, OPTIONS);
  const ctx = (value: string) => fakeKafkaContext(value, { topic: TOPICS.customers, partition: 2, offset: '41', key: 'k-1' });

  beforeEach(() => {
    inbox = new FakeInbox();
    deadLetters = new FakeDeadLetters();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('applies a valid event once through the inbox and hands the handler the payload', async () => {
    const { spec, calls } = handler();
    const value = message();
    const sent = JSON.parse(value);

    await expect(consumer().consume(value, ctx(value), spec)).resolves.toBe('applied');

    expect(calls).toHaveLength(1);
    expect(calls[0].em).toBe(fakeEm);
    expect(calls[0].event.event_id).toBe(sent.event_id);
    expect(calls[0].event.payload).toEqual(sent.payload);
    expect(inbox.entries).toStrictEqual([{ consumer: CONSUMER, eventId: sent.event_id, topic: TOPICS.customers, partition: 2, offset: '41' }]);
    expect(deadLetters.parked).toHaveLength(0);
  });

  it('reports a duplicate when the inbox has already processed the event, without calling the handler', async () => {
    inbox = new FakeInbox(true);
    const { spec, calls } = handler();
    const value = message();

    await expect(consumer().consume(value, ctx(value), spec)).resolves.toBe('duplicate');

    expect(calls).toHaveLength(0);
    expect(deadLetters.parked).toHaveLength(0);
  });

  it('ignores an event type it has no handler for', async () => {
    const { spec, calls } = handler();
    const value = message({ event_type: CUSTOMER_EVENTS.deleted });

    await expect(consumer().consume(value, ctx(value), spec)).resolves.toBe('ignored');

    expect(calls).toHaveLength(0);
    expect(inbox.entries).toHaveLength(0);
    expect(deadLetters.parked).toHaveLength(0);
  });

  it('parks an invalid value with its reason and origin, never calling the handler', async () => {
    const { spec, calls } = handler();
    const value = 'not json at all';

    await expect(consumer().consume(value, ctx(value), spec)).resolves.toBe('parked');

    expect(calls).toHaveLength(0);
    expect(inbox.entries).toHaveLength(0);
    expect(deadLetters.parked).toHaveLength(1);
    const [parked] = deadLetters.parked;
    expect(parked.consumer).toBe(CONSUMER);
    expect(parked.reason).toBe('value is not JSON');
    expect(parked.message).toMatchObject({ topic: TOPICS.customers, partition: 2, offset: '41', key: 'k-1', value });
  });

  it('parks an event whose payload breaks the contract', async () => {
    const { spec, calls } = handler();
    const value = message({ payload: { ...customerPayload(), lago_id: 'not-a-uuid' } });

    await expect(consumer().consume(value, ctx(value), spec)).resolves.toBe('parked');

    expect(calls).toHaveLength(0);
    expect(deadLetters.parked[0].reason).toContain('lago_id');
  });

  it('parks after exactly maxAttempts (3) attempts when the handler always fails with a non-transient error', async () => {
    const { spec, calls } = alwaysFailing(new TypeError('replica mapping bug'));
    const value = message();

    await expect(consumer().consume(value, ctx(value), spec)).resolves.toBe('parked');

    expect(calls).toHaveLength(3);
    expect(deadLetters.parked).toHaveLength(1);
    expect(deadLetters.parked[0].reason).toContain('failed after 3 attempts');
    expect(deadLetters.parked[0].reason).toContain('replica mapping bug');
    expect(deadLetters.parked[0].consumer).toBe(CONSUMER);
  });

  it('applies when the handler fails twice and then succeeds, without parking', async () => {
    const { spec, calls } = handler(new Error('first'), new Error('second'));
    const value = message();

    await expect(consumer().consume(value, ctx(value), spec)).resolves.toBe('applied');

    expect(calls).toHaveLength(3);
    expect(deadLetters.parked).toHaveLength(0);
  });

  it('retries transient errors beyond maxAttempts: 5 ECONNREFUSED then success is applied, not parked', async () => {
    const { spec, calls } = handler(transient(), transient(), transient(), transient(), transient());
    const value = message();

    await expect(consumer().consume(value, ctx(value), spec)).resolves.toBe('applied');

    expect(calls).toHaveLength(6);
    expect(deadLetters.parked).toHaveLength(0);
  });

  it('after beforeApplicationShutdown, a failing handler makes consume reject so the offset is not committed', async () => {
    const failure = new Error('database went away mid-shutdown');
    const { spec, calls } = alwaysFailing(failure);
    const value = message();
    const subject = consumer();

    subject.beforeApplicationShutdown();

    await expect(subject.consume(value, ctx(value), spec)).rejects.toBe(failure);
    expect(calls).toHaveLength(1);
    expect(deadLetters.parked).toHaveLength(0);
  });

  it('after beforeApplicationShutdown, a transient failure also rejects instead of retrying forever', async () => {
    const { spec, calls } = alwaysFailing(transient());
    const value = message();
    const subject = consumer();

    subject.beforeApplicationShutdown();

    await expect(subject.consume(value, ctx(value), spec)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(calls).toHaveLength(1);
  });
});
