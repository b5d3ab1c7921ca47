import { randomUUID } from 'node:crypto';
import { AssignerProtocol, Kafka, type Admin } from 'kafkajs';
import { allTopicSpecs, DLQ_SUFFIX, EVENT_ID_HEADER, PAYMENT_EVENTS, RPC_TOPICS, TOPICS } from '@app/contracts';
import { ensureTopics, kafkaClientConfig, parseBrokers } from '@app/messaging';
import { expectEventually, migrateTemplates, PrivateKafka, PrivatePostgres, query, SERVICES, type Service } from '@app/test-support';
import {
  accepts,
  committedOffsets,
  consumerGroupsReport,
  expectReplicasMatchOwners,
  GatewayTraffic,
  interleave,
  kafkaAdmin,
  TopicReader,
  UNAVAILABLE,
  WebhookSink,
  withAppLogs,
  type Exchange,
} from './support/faults';
import { gatewayClient, TestStack, type SeededOrganization } from './support/test-stack';

jest.setTimeout(240_000);

/** Every service that consumes Kafka topics: all but the gateway, which only reads its replies. */
type Consumer = Exclude<Service, 'gateway'>;
const CONSUMERS = SERVICES.filter((s): s is Consumer => s !== 'gateway');

/**
 * Faults against the real broker and PostgreSQL, on a broker and a PostgreSQL cluster of this
 * file's own (they are stopped and restarted here; the shared test infrastructure never is):
 * poison messages on every consumed topic, an owner killed between commit and publish,
 * consumers killed mid-traffic, a graceful stop of every app, and the broker and the database
 * restarted under traffic. After each fault every replica must match its owner, with every
 * event applied once (see expectReplicasMatchOwners).
 */
describe('faults, end to end', () => {
  let kafka: PrivateKafka | undefined;
  let pg: PrivatePostgres | undefined;
  let stack: TestStack;
  let sink: WebhookSink;
  let admin: Admin;
  let org: SeededOrganization;
  let api: ReturnType<typeof gatewayClient>;
  let traffic: () => GatewayTraffic;

  beforeAll(async () => {
    const [startedKafka, startedPg] = await Promise.allSettled([PrivateKafka.start(), PrivatePostgres.start()]);
    if (startedKafka.status === 'fulfilled') kafka = startedKafka.value;
    if (startedPg.status === 'fulfilled') pg = startedPg.value;
    if (!kafka || !pg) throw new Error(`private infrastructure did not start: ${[startedKafka, startedPg].map((s) => (s.status === 'rejected' ? String(s.reason) : 'ok')).join('; ')}`);
    await Promise.all([ensureTopics(parseBrokers(kafka.brokers), allTopicSpecs()), migrateTemplates(pg.url)]);
    sink = await WebhookSink.start();
    stack = await TestStack.start({
      kafkaBrokers: kafka.brokers,
      databaseServerUrl: pg.url,
      // Deliveries held by the sink in the graceful-stop test must not time out meanwhile; a
      // delivery whose outcome was lost with the database is resent once its lease (twice the
      // longest timeout, plus 5 s) runs out.
      env: { gateway: { RPC_TIMEOUT_MS: '4000' }, webhooks: { WEBHOOK_TIMEOUT_MS: '5000', SMTP_TIMEOUT_MS: '2000' } },
    });
    admin = await kafkaAdmin(kafka.brokers);
    org = await stack.seedOrganization('Faults Org');
    api = gatewayClient(stack.gatewayUrl, org.apiKey);
    traffic = () => new GatewayTraffic(() => stack.gatewayUrl, org.apiKey);
    expect((await api('POST', '/api/v1/webhook_endpoints', { webhook_endpoint: { webhook_url: sink.url, signature_algo: 'hmac' } })).status).toBe(200);
    expect((await api('POST', '/api/v1/add_ons', { add_on: { name: 'Fee', code: 'fee', amount_cents: 1000, amount_currency: 'EUR' } })).status).toBe(200);
  });

  afterAll(async () => {
    // Everything is released even when a step fails (the database may be down after a failure).
    await pg?.resume().catch(() => undefined);
    const released = await Promise.allSettled([admin?.disconnect(), stack?.stop(), sink?.close()]);
    await Promise.allSettled([kafka?.dispose(), pg?.dispose()]);
    for (const outcome of released) if (outcome.status === 'rejected') throw outcome.reason;
  });

  // A failed test leaves nothing down behind it: the next starts from a running stack.
  beforeEach(async () => {
    stack.apps.customers.resume();
    await Promise.all([kafka!.resume(), pg!.resume()]);
    await Promise.all(CONSUMERS.filter((s) => !stack.apps[s].running).map((s) => stack.apps[s].start()));
    if (!stack.apps.gateway.running) await stack.apps.gateway.start();
  });

  const groupOf = (service: Consumer) => `e2e-${service}-${stack.runId}`;
  const customer = (externalId: string, name: string) => ({ customer: { external_id: externalId, name, email: `${externalId}@faults.test`, currency: 'EUR', net_payment_term: 0 } });
  const upserts = (t: GatewayTraffic, prefix: string, count: number, distinct: number) =>
    Array.from({ length: count }, (_, i) => () => t.send('customer', 'POST', '/api/v1/customers', customer(`${prefix}-${i % distinct}`, `${prefix} ${i}`)));
  /** `step`, whose failure message also shows the consumer groups and the apps' noteworthy log lines. */
  const diagnosed = <T>(step: () => Promise<T>) => withAppLogs(stack, () => consumerGroupsReport(admin, CONSUMERS.map(groupOf)), step);
  const consistent = (organizationId = org.id, deliveries: 'once' | 'at-least-once' = 'once') =>
    diagnosed(() => expectEventually(() => expectReplicasMatchOwners(stack, organizationId, sink, deliveries), { timeoutMs: 90_000, intervalMs: 500 }));

  /** Overdue invoices of new customers `<prefix>-<i>`, to collect with payment requests. */
  async function overdueInvoices(prefix: string, count: number): Promise<{ externalId: string; invoiceId: string }[]> {
    const invoices: { externalId: string; invoiceId: string }[] = [];
    for (let i = 0; i < count; i++) {
      const externalId = `${prefix}-${i}`;
      expect((await api('POST', '/api/v1/customers', customer(externalId, `Payer ${i}`))).status).toBe(200);
      const invoice = await api('POST', '/api/v1/invoices', { invoice: { external_customer_id: externalId, fees: [{ add_on_code: 'fee' }] } });
      expect(invoice.status).toBe(200);
      invoices.push({ externalId, invoiceId: invoice.body.invoice.lago_id as string });
    }
    await expectEventually(async () => {
      const overdue = await query(stack.databases.invoicing.url, 'select id from invoices where id = any($1::uuid[]) and payment_overdue', [`{${invoices.map((i) => i.invoiceId).join(',')}}`]);
      expect(overdue).toHaveLength(count);
    });
    return invoices;
  }

  it('parks a poison message of every topic any service consumes on <topic>.dlq with its reason, and the partition keeps moving', async () => {
    // Which topics each service consumes, from the broker's view of its group: a new consumer cannot escape.
    const { groups } = await admin.describeGroups(CONSUMERS.map(groupOf));
    const consumedBy = new Map<string, Consumer[]>();
    for (const service of CONSUMERS) {
      const group = groups.find((g) => g.groupId === groupOf(service))!;
      expect(group.members.length).toBeGreaterThan(0);
      const topics = new Set(group.members.flatMap((m) => AssignerProtocol.MemberMetadata.decode(m.memberMetadata)!.topics));
      for (const topic of topics) consumedBy.set(topic, [...(consumedBy.get(topic) ?? []), service]);
    }
    const rpcTopics: string[] = Object.values(RPC_TOPICS);
    expect([...consumedBy.keys()].filter((t) => rpcTopics.includes(t)).sort()).toEqual([...rpcTopics].sort());
    expect([...consumedBy.keys()].filter((t) => !rpcTopics.includes(t) && !(Object.values(TOPICS) as string[]).includes(t))).toEqual([]);
    const dlqs = allTopicSpecs().map((s) => s.name);
    expect([...consumedBy.keys()].filter((t) => !dlqs.includes(t + DLQ_SUFFIX))).toEqual([]);

    // A second organization, so the follow-ups below stay out of the main organization's books.
    const other = await stack.seedOrganization('Poison Org');
    const otherApi = gatewayClient(stack.gatewayUrl, other.apiKey);
    const created = (await otherApi('POST', '/api/v1/customers', customer('poison-1', 'Before'))).body.customer;
    expect((await otherApi('POST', '/api/v1/taxes', { tax: { name: 'VAT', code: 'vat', rate: 20 } })).status).toBe(200);
    expect((await otherApi('POST', '/api/v1/add_ons', { add_on: { name: 'Fee', code: 'fee', amount_cents: 1000, amount_currency: 'EUR' } })).status).toBe(200);
    const invoice = (await otherApi('POST', '/api/v1/invoices', { invoice: { external_customer_id: 'poison-1', fees: [{ add_on_code: 'fee' }] } })).body.invoice;
    await expectEventually(async () => expect((await otherApi('GET', `/api/v1/invoices/${invoice.lago_id}`)).body.invoice.payment_overdue).toBe(true));
    const request = (await otherApi('POST', '/api/v1/payment_requests', { payment_request: { external_customer_id: 'poison-1', lago_invoice_ids: [invoice.lago_id] } })).body.payment_request;
    expect(request.lago_id).toBeDefined();
    const paymentKey = randomUUID();
    const envelope = (type: string, payload: object) => ({
      event_id: randomUUID(),
      event_type: type,
      event_version: 1,
      occurred_at: new Date().toISOString(),
      organization_id: other.id,
      producer: 'payment-sync',
      correlation_id: null,
      payload,
    });

    /**
     * What follows the poison on its partition (same key), and the proof it was processed: event
     * topics get a real event of the organization (its id, to find its inbox rows and offset);
     * RPC topics a request through the gateway, which answers only once its owner replied.
     */
    const followUps: Record<string, { key: string; send: () => Promise<{ eventId?: string; check?: () => Promise<void> }> }> = {
      [TOPICS.customers]: {
        key: created.lago_id,
        send: async () => {
          expect((await otherApi('POST', '/api/v1/customers', customer('poison-1', 'After'))).status).toBe(200);
          return { eventId: await lastEventId('customers', created.lago_id) };
        },
      },
      [TOPICS.taxes]: {
        key: (await otherApi('GET', '/api/v1/taxes/vat')).body.tax.lago_id,
        send: async () => {
          const updated = await otherApi('PUT', '/api/v1/taxes/vat', { tax: { rate: 21 } });
          expect(updated.status).toBe(200);
          return { eventId: await lastEventId('invoicing', updated.body.tax.lago_id) };
        },
      },
      [TOPICS.invoices]: {
        key: invoice.lago_id,
        send: async () => {
          expect((await otherApi('PUT', `/api/v1/invoices/${invoice.lago_id}`, { invoice: { payment_status: 'failed' } })).status).toBe(200);
          return { eventId: await lastEventId('invoicing', invoice.lago_id) };
        },
      },
      [TOPICS.payments]: {
        key: paymentKey,
        send: async () => {
          const event = envelope(PAYMENT_EVENTS.succeeded, {
            lago_id: randomUUID(),
            payable_type: 'PaymentRequest',
            lago_payable_id: request.lago_id,
            amount_cents: request.amount_cents,
            amount_currency: 'EUR',
            status: 'succeeded',
            payable_payment_status: 'succeeded',
            payment_provider: 'stripe',
            created_at: new Date().toISOString(),
          });
          await produce(TOPICS.payments, paymentKey, JSON.stringify(event), { [EVENT_ID_HEADER]: event.event_id });
          return { eventId: event.event_id };
        },
      },
      [TOPICS.paymentRequests]: {
        key: request.lago_id,
        // The payment above settles the request: invoicing publishes payment_request.payment_status_updated.
        send: async () => ({ eventId: await expectEventually(() => lastEventId('invoicing', request.lago_id, 'payment_request.payment_status_updated'), { timeoutMs: 30_000 }) }),
      },
      [TOPICS.providerCustomers]: {
        key: created.lago_id,
        send: async () => {
          const event = envelope('customer.payment_provider_created', {
            lago_customer_id: created.lago_id,
            external_customer_id: 'poison-1',
            payment_provider: 'stripe',
            payment_provider_code: 'none',
            provider_customer_id: 'cus_poison',
          });
          await produce(TOPICS.providerCustomers, created.lago_id, JSON.stringify(event), { [EVENT_ID_HEADER]: event.event_id });
          return { eventId: event.event_id };
        },
      },
      [RPC_TOPICS.customers]: { key: `${other.id}:poison-1`, send: async () => ({ check: async () => expect((await otherApi('GET', '/api/v1/customers/poison-1')).status).toBe(200) }) },
      [RPC_TOPICS.invoicing]: { key: `${other.id}:tax:vat`, send: async () => ({ check: async () => expect((await otherApi('GET', '/api/v1/taxes/vat')).status).toBe(200) }) },
      [RPC_TOPICS.paymentSync]: {
        key: `${other.id}:provider:none`,
        // The owner's own refusal (not the gateway's 503) is its answer.
        send: async () => ({ check: async () => expect(await otherApi('GET', '/api/v1/payment_providers/none')).toEqual({ status: 404, body: { status: 404, error: 'Not Found', code: 'payment_provider_not_found' } }) }),
      },
      [RPC_TOPICS.webhooks]: { key: `${other.id}:endpoints`, send: async () => ({ check: async () => expect((await otherApi('GET', '/api/v1/webhook_endpoints')).status).toBe(200) }) },
    };
    expect([...consumedBy.keys()].filter((t) => !followUps[t]).sort()).toEqual([]);

    const topics = [...consumedBy.keys()];
    const reader = await TopicReader.start(kafka!.brokers, [...topics, ...topics.map((t) => t + DLQ_SUFFIX)]);
    try {
      // Every poison first, then the follow-ups: the payment's goes before the payment request's (it causes it).
      const sent: { topic: string; poison: string; partition: number; offset: bigint; followUp?: { eventId?: string; check?: () => Promise<void> } }[] = [];
      for (const topic of topics) {
        // A nested `constructor` key: class-transformer threw on it, which crashed the consumer on every delivery.
        const poison = JSON.stringify({ poison: `${stack.runId}:${topic}`, payload: { constructor: { name: 'x' } } });
        sent.push({ topic, poison, ...(await produce(topic, followUps[topic]!.key, poison, {})) });
      }
      const paymentsFirst = (s: { topic: string }) => (s.topic === TOPICS.payments ? 0 : s.topic === TOPICS.paymentRequests ? 2 : 1);
      for (const entry of [...sent].sort((a, b) => paymentsFirst(a) - paymentsFirst(b))) entry.followUp = await followUps[entry.topic]!.send();
      for (const { followUp } of sent) await followUp?.check?.();

      const messages = await expectEventually(
        async () => {
          const all = await reader.caughtUp();
          for (const { topic, poison } of sent) {
            const parked = all.filter((m) => m.topic === topic + DLQ_SUFFIX && m.value === poison);
            // Each consuming service parked it, with its reason and origin.
            expect({ topic, services: [...new Set(parked.map((m) => m.headers['x-dlq-consumer']!.split('.')[0]))].sort() }).toEqual({ topic, services: [...consumedBy.get(topic)!].sort() });
            for (const m of parked) {
              expect(m.headers['x-dlq-reason']).toMatch((Object.values(RPC_TOPICS) as string[]).includes(topic) ? /^not an RPC request: / : /^value has a "constructor" key at payload$/);
              expect(m.headers['x-dlq-source-topic']).toBe(topic);
            }
          }
          return all;
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      for (const { topic, poison, partition, offset, followUp } of sent) {
        const origin = messages.find((m) => m.topic === topic && m.value === poison)!;
        expect({ topic, partition: origin.partition, offset: origin.offset }).toEqual({ topic, partition, offset: String(offset) });
        // Every group that reads the topic committed past the poison.
        await expectEventually(async () => {
          for (const service of consumedBy.get(topic)!) {
            const committed = (await committedOffsets(admin, groupOf(service), [topic])).get(`${topic}:${partition}`)!;
            expect({ topic, service, committedPastPoison: committed > offset }).toEqual({ topic, service, committedPastPoison: true });
          }
        });
        if (!followUp?.eventId) continue;
        // The event behind it, on the same partition, was applied and every group committed past it.
        const next = messages.find((m) => m.topic === topic && m.headers[EVENT_ID_HEADER] === followUp.eventId)!;
        expect({ topic, partition: next.partition, after: BigInt(next.offset) > offset }).toEqual({ topic, partition, after: true });
        await expectEventually(
          async () => {
            for (const service of consumedBy.get(topic)!) {
              const inbox = await query(stack.databases[service].url, 'select consumer from inbox where event_id = $1', [followUp.eventId]);
              const committed = (await committedOffsets(admin, groupOf(service), [topic])).get(`${topic}:${partition}`)!;
              expect({ topic, service, committedPastIt: committed > BigInt(next.offset) }).toEqual({ topic, service, committedPastIt: true });
              if (!(topic === TOPICS.paymentRequests && service === 'payment-sync')) expect({ topic, service, applied: inbox.length > 0 }).toEqual({ topic, service, applied: true });
            }
          },
          { timeoutMs: 30_000, intervalMs: 250 },
        );
      }
      // The follow-ups had their effects: the replicas and webhook copies match their owners.
      expect((await otherApi('GET', `/api/v1/payment_requests/${request.lago_id}`)).body.payment_request.payment_status).toBe('succeeded');
      await consistent(other.id);
    } finally {
      await reader.stop();
    }
  });

  async function lastEventId(owner: Service, key: string, type?: string): Promise<string> {
    const [row] = await query<{ event_id: string }>(
      stack.databases[owner].url,
      'select event_id::text from outbox where key = $1 and ($2::text is null or event_type = $2) order by seq desc limit 1',
      [key, type ?? null],
    );
    expect(row).toBeDefined();
    return row!.event_id;
  }

  async function produce(topic: string, key: string, value: string, headers: Record<string, string>): Promise<{ partition: number; offset: bigint }> {
    const producer = new Kafka(kafkaClientConfig({ brokers: parseBrokers(kafka!.brokers), clientId: 'e2e-faults-producer' })).producer();
    await producer.connect();
    try {
      const [meta] = await producer.send({ topic, messages: [{ key, value, headers }] });
      return { partition: meta!.partition, offset: BigInt(meta!.baseOffset!) };
    } finally {
      await producer.disconnect();
    }
  }

  it('publishes, exactly once, the events an owner committed and was killed before publishing', async () => {
    const reader = await TopicReader.start(kafka!.brokers, [TOPICS.customers]);
    try {
      // The customers service takes writes with its relay off: events are committed, not published.
      expect(await stack.apps.customers.stop()).toEqual({ code: 0, signal: null });
      await stack.apps.customers.start(60_000, { OUTBOX_RELAY_ENABLED: 'false' });
      const held: string[] = [];
      for (const [externalId, name] of [['held-1', 'Held one'], ['held-2', 'Held two'], ['held-1', 'Held one, renamed']] as const) {
        const res = await api('POST', '/api/v1/customers', customer(externalId, name));
        expect(res.status).toBe(200);
        held.push(res.body.customer.lago_id as string);
      }
      const unpublished = await query<{ event_id: string; published_at: Date | null }>(
        stack.databases.customers.url,
        'select event_id::text, published_at from outbox where key = any($1::text[]) order by seq',
        [`{${held.join(',')}}`],
      );
      expect(unpublished.map((e) => e.published_at)).toEqual([null, null, null]);
      const eventIds = unpublished.map((e) => e.event_id);
      expect((await reader.caughtUp()).filter((m) => eventIds.includes(m.headers[EVENT_ID_HEADER]!))).toEqual([]);

      // Killed between commit and publish; restarted as configured (relay on).
      expect(await stack.apps.customers.kill()).toEqual({ code: null, signal: 'SIGKILL' });
      await stack.apps.customers.start();
      await expectEventually(async () => {
        const rows = await query(stack.databases.customers.url, 'select 1 from outbox where event_id = any($1::uuid[]) and published_at is not null', [`{${eventIds.join(',')}}`]);
        expect(rows).toHaveLength(3);
      });
      const published = (await reader.caughtUp()).filter((m) => eventIds.includes(m.headers[EVENT_ID_HEADER]!));
      expect(published.map((m) => m.headers[EVENT_ID_HEADER]).sort()).toEqual([...eventIds].sort());
      // In commit order on the customer's partition.
      const first = published.filter((m) => m.key === held[0]).map((m) => m.headers[EVENT_ID_HEADER]);
      expect(first).toEqual([eventIds[0], eventIds[2]]);
      await consistent();
      const renamed = await query<{ snapshot: { name: string } }>(stack.databases.invoicing.url, 'select snapshot from customer_replicas where id = $1', [held[0]]);
      expect(renamed[0]!.snapshot.name).toBe('Held one, renamed');
    } finally {
      await reader.stop();
    }
  });

  it('applies every event once in every replica when consumers are killed (SIGKILL) mid-traffic and restarted', async () => {
    const payers = await overdueInvoices('payer', 10);
    const t = traffic();
    const tasks = interleave(
      upserts(t, 'kill', 300, 120),
      payers.flatMap(({ externalId, invoiceId }) => [
        () => t.send('payment_request', 'POST', '/api/v1/payment_requests', { payment_request: { external_customer_id: externalId, lago_invoice_ids: [invoiceId] } }),
        () => t.send('invoice', 'POST', '/api/v1/invoices', { invoice: { external_customer_id: externalId, fees: [{ add_on_code: 'fee', units: 2 }] } }),
        () => t.send('payment_request', 'POST', '/api/v1/payment_requests', { payment_request: { external_customer_id: externalId, lago_invoice_ids: [invoiceId] } }),
      ]),
    );
    const running = GatewayTraffic.run(tasks, 8);
    await expectEventually(() => expect(t.exchanges.length).toBeGreaterThanOrEqual(80), { timeoutMs: 60_000 });
    expect(await Promise.all([stack.apps.invoicing.kill(), stack.apps['payment-sync'].kill()])).toEqual([
      { code: null, signal: 'SIGKILL' },
      { code: null, signal: 'SIGKILL' },
    ]);
    await Promise.all([stack.apps.invoicing.start(), stack.apps['payment-sync'].start()]);
    await running;

    t.expectAnsweredCleanly();
    expect(t.ok('customer').length).toBeGreaterThanOrEqual(150);
    expect(t.ok('payment_request').length).toBeGreaterThan(0);
    await consistent();
  });

  it.each(CONSUMERS)('stops %s gracefully on SIGTERM mid-traffic: exit 0, offsets committed for all it processed, nothing lost or applied twice after the restart', async (service) => {
    const app = stack.apps[service];
    const t = traffic();
    const payers = service === 'invoicing' ? await overdueInvoices(`term-${service}`, 4) : [];
    const tasks = interleave(
      upserts(t, `term-${service}`, 120, 60),
      payers.map(({ externalId, invoiceId }) => () => t.send('payment_request', 'POST', '/api/v1/payment_requests', { payment_request: { external_customer_id: externalId, lago_invoice_ids: [invoiceId] } })),
    );
    if (service === 'webhooks') sink.hold();
    const running = GatewayTraffic.run(tasks, 6);
    await expectEventually(() => expect(t.exchanges.length).toBeGreaterThanOrEqual(30), { timeoutMs: 60_000 });
    if (service === 'webhooks') await expectEventually(() => expect(sink.waiting).toBeGreaterThan(0));
    const stopped = app.stop();
    if (service === 'webhooks') {
      // The deliveries in flight are answered only once the shutdown has begun: it must wait for them.
      try {
        await expectEventually(() => expect(app.logs).toMatch(/SIGTERM: finishing the work in progress/));
      } finally {
        sink.release();
      }
    }
    expect(await stopped).toEqual({ code: 0, signal: null });
    const stoppedAt = Date.now();

    // Every message it processed is committed: the events in its inbox, the commands it answered.
    const inbox = await query<{ topic: string; partition: number; offset: string }>(
      stack.databases[service].url,
      'select topic, "partition", max("offset")::text as offset from inbox group by topic, "partition"',
    );
    const rpcTopic = { customers: RPC_TOPICS.customers, invoicing: RPC_TOPICS.invoicing, 'payment-sync': RPC_TOPICS.paymentSync, webhooks: RPC_TOPICS.webhooks }[service];
    const answered = new Set(t.exchanges.filter((e) => e.status === 200 && e.at < stoppedAt).map((e) => e.requestId));
    const requests = (await readAll(rpcTopic)).filter((m) => answered.has(requestIdOf(m.value) ?? ''));
    const processed = [...inbox, ...requests.map((m) => ({ topic: rpcTopic, partition: m.partition, offset: m.offset }))];
    expect(processed.length).toBeGreaterThan(0);
    const committed = await committedOffsets(admin, groupOf(service), [...new Set([rpcTopic, ...inbox.map((r) => r.topic)])]);
    const uncovered = processed.filter((p) => !((committed.get(`${p.topic}:${p.partition}`) ?? -1n) > BigInt(p.offset)));
    expect(uncovered).toEqual([]);

    await app.start();
    await running;
    t.expectAnsweredCleanly();
    expect(t.ok('customer').length).toBeGreaterThan(0);
    await consistent();
  });

  it('stops the gateway gracefully on SIGTERM: requests in flight are answered, none is reset', async () => {
    const rpcEnd = async () => (await admin.fetchTopicOffsets(RPC_TOPICS.customers)).reduce((sum, p) => sum + BigInt(p.high), 0n);
    const before = await rpcEnd();
    // With the owner paused, the gateway's requests stay in flight until it resumes.
    stack.apps.customers.pause();
    let answers: Promise<Exchange[]>;
    try {
      const t = traffic();
      answers = Promise.all(Array.from({ length: 8 }, (_, i) => t.send('customer', 'POST', '/api/v1/customers', customer(`inflight-${i}`, `In flight ${i}`))));
      await expectEventually(async () => expect(await rpcEnd()).toBeGreaterThanOrEqual(before + 8n));
      const stopped = stack.apps.gateway.stop();
      // It stops accepting connections, and still answers the requests it has.
      await expectEventually(async () => expect(await accepts(stack.apps.gateway.port)).toBe(false));
      stack.apps.customers.resume();
      const exchanges = await answers;
      expect(exchanges.map((e) => [e.status, e.error])).toEqual(exchanges.map(() => [200, null]));
      expect(await stopped).toEqual({ code: 0, signal: null });
    } finally {
      stack.apps.customers.resume();
    }
    await stack.apps.gateway.start();
    expect((await api('GET', '/api/v1/customers/inflight-7')).status).toBe(200);
    await consistent();
  });

  // An outage of the broker or of PostgreSQL: requests during it get Lago's 503 within the
  // client's bound, and without restarting any app, everything accepted before and after arrives.
  const OUTAGES = [
    { part: 'the broker', prefix: 'broker', infrastructure: () => kafka!, recoveryMs: 90_000, deliveries: 'once' },
    // A delivery whose outcome could not be recorded while the database was down is sent again.
    { part: 'PostgreSQL', prefix: 'pg', infrastructure: () => pg!, recoveryMs: 60_000, deliveries: 'at-least-once' },
  ] as const;

  it.each(OUTAGES)('answers 503 while $part is down, recovers without restarting any app, and delivers everything accepted before and after', async ({ prefix, infrastructure, recoveryMs, deliveries }) => {
    const t = traffic();
    const before = GatewayTraffic.run(upserts(t, `${prefix}-before`, 40, 40), 4);
    await expectEventually(() => expect(t.exchanges.length).toBeGreaterThanOrEqual(10), { timeoutMs: 60_000 });
    await infrastructure().halt();
    await before;
    const down = traffic();
    await GatewayTraffic.run(upserts(down, `${prefix}-down`, 3, 3), 3);
    expect(down.exchanges.map(({ status, body, error }) => ({ status, body, error }))).toEqual(down.exchanges.map(() => ({ ...UNAVAILABLE, error: null })));
    await infrastructure().resume();
    await diagnosed(() =>
      expectEventually(async () => expect((await api('POST', '/api/v1/customers', customer(`${prefix}-after-0`, 'After'))).status).toBe(200), { timeoutMs: recoveryMs, intervalMs: 500 }),
    );
    await GatewayTraffic.run(upserts(t, `${prefix}-after`, 40, 20), 4);
    t.expectAnsweredCleanly();
    expect(t.ok('customer').length).toBeGreaterThanOrEqual(20);
    await consistent(org.id, deliveries);
  });

  /** Every message a topic holds now. */
  async function readAll(topic: string) {
    const reader = await TopicReader.start(kafka!.brokers, [topic]);
    try {
      return await reader.caughtUp();
    } finally {
      await reader.stop();
    }
  }
});

function requestIdOf(value: string): string | undefined {
  try {
    return (JSON.parse(value) as { request_id?: string }).request_id;
  } catch {
    return undefined;
  }
}
