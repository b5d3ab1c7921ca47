import { Kafka } from 'kafkajs';
import { DLQ_SUFFIX, TOPICS } from '@app/contracts';
import { kafkaClientConfig, parseBrokers } from '@app/messaging';
import { expectEventually, query } from '@app/test-support';
import { gatewayClient, TestStack, type SeededOrganization } from './support/test-stack';

jest.setTimeout(120_000);

/**
 * The walking skeleton: POST /api/v1/customers through the gateway, a Kafka command to the
 * customers service, the outbox relay publishing customer.upserted, and both replicas
 * (invoicing, payment-sync) applying it once, all as separate processes on PostgreSQL and Kafka.
 */
describe('customer upsert, end to end', () => {
  let stack: TestStack;
  let org: SeededOrganization;
  let other: SeededOrganization;
  let api: ReturnType<typeof gatewayClient>;

  beforeAll(async () => {
    stack = await TestStack.start();
    org = await stack.seedOrganization('Lago Test');
    other = await stack.seedOrganization('Other Org');
    api = gatewayClient(stack.gatewayUrl, org.apiKey);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const replica = (service: 'invoicing' | 'payment-sync', lagoId: string) =>
    query<Record<string, any>>(stack.databases[service].url, 'select * from customer_replicas where id = $1', [lagoId]);
  const customerEvents = (lagoId: string) =>
    query<{ event_id: string; key: string; value: string; published_at: Date | null }>(
      stack.databases.customers.url,
      'select event_id, key, value, published_at from outbox where key = $1 order by seq',
      [lagoId],
    );
  const inboxRows = (service: 'invoicing' | 'payment-sync', eventIds: string[]) =>
    query<{ event_id: string }>(stack.databases[service].url, 'select event_id from inbox where event_id = any($1::uuid[])', [eventIds]);

  it('stores the customer, answers with Lago’s customer object, and both replicas receive it exactly once', async () => {
    const res = await api('POST', '/api/v1/customers', {
      customer: { external_id: 'cus_e2e_1', name: 'Acme Inc.', email: 'billing@acme.test', currency: 'EUR', country: 'fr', city: 'Paris' },
    });

    expect(res.status).toBe(200);
    const customer = res.body.customer;
    expect(customer).toMatchObject({
      external_id: 'cus_e2e_1',
      name: 'Acme Inc.',
      email: 'billing@acme.test',
      currency: 'EUR',
      country: 'FR',
      city: 'Paris',
      sequential_id: 1,
      slug: `${org.documentNumberPrefix}-001`,
      account_type: 'customer',
      billing_entity_code: 'lago_test',
      applicable_timezone: 'UTC',
      finalize_zero_amount_invoice: 'inherit',
      metadata: [],
      taxes: [],
      shipping_address: { address_line1: null, address_line2: null, city: null, zipcode: null, state: null, country: null },
    });
    expect(customer.lago_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(Object.keys(customer).slice(0, 4)).toEqual(['lago_id', 'billing_entity_code', 'external_id', 'account_type']);

    const shown = await api('GET', '/api/v1/customers/cus_e2e_1');
    expect(shown).toEqual({ status: 200, body: { customer } });

    for (const service of ['invoicing', 'payment-sync'] as const) {
      const [row] = await expectEventually(async () => {
        const rows = await replica(service, customer.lago_id);
        expect(rows).toHaveLength(1);
        return rows;
      });
      expect(row).toMatchObject({ organization_id: org.id, external_id: 'cus_e2e_1', currency: 'EUR', deleted_at: null });
      expect(row!.snapshot).toEqual(customer);
    }
    const [event] = await customerEvents(customer.lago_id);
    expect(event!.published_at).not.toBeNull();
  });

  it('applies a redelivered event no second time', async () => {
    const created = (await api('POST', '/api/v1/customers', { customer: { external_id: 'cus_e2e_redeliver', name: 'Original', currency: 'USD' } })).body.customer;
    const renamed = await api('POST', '/api/v1/customers', { customer: { external_id: 'cus_e2e_redeliver', name: 'Renamed' } });
    expect(renamed.body.customer).toMatchObject({ lago_id: created.lago_id, name: 'Renamed', currency: 'USD' });
    for (const service of ['invoicing', 'payment-sync'] as const) {
      await expectEventually(async () => expect((await replica(service, created.lago_id))[0]?.snapshot.name).toBe('Renamed'));
    }

    // Deliver the first event again, byte for byte, as Kafka would after a consumer crash.
    const [first] = await customerEvents(created.lago_id);
    const producer = new Kafka(kafkaClientConfig({ brokers: parseBrokers(process.env.TEST_KAFKA_BROKERS!), clientId: 'e2e-redeliver' })).producer();
    await producer.connect();
    await producer.send({ topic: TOPICS.customers, messages: [{ key: first!.key, value: first!.value }] });
    await producer.disconnect();

    // A later change of the same customer travels on the same partition, behind the redelivery:
    // once it is applied, the redelivered event has been consumed.
    const later = await api('POST', '/api/v1/customers', { customer: { external_id: 'cus_e2e_redeliver', email: 'later@acme.test' } });
    expect(later.status).toBe(200);
    for (const service of ['invoicing', 'payment-sync'] as const) {
      await expectEventually(async () => expect((await replica(service, created.lago_id))[0]?.email ?? (await replica(service, created.lago_id))[0]?.snapshot.email).toBe('later@acme.test'));
      const rows = await replica(service, created.lago_id);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.snapshot).toMatchObject({ name: 'Renamed', email: 'later@acme.test' });
      const events = await customerEvents(created.lago_id);
      expect(events).toHaveLength(3);
      expect((await inboxRows(service, events.map((e) => e.event_id))).length).toBe(3);
    }
  });

  it('parks a poison message on <topic>.dlq with its reason, and the partition keeps moving', async () => {
    const created = (await api('POST', '/api/v1/customers', { customer: { external_id: 'cus_e2e_poison', name: 'Before' } })).body.customer;
    const brokers = parseBrokers(process.env.TEST_KAFKA_BROKERS!);
    const kafka = new Kafka(kafkaClientConfig({ brokers, clientId: 'e2e-poison' }));
    const dlq: { value: string; headers: Record<string, string> }[] = [];
    const consumer = kafka.consumer({ groupId: `e2e-dlq-${stack.runId}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.customers + DLQ_SUFFIX, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        dlq.push({ value: String(message.value), headers });
      },
    });
    try {
      // Same key as the customer, so it sits on the same partition, before the next real event.
      const poison = `{"event_id":"not-a-uuid","poison":"${stack.runId}"}`;
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: TOPICS.customers, messages: [{ key: created.lago_id, value: poison }] });
      await producer.disconnect();
      await api('POST', '/api/v1/customers', { customer: { external_id: 'cus_e2e_poison', name: 'After' } });

      for (const service of ['invoicing', 'payment-sync'] as const) {
        await expectEventually(async () => expect((await replica(service, created.lago_id))[0]?.snapshot.name).toBe('After'));
      }
      const parked = await expectEventually(() => {
        const mine = dlq.filter((m) => m.value === poison);
        expect(mine.map((m) => m.headers['x-dlq-consumer']).sort()).toEqual(['invoicing.customer-replica', 'payment-sync.customer-replica', 'webhooks.customers']);
        return mine;
      });
      for (const message of parked) {
        expect(message.headers['x-dlq-reason']).toMatch(/invalid envelope: .*event_id/);
        expect(message.headers['x-dlq-source-topic']).toBe(TOPICS.customers);
        expect(Number(message.headers['x-dlq-source-offset'])).toBeGreaterThanOrEqual(0);
      }
    } finally {
      await consumer.disconnect();
    }
  });

  it('upserts by external_id: absent fields are kept, null clears', async () => {
    const first = (await api('POST', '/api/v1/customers', { customer: { external_id: 'cus_e2e_upd', name: 'A', email: 'a@a.test', city: 'Lyon' } })).body.customer;
    const second = await api('POST', '/api/v1/customers', { customer: { external_id: 'cus_e2e_upd', city: null } });
    expect(second.status).toBe(200);
    expect(second.body.customer).toMatchObject({ lago_id: first.lago_id, sequential_id: first.sequential_id, name: 'A', email: 'a@a.test', city: null });
  });

  it('answers a repeated Idempotency-Key with the first result and no second event', async () => {
    const headers = { 'idempotency-key': 'idem-e2e-1' };
    const a = await api('POST', '/api/v1/customers', { customer: { external_id: 'cus_e2e_idem', name: 'First' } }, headers);
    const b = await api('POST', '/api/v1/customers', { customer: { external_id: 'cus_e2e_idem', name: 'Second' } }, headers);
    expect(a.status).toBe(200);
    expect(b).toEqual(a);
    expect(await customerEvents(a.body.customer.lago_id)).toHaveLength(1);
  });

  it('refuses a missing or unknown API key with Lago’s 401, before reading the body', async () => {
    const anonymous = gatewayClient(stack.gatewayUrl);
    expect(await anonymous('POST', '/api/v1/customers', { customer: { external_id: 'x' } })).toEqual({ status: 401, body: { status: 401, error: 'Unauthorized' } });
    expect(await anonymous('GET', '/api/v1/customers/cus_e2e_1')).toEqual({ status: 401, body: { status: 401, error: 'Unauthorized' } });
    const wrong = gatewayClient(stack.gatewayUrl, '00000000-0000-4000-8000-000000000000');
    expect(await wrong('POST', '/api/v1/customers', '{not json')).toEqual({ status: 401, body: { status: 401, error: 'Unauthorized' } });
  });

  it('answers invalid bodies with Lago’s errors and writes nothing', async () => {
    const before = await query(stack.databases.customers.url, 'select count(*)::int as n from customers');

    expect(await api('POST', '/api/v1/customers', { customer: { name: 'Foo Bar', currency: 'invalid' } })).toEqual({
      status: 422,
      body: { status: 422, error: 'Unprocessable Entity', code: 'validation_errors', error_details: { currency: ['value_is_invalid'], external_id: ['value_is_mandatory'] } },
    });
    expect(await api('POST', '/api/v1/customers', { customer: 'customer' })).toEqual({
      status: 400,
      body: { status: 400, error: 'BadRequest: param is missing or the value is empty or invalid: customer' },
    });
    expect(await api('POST', '/api/v1/customers', '{"customer": {')).toEqual({ status: 400, body: { status: 400, error: 'Bad Request' } });
    expect((await api('POST', '/api/v1/customers', { customer: { external_id: 'bad_mail', email: 'joão.silva@' } })).body.error_details).toEqual({
      email: ['invalid_email_format'],
    });

    expect(await query(stack.databases.customers.url, 'select count(*)::int as n from customers')).toEqual(before);
  });

  it('answers 404 for an unknown customer, for another organization’s customer, and for unknown routes', async () => {
    const notFound = { status: 404, body: { status: 404, error: 'Not Found', code: 'customer_not_found' } };
    expect(await api('GET', '/api/v1/customers/does_not_exist')).toEqual(notFound);
    expect(await gatewayClient(stack.gatewayUrl, other.apiKey)('GET', '/api/v1/customers/cus_e2e_1')).toEqual(notFound);
    expect(await api('GET', '/api/v1/nothing_here')).toEqual({ status: 404, body: { status: 404, error: 'Not Found', code: 'resource_not_found' } });
  });
});
