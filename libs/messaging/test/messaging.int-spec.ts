import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import type { TopicMessages } from 'kafkajs';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, TOPICS, fail, ok, type OrganizationContextV1 } from '@app/contracts';
import { createServiceDatabase, expectEventually, query } from '@app/test-support';
import { sql } from '../src/database/sql';
import { serviceOrmOptions } from '../src/database/orm-options';
import { AlreadyExecutedError, BatchAbortedError, BatchTransaction, withinBatch } from '../src/batch/batch-transaction';
import { Inbox } from '../src/inbox/inbox';
import type { KafkaProducer } from '../src/kafka/kafka-producer';
import type { MessagingOptions } from '../src/messaging.options';
import { Outbox } from '../src/outbox/outbox';
import { OutboxRelay } from '../src/outbox/outbox-relay';
import { UnitOfWork } from '../src/unit-of-work';

/** Records what would have gone to Kafka; can be made to fail or to block. */
class RecordingProducer {
  sent: TopicMessages[][] = [];
  failWith: Error | null = null;
  gate: Promise<void> | null = null;
  /** Resolves when a send first waits at the gate (its relay then holds the relay lock). */
  atGate: Promise<void>;
  private arrived!: () => void;

  constructor() {
    this.atGate = new Promise((resolve) => (this.arrived = resolve));
  }

  async sendBatch(batch: TopicMessages[]): Promise<void> {
    if (this.gate) {
      this.arrived();
      await this.gate;
    }
    if (this.failWith) throw this.failWith;
    this.sent.push(batch);
  }

  get messages() {
    return this.sent.flat().flatMap((t) => t.messages.map((m) => ({ topic: t.topic, key: m.key, value: JSON.parse(String(m.value)), headers: m.headers })));
  }
}

const options: MessagingOptions = { service: 'test', kafka: { brokers: [], clientId: 'test' } };
const organization: OrganizationContextV1 = { id: randomUUID(), name: 'Org', document_number_prefix: 'ORG-0001', default_billing_entity_code: 'org' };

describe('messaging plumbing on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createServiceDatabase>>;
  let orm: MikroORM;
  let producer: RecordingProducer;
  let relay: OutboxRelay;
  let uow: UnitOfWork;
  const outbox = new Outbox('test');

  beforeAll(async () => {
    // Any service database has the messaging tables; the customers template is used here.
    db = await createServiceDatabase('customers');
    orm = await MikroORM.init(serviceOrmOptions({ databaseUrl: db.url, entities: [], migrations: [] }));
    await orm.em.fork().getConnection().execute('create table effects (id serial primary key, note text not null)');
  });

  beforeEach(async () => {
    producer = new RecordingProducer();
    relay = new OutboxRelay(orm, producer as unknown as KafkaProducer, options);
    uow = new UnitOfWork(orm, relay);
    await orm.em.fork().getConnection().execute('truncate outbox, inbox, command_log, effects');
  });

  afterAll(async () => {
    await orm.close(true);
    await db.drop();
  });

  const addEvent = (key: string, n: number) =>
    uow.run((em) => outbox.add(em, { topic: TOPICS.customers, key, type: 'customer.upserted', organizationId: organization.id, correlationId: 'c-1', payload: { n } }));

  it('publishes committed events in commit order with key, envelope and headers, then marks them', async () => {
    const first = await addEvent('k1', 1);
    await addEvent('k2', 2);
    await addEvent('k1', 3);

    await expect(relay.publishBatch()).resolves.toBe(3);

    expect(producer.messages.map((m) => [m.key, m.value.payload.n])).toEqual([
      ['k1', 1],
      ['k2', 2],
      ['k1', 3],
    ]);
    const published = producer.messages[0]!;
    expect(published.topic).toBe(TOPICS.customers);
    expect(published.value).toEqual({
      event_id: first.event_id,
      event_type: 'customer.upserted',
      event_version: 1,
      occurred_at: first.occurred_at,
      organization_id: organization.id,
      producer: 'test',
      correlation_id: 'c-1',
      payload: { n: 1 },
    });
    expect(published.headers).toEqual({ 'x-event-type': 'customer.upserted', 'x-event-id': first.event_id });
    const rows = await query<{ unpublished: string }>(db.url, 'select count(*) filter (where published_at is null) as unpublished from outbox');
    expect(rows[0]!.unpublished).toBe('0');
    await expect(relay.publishBatch()).resolves.toBe(0);
  });

  it('writes no event when the transaction rolls back', async () => {
    await expect(
      uow.run(async (em) => {
        await outbox.add(em, { topic: TOPICS.customers, key: 'k', type: 't', organizationId: organization.id, correlationId: null, payload: {} });
        throw new Error('business failure');
      }),
    ).rejects.toThrow('business failure');
    await expect(relay.publishBatch()).resolves.toBe(0);
    expect(producer.sent).toHaveLength(0);
  });

  it('wakes the relay after a commit that wrote events, and only then', async () => {
    const nudge = jest.spyOn(relay, 'nudge');
    await uow.run((em) => sql(em, "insert into effects (note) values ('no event')"));
    expect(nudge).not.toHaveBeenCalled();
    await expect(
      uow.run(async (em) => {
        await outbox.add(em, { topic: TOPICS.customers, key: 'k', type: 't', organizationId: organization.id, correlationId: null, payload: {} });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(nudge).not.toHaveBeenCalled();
    await uow.run((em) => outbox.add(em, { topic: TOPICS.customers, key: 'k', type: 't', organizationId: organization.id, correlationId: null, payload: {} }));
    expect(nudge).toHaveBeenCalledTimes(1);
  });

  it('running, publishes full batches back to back and waits for the next commit after a short one, without an empty pass', async () => {
    const looping = new OutboxRelay(orm, producer as unknown as KafkaProducer, { ...options, relay: { batchSize: 2, pollIntervalMs: 60_000 } });
    const steps: string[] = [];
    const publish = looping.publishBatch.bind(looping);
    jest.spyOn(looping, 'publishBatch').mockImplementation(async () => {
      const published = await publish();
      steps.push(`published ${published}`);
      return published;
    });
    const idle = looping['waker'].idle.bind(looping['waker']);
    jest.spyOn(looping['waker'], 'idle').mockImplementation((ms: number) => (steps.push('idle'), idle(ms)));
    looping.onApplicationBootstrap();
    try {
      await expectEventually(() => expect(steps).toEqual(['published 0', 'idle']));
      const relayed = new UnitOfWork(orm, looping);
      await relayed.run(async (em) => {
        for (let n = 0; n < 3; n++) await outbox.add(em, { topic: TOPICS.customers, key: `k${n}`, type: 't', organizationId: organization.id, correlationId: null, payload: { n } });
      });
      await expectEventually(() => expect(steps).toEqual(['published 0', 'idle', 'published 2', 'published 1', 'idle']));
      expect(producer.messages.map((m) => m.value.payload.n)).toEqual([0, 1, 2]);
    } finally {
      await looping.beforeApplicationShutdown();
    }
  });

  it('keeps rows unpublished when Kafka refuses them, and publishes them on the next batch', async () => {
    await addEvent('k1', 1);
    producer.failWith = new Error('broker down');
    await expect(relay.publishBatch()).rejects.toThrow('broker down');
    const [row] = await query<{ published_at: Date | null }>(db.url, 'select published_at from outbox');
    expect(row!.published_at).toBeNull();

    producer.failWith = null;
    await expect(relay.publishBatch()).resolves.toBe(1);
    expect(producer.messages).toHaveLength(1);
  });

  it('never publishes a row twice when two relays of the service run at once', async () => {
    for (let i = 0; i < 10; i++) await addEvent(`k${i}`, i);
    let open!: () => void;
    producer.gate = new Promise((resolve) => (open = resolve));
    const other = new OutboxRelay(orm, producer as unknown as KafkaProducer, options);

    const first = relay.publishBatch();
    // The first batch holds the relay lock while it waits on Kafka: the second relay backs off.
    // (Started before the first took the lock, the second would take it and wait at the gate.)
    await producer.atGate;
    await expect(other.publishBatch()).resolves.toBe(0);
    open();
    await expect(first).resolves.toBe(10);
    await expect(other.publishBatch()).resolves.toBe(0);
    expect(producer.messages.map((m) => m.value.payload.n).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  describe('commands', () => {
    const effect = (note: string) => (em: Parameters<Parameters<UnitOfWork['run']>[0]>[0]) => sql(em, 'insert into effects (note) values (?)', [note]);

    it('executes a command id once and answers a repeat with the stored reply', async () => {
      let executions = 0;
      const work = async (em: Parameters<Parameters<UnitOfWork['run']>[0]>[0]) => {
        executions++;
        await effect('created')(em);
        return ok({ id: 'x-1', execution: executions });
      };
      const first = await uow.runCommand(organization, 'req-1', 'things.create', work);
      const second = await uow.runCommand(organization, 'req-1', 'things.create', work);

      expect(first).toEqual({ ok: true, value: { id: 'x-1', execution: 1 } });
      expect(second).toEqual(first);
      expect(executions).toBe(1);
      expect(await query(db.url, 'select note from effects')).toEqual([{ note: 'created' }]);
    });

    it('runs the same command id once even when both arrive at the same time', async () => {
      const work = async (em: Parameters<Parameters<UnitOfWork['run']>[0]>[0]) => {
        await effect('once')(em);
        return ok({ done: true });
      };
      const replies = await Promise.all(Array.from({ length: 8 }, () => uow.runCommand(organization, 'req-par', 'things.create', work)));
      expect(replies.every((r) => r.ok)).toBe(true);
      expect(await query(db.url, 'select note from effects')).toEqual([{ note: 'once' }]);
    });

    it('rolls back a refused command entirely and lets a corrected retry with the same id run', async () => {
      const refused = await uow.runCommand(organization, 'req-2', 'things.create', async (em) => {
        await effect('partial')(em);
        await outbox.add(em, { topic: TOPICS.customers, key: 'k', type: 't', organizationId: organization.id, correlationId: null, payload: {} });
        return fail('validation_errors', { name: ['value_is_mandatory'] });
      });
      expect(refused).toEqual({ ok: false, error: { code: 'validation_errors', details: { name: ['value_is_mandatory'] } } });
      expect(await query(db.url, 'select * from effects')).toEqual([]);
      expect(await query(db.url, 'select * from outbox')).toEqual([]);
      expect(await query(db.url, 'select * from command_log')).toEqual([]);

      const retried = await uow.runCommand(organization, 'req-2', 'things.create', async (em) => {
        await effect('fixed')(em);
        return ok({ fixed: true });
      });
      expect(retried).toEqual({ ok: true, value: { fixed: true } });
    });

    it('refuses an id reused for another kind of request, without running it', async () => {
      await uow.runCommand(organization, 'req-3', 'things.create', async () => ok({}));
      let ran = false;
      const reply = await uow.runCommand(organization, 'req-3', 'things.delete', async () => {
        ran = true;
        return ok({});
      });
      expect(ran).toBe(false);
      expect(reply).toEqual({ ok: false, error: { code: 'bad_request', details: { idempotency_key: ['value_already_used'] } } });
    });

    it('scopes command ids per organization', async () => {
      const other: OrganizationContextV1 = { ...organization, id: randomUUID() };
      await uow.runCommand(organization, 'same-id', 'things.create', async (em) => (await effect('a')(em), ok({ org: 'a' })));
      const reply = await uow.runCommand(other, 'same-id', 'things.create', async (em) => (await effect('b')(em), ok({ org: 'b' })));
      expect(reply).toEqual({ ok: true, value: { org: 'b' } });
      expect((await query<{ note: string }>(db.url, 'select note from effects order by id')).map((r) => r.note)).toEqual(['a', 'b']);
    });
  });

  describe('inbox', () => {
    it('applies an event once per consumer, however often it is delivered', async () => {
      const eventId = randomUUID();
      const entry = { consumer: 'invoicing.test', eventId, topic: TOPICS.customers, partition: 2, offset: '41' };
      const apply = (em: Parameters<Parameters<UnitOfWork['run']>[0]>[0]) => sql(em, 'insert into effects (note) values (?)', ['applied']).then(() => undefined);

      await expect(new Inbox(uow).once(entry, apply)).resolves.toBe(true);
      await expect(new Inbox(uow).once({ ...entry, offset: '97' }, apply)).resolves.toBe(false);
      // Another consumer of the same service keeps its own record.
      await expect(new Inbox(uow).once({ ...entry, consumer: 'invoicing.other' }, apply)).resolves.toBe(true);

      expect(await query(db.url, 'select note from effects')).toEqual([{ note: 'applied' }, { note: 'applied' }]);
      expect(await query(db.url, 'select consumer, "partition", "offset" from inbox order by consumer')).toEqual([
        { consumer: 'invoicing.other', partition: 2, offset: '41' },
        { consumer: 'invoicing.test', partition: 2, offset: '41' },
      ]);
    });

    it('records nothing when applying fails, so a redelivery applies it', async () => {
      const entry = { consumer: 'invoicing.test', eventId: randomUUID(), topic: TOPICS.customers, partition: 0, offset: '1' };
      await expect(new Inbox(uow).once(entry, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await query(db.url, 'select * from inbox')).toEqual([]);
      await expect(new Inbox(uow).once(entry, async () => undefined)).resolves.toBe(true);
    });
  });
  describe('batches', () => {
    type Em = Parameters<Parameters<UnitOfWork['run']>[0]>[0];
    const effect = (note: string) => (em: Em) => sql(em, 'insert into effects (note) values (?)', [note]);
    const command = (id: string, note: string) => uow.runCommand(organization, id, 'things.create', async (em) => (await effect(note)(em), ok({ note })));

    it('joins the commands and events of a batch into one transaction: nothing is visible, and the relay sleeps, until the commit', async () => {
      const nudge = jest.spyOn(relay, 'nudge');
      const batch = new BatchTransaction();
      const replies = await withinBatch(batch, async () => {
        const first = await command('b-1', 'one');
        const applied = await new Inbox(uow).once({ consumer: 'test.batch', eventId: randomUUID(), topic: TOPICS.customers, partition: 0, offset: '7' }, async (em) => {
          await effect('event')(em);
          await outbox.add(em, { topic: TOPICS.customers, key: 'k', type: 't', organizationId: organization.id, correlationId: null, payload: {} });
        });
        // A repeat of a command id within the batch sees the first one's stored reply.
        const repeat = await command('b-1', 'again');
        const second = await command('b-2', 'two');
        return { first, applied, repeat, second };
      });
      expect(replies).toEqual({ first: ok({ note: 'one' }), applied: true, repeat: ok({ note: 'one' }), second: ok({ note: 'two' }) });
      expect(await query(db.url, 'select * from effects')).toEqual([]);
      expect(nudge).not.toHaveBeenCalled();

      await batch.commit();

      expect(nudge).toHaveBeenCalledTimes(1);
      const rows = await query<{ note: string; tx: string }>(db.url, 'select note, xmin::text as tx from effects order by id');
      expect(rows.map((r) => r.note)).toEqual(['one', 'event', 'two']);
      expect(new Set(rows.map((r) => r.tx)).size).toBe(1);
      expect(await query(db.url, 'select count(*)::int as n from command_log')).toEqual([{ n: 2 }]);
    });

    const event = (eventId: string, offset: string, note: string) =>
      new Inbox(uow).once({ consumer: 'test.batch', eventId, topic: TOPICS.customers, partition: 1, offset }, async (em) => void (await effect(note)(em)));
    const notes = async () => (await query<{ note: string }>(db.url, 'select note from effects order by id')).map((r) => r.note);

    it('writes the outbox, inbox and command-log rows of a batch at its commit, in the order they came', async () => {
      const eventIds = [randomUUID(), randomUUID()];
      const batch = new BatchTransaction();
      await withinBatch(batch, async () => {
        for (const i of [0, 1]) {
          await uow.runCommand(organization, `o-${i}`, 'things.create', async (em) => {
            await outbox.add(em, { topic: TOPICS.customers, key: `command-${i}`, type: 't', organizationId: organization.id, correlationId: null, payload: { i } });
            return ok({ i });
          });
          await new Inbox(uow).once({ consumer: 'test.batch', eventId: eventIds[i]!, topic: TOPICS.customers, partition: 3, offset: String(10 + i) }, async (em) => {
            await outbox.add(em, { topic: TOPICS.customers, key: `event-${i}`, type: 't', organizationId: organization.id, correlationId: null, payload: { i } });
          });
        }
      });
      await batch.commit();

      const rows = await query<{ key: string; value: string; headers: Record<string, string> }>(db.url, 'select key, value, headers from outbox order by seq');
      expect(rows.map((r) => r.key)).toEqual(['command-0', 'event-0', 'command-1', 'event-1']);
      const envelope = JSON.parse(rows[3]!.value);
      expect(envelope).toMatchObject({ event_type: 't', organization_id: organization.id, payload: { i: 1 } });
      expect(rows[3]!.headers).toEqual({ [EVENT_TYPE_HEADER]: 't', [EVENT_ID_HEADER]: envelope.event_id });
      expect(await query(db.url, 'select consumer, event_id, "partition", "offset" from inbox order by "offset"')).toEqual([
        { consumer: 'test.batch', event_id: eventIds[0], partition: 3, offset: '10' },
        { consumer: 'test.batch', event_id: eventIds[1], partition: 3, offset: '11' },
      ]);
      expect(await query(db.url, 'select request_id, request_type, reply from command_log order by request_id')).toEqual([
        { request_id: 'o-0', request_type: 'things.create', reply: { ok: true, value: { i: 0 } } },
        { request_id: 'o-1', request_type: 'things.create', reply: { ok: true, value: { i: 1 } } },
      ]);
      // Stored as the single path stores them: a repeat outside a batch gets the reply, an event is not applied again.
      let ran = false;
      await expect(uow.runCommand(organization, 'o-1', 'things.create', async () => ((ran = true), ok({ i: 9 })))).resolves.toEqual(ok({ i: 1 }));
      await expect(event(eventIds[0]!, '10', 'again')).resolves.toBe(false);
      expect(ran).toBe(false);
      expect(await notes()).toEqual([]);
    });

    it('applies an event met twice in one batch once', async () => {
      const eventId = randomUUID();
      const batch = new BatchTransaction();
      const outcomes = await withinBatch(batch, async () => [await event(eventId, '1', 'first'), await event(eventId, '2', 'second')]);
      await batch.commit();
      expect(outcomes).toEqual([true, false]);
      expect(await notes()).toEqual(['first']);
      expect(await query(db.url, 'select "offset" from inbox')).toEqual([{ offset: '1' }]);
    });

    it('fails the commit of a batch holding an event applied before, keeping nothing of the batch; alone, each event is checked', async () => {
      const before = randomUUID();
      const fresh = randomUUID();
      await event(before, '1', 'before');
      const batch = new BatchTransaction();
      await withinBatch(batch, async () => {
        await event(fresh, '2', 'fresh');
        await event(before, '1', 'redelivered');
      });
      await expect(batch.commit()).rejects.toThrow(AlreadyExecutedError);
      await batch.rollback();
      expect(await notes()).toEqual(['before']);
      await expect(event(fresh, '2', 'fresh')).resolves.toBe(true);
      await expect(event(before, '1', 'redelivered')).resolves.toBe(false);
      expect(await notes()).toEqual(['before', 'fresh']);
    });

    it('fails the commit of a batch holding a command run before, keeping nothing of the batch; alone, the repeat gets the stored reply', async () => {
      await command('done-before', 'first');
      const batch = new BatchTransaction();
      const replies = await withinBatch(batch, async () => [await command('new-1', 'new'), await command('done-before', 'again')]);
      // Inside the batch the repeat was executed (the check waits for the commit), so its reply must never leave.
      expect(replies).toEqual([ok({ note: 'new' }), ok({ note: 'again' })]);
      await expect(batch.commit()).rejects.toThrow(AlreadyExecutedError);
      await batch.rollback();
      expect(await notes()).toEqual(['first']);
      expect(await query(db.url, 'select request_id from command_log')).toEqual([{ request_id: 'done-before' }]);
      await expect(command('new-1', 'new')).resolves.toEqual(ok({ note: 'new' }));
      await expect(command('done-before', 'again')).resolves.toEqual(ok({ note: 'first' }));
      expect(await notes()).toEqual(['first', 'new']);
    });

    it('aborts the batch on a refusal: after the rollback nothing remains, and the commands run again on their own', async () => {
      const nudge = jest.spyOn(relay, 'nudge');
      const batch = new BatchTransaction();
      await withinBatch(batch, async () => {
        await uow.run(async (em) => {
          await effect('kept only if committed')(em);
          await outbox.add(em, { topic: TOPICS.customers, key: 'k', type: 't', organizationId: organization.id, correlationId: null, payload: {} });
        });
        const refused = await uow.runCommand(organization, 'b-3', 'things.create', async (em) => (await effect('refused')(em), fail('validation_errors', { name: ['value_is_mandatory'] })));
        expect(refused.ok).toBe(false);
        expect(batch.aborted).toMatch(/rollback/);
        // Work after the abort does not join the doomed transaction.
        await expect(command('b-4', 'late')).rejects.toThrow(BatchAbortedError);
      });
      await expect(batch.commit()).rejects.toThrow(BatchAbortedError);
      await batch.rollback();

      expect(await query(db.url, 'select * from effects')).toEqual([]);
      expect(await query(db.url, 'select * from outbox')).toEqual([]);
      expect(await query(db.url, 'select * from command_log')).toEqual([]);
      expect(nudge).not.toHaveBeenCalled();
      await expect(command('b-4', 'alone')).resolves.toEqual(ok({ note: 'alone' }));
      expect(await query(db.url, 'select note from effects')).toEqual([{ note: 'alone' }]);
    });
  });
});
