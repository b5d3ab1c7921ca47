import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { CUSTOMER_REQUESTS, type CustomerV1, type OrganizationContextV1, type RpcReplyV1, type RpcRequestV1, type UpsertCustomerV1 } from '@app/contracts';
import { Outbox, OutboxRelay, UnitOfWork, type KafkaProducer } from '@app/messaging';
import { createServiceDatabase, query } from '@app/test-support';
import { customersOrmConfig } from '../src/config/mikro-orm.config';
import { GetCustomer } from '../src/customers/use-cases/get-customer.query';
import { UpsertCustomer } from '../src/customers/use-cases/upsert-customer.use-case';

const orgA: OrganizationContextV1 = { id: randomUUID(), name: 'Lago', document_number_prefix: 'LAG-1A2B', default_billing_entity_code: 'lago' };
const orgB: OrganizationContextV1 = { id: randomUUID(), name: 'Other', document_number_prefix: 'OTH-9F9F', default_billing_entity_code: 'other' };

const request = (organization: OrganizationContextV1, payload: UpsertCustomerV1, requestId = randomUUID()): RpcRequestV1<UpsertCustomerV1> => ({
  request_id: requestId,
  type: CUSTOMER_REQUESTS.upsert,
  organization,
  correlation_id: `corr-${requestId}`,
  deadline: new Date(Date.now() + 60_000).toISOString(),
  payload,
});

function value(reply: RpcReplyV1<CustomerV1>): CustomerV1 {
  if (!reply.ok) throw new Error(`refused: ${JSON.stringify(reply.error)}`);
  return reply.value;
}

describe('UpsertCustomer on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createServiceDatabase>>;
  let orm: MikroORM;
  let upsert: UpsertCustomer;
  let get: GetCustomer;

  beforeAll(async () => {
    db = await createServiceDatabase('customers');
    orm = await MikroORM.init(customersOrmConfig(db.url, 20));
    const relay = new OutboxRelay(orm, {} as KafkaProducer, { service: 'customers', kafka: { brokers: [], clientId: 'c' } });
    upsert = new UpsertCustomer(new UnitOfWork(orm, relay), new Outbox('customers'));
    get = new GetCustomer(orm.em);
  });

  afterAll(async () => {
    await orm.close(true);
    await db.drop();
  });

  const outboxFor = (lagoId: string) =>
    query<{ event_type: string; value: string; key: string }>(db.url, 'select event_type, value, key from outbox where key = $1 order by seq', [lagoId]);

  it('creates a customer with a sequential id, Lago slug and defaults, and writes customer.upserted with the same object', async () => {
    const customer = value(await upsert.execute(request(orgA, { external_id: 'cus-1', name: 'Acme', email: 'a@acme.test', currency: 'EUR', country: 'FR' })));

    expect(customer).toMatchObject({
      external_id: 'cus-1',
      name: 'Acme',
      email: 'a@acme.test',
      currency: 'EUR',
      country: 'FR',
      sequential_id: 1,
      slug: 'LAG-1A2B-001',
      billing_entity_code: 'lago',
      account_type: 'customer',
      finalize_zero_amount_invoice: 'inherit',
      applicable_timezone: 'UTC',
      timezone: null,
      metadata: [],
    });
    expect(customer.lago_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(customer.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const events = await outboxFor(customer.lago_id);
    expect(events).toHaveLength(1);
    expect(events[0]!.event_type).toBe('customer.upserted');
    const envelope = JSON.parse(events[0]!.value);
    expect(envelope).toMatchObject({ event_type: 'customer.upserted', organization_id: orgA.id, producer: 'customers' });
    expect(envelope.payload).toEqual(customer);
  });

  it('updates by external_id: absent keys keep their value, null clears, values replace', async () => {
    const created = value(await upsert.execute(request(orgA, { external_id: 'cus-2', name: 'Before', email: 'x@y.test', city: 'Paris', currency: 'EUR' })));
    const updated = value(await upsert.execute(request(orgA, { external_id: 'cus-2', name: 'After', city: null })));

    expect(updated.lago_id).toBe(created.lago_id);
    expect(updated.sequential_id).toBe(created.sequential_id);
    expect(updated).toMatchObject({ name: 'After', city: null, email: 'x@y.test', currency: 'EUR' });
    expect((await outboxFor(created.lago_id)).map((e) => e.event_type)).toEqual(['customer.upserted', 'customer.upserted']);
    expect(value(await get.execute({ ...request(orgA, { external_id: 'cus-2' }), type: CUSTOMER_REQUESTS.get }))).toEqual(updated);
  });

  it('answers a repeated request id with the first reply and no second change or event', async () => {
    const requestId = randomUUID();
    const first = value(await upsert.execute(request(orgA, { external_id: 'cus-3', name: 'One' }, requestId)));
    const again = value(await upsert.execute(request(orgA, { external_id: 'cus-3', name: 'Two' }, requestId)));

    expect(again).toEqual(first);
    expect(again.name).toBe('One');
    expect(await outboxFor(first.lago_id)).toHaveLength(1);
  });

  it('creates exactly one customer when many upserts of a new external_id race', async () => {
    const replies = await Promise.all(Array.from({ length: 16 }, (_, i) => upsert.execute(request(orgA, { external_id: 'cus-race', name: `n${i}` }))));
    const ids = new Set(replies.map((r) => value(r).lago_id));
    expect(ids.size).toBe(1);
    const rows = await query(db.url, 'select id from customers where organization_id = $1 and external_id = $2', [orgA.id, 'cus-race']);
    expect(rows).toHaveLength(1);
    expect(await outboxFor([...ids][0]!)).toHaveLength(16);
  });

  it('gives concurrent new customers distinct, gap-free sequential ids per organization', async () => {
    const fresh: OrganizationContextV1 = { ...orgB, id: randomUUID() };
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => upsert.execute(request(fresh, { external_id: `seq-${i}` }))));
    const sequential = replies.map((r) => value(r).sequential_id).sort((a, b) => a - b);
    expect(sequential).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(new Set(replies.map((r) => value(r).slug)).size).toBe(12);
  });

  it('keeps organizations apart: same external_id, separate customers and numbering', async () => {
    const a = value(await upsert.execute(request(orgA, { external_id: 'shared-id', name: 'A' })));
    const b = value(await upsert.execute(request(orgB, { external_id: 'shared-id', name: 'B' })));
    expect(b.lago_id).not.toBe(a.lago_id);
    expect(b.slug.startsWith('OTH-9F9F-')).toBe(true);
    const readByB = await get.execute({ ...request(orgB, { external_id: 'shared-id' }), type: CUSTOMER_REQUESTS.get });
    expect(value(readByB).name).toBe('B');
    const missingForB = await get.execute({ ...request(orgB, { external_id: 'cus-1' }), type: CUSTOMER_REQUESTS.get });
    expect(missingForB).toEqual({ ok: false, error: { code: 'customer_not_found' } });
  });

  it("never reuses a deleted customer's sequential id, and frees its external_id", async () => {
    const org: OrganizationContextV1 = { ...orgA, id: randomUUID() };
    const first = value(await upsert.execute(request(org, { external_id: 'gone' })));
    await query(db.url, 'update customers set deleted_at = now() where id = $1', [first.lago_id]);
    const second = value(await upsert.execute(request(org, { external_id: 'gone' })));
    expect(second.lago_id).not.toBe(first.lago_id);
    expect(second.sequential_id).toBe(first.sequential_id + 1);
  });

  it('replaces metadata: a known id keeps its row, other entries are new, unnamed rows are deleted', async () => {
    const created = value(
      await upsert.execute(request(orgA, { external_id: 'meta-1', metadata: [{ key: 'a', value: '1', display_in_invoice: false }, { key: 'b', value: '2', display_in_invoice: true }] })),
    );
    const [a, b] = created.metadata;
    const updated = value(
      await upsert.execute(
        request(orgA, {
          external_id: 'meta-1',
          // "b" moves to the kept row while the old "b" row goes: the unique key is checked at commit.
          metadata: [{ id: a!.lago_id, key: 'b', value: 'moved', display_in_invoice: true }, { key: 'c', value: '3', display_in_invoice: false }],
        }),
      ),
    );
    expect(updated.metadata.map((m) => [m.key, m.value, m.display_in_invoice])).toEqual([
      ['b', 'moved', true],
      ['c', '3', false],
    ]);
    expect(updated.metadata[0]!.lago_id).toBe(a!.lago_id);
    const rows = await query<{ id: string }>(db.url, 'select m.id from customer_metadata m join customers c on c.id = m.customer_id where c.external_id = $1', ['meta-1']);
    expect(rows.map((r) => r.id)).not.toContain(b!.lago_id);
    expect(rows).toHaveLength(2);
  });
});
