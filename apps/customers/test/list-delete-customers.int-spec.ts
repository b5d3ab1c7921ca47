import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  CUSTOMER_REQUESTS,
  type CustomerFiltersV1,
  type CustomerListV1,
  type CustomerV1,
  type OrganizationContextV1,
  type RpcReplyV1,
  type UpsertCustomerV1,
} from '@app/contracts';
import { Outbox, OutboxRelay, UnitOfWork, type KafkaProducer } from '@app/messaging';
import { createServiceDatabase, query } from '@app/test-support';
import { customersOrmConfig } from '../src/config/mikro-orm.config';
import { DeleteCustomer } from '../src/customers/use-cases/delete-customer.use-case';
import { ListCustomers } from '../src/customers/use-cases/list-customers.query';
import { UpsertCustomer } from '../src/customers/use-cases/upsert-customer.use-case';

const org: OrganizationContextV1 = { id: randomUUID(), name: 'Lago', document_number_prefix: 'LAG-0001', default_billing_entity_code: 'lago' };
const other: OrganizationContextV1 = { ...org, id: randomUUID() };

const envelope = <P>(organization: OrganizationContextV1, type: string, payload: P) => ({
  request_id: randomUUID(),
  type,
  organization,
  correlation_id: 'c',
  deadline: new Date(Date.now() + 60_000).toISOString(),
  payload,
});

function value<T>(reply: RpcReplyV1<T>): T {
  if (!reply.ok) throw new Error(`refused: ${JSON.stringify(reply.error)}`);
  return reply.value;
}

describe('listing and deleting customers on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createServiceDatabase>>;
  let orm: MikroORM;
  let upsert: UpsertCustomer;
  let list: ListCustomers;
  let remove: DeleteCustomer;

  const create = (payload: UpsertCustomerV1, organization = org) => upsert.execute(envelope(organization, CUSTOMER_REQUESTS.upsert, payload)).then(value);
  const find = async (filters: CustomerFiltersV1, page = 1, perPage = 100) =>
    value(await list.execute(envelope(org, CUSTOMER_REQUESTS.list, { page, per_page: perPage, filters }))) as CustomerListV1;
  const ids = (result: CustomerListV1) => result.customers.map((c) => c.external_id).sort();

  beforeAll(async () => {
    db = await createServiceDatabase('customers');
    orm = await MikroORM.init(customersOrmConfig(db.url));
    const uow = new UnitOfWork(orm, new OutboxRelay(orm, {} as KafkaProducer, { service: 'customers', kafka: { brokers: [], clientId: 'c' } }));
    upsert = new UpsertCustomer(uow, new Outbox('customers'));
    list = new ListCustomers(orm.em);
    remove = new DeleteCustomer(uow, new Outbox('customers'));

    await create({ external_id: 'foo', name: 'Foo Bar', customer_type: 'company', country: 'US', currency: 'USD', email: 'foo@x.test' });
    await create({ external_id: 'baz', name: 'Baz', customer_type: 'individual', country: 'FR', currency: 'EUR', state: 'IDF', zipcode: '75001' });
    await create({ external_id: 'qux', firstname: 'Quentin', country: 'DE', tax_identification_number: 'DE123' });
    await create({ external_id: '100%_sure', name: 'Literal' });
    await create({ external_id: 'elsewhere', name: 'Foo Bar' }, other);
    const [foo] = await query<{ id: string }>(db.url, "select id from customers where external_id = 'foo'");
    const [baz] = await query<{ id: string }>(db.url, "select id from customers where external_id = 'baz'");
    await query(
      db.url,
      `insert into customer_metadata (id, customer_id, key, value, created_at, updated_at) values
       (gen_random_uuid(), $1, 'is_synced', 'true', now(), now()), (gen_random_uuid(), $1, 'last_synced_at', '2025-01-01', now() + interval '1 second', now()),
       (gen_random_uuid(), $2, 'is_synced', 'true', now(), now()), (gen_random_uuid(), $2, 'last_synced_at', '2025-01-01', now(), now()),
       (gen_random_uuid(), $2, 'first_synced_at', '2024-01-01', now(), now())`,
      [foo!.id, baz!.id],
    );
  });

  afterAll(async () => {
    await orm.close(true);
    await db.drop();
  });

  it('lists only the organization’s live customers, newest first, with metadata and Lago’s list fields', async () => {
    const result = await find({});
    expect(result.customers.map((c) => c.external_id)).toEqual(['100%_sure', 'qux', 'baz', 'foo']);
    expect(result.meta).toEqual({ current_page: 1, next_page: null, prev_page: null, total_pages: 1, total_count: 4 });
    const foo = result.customers.find((c) => c.external_id === 'foo')!;
    expect(foo.metadata.map((m) => [m.key, m.value])).toEqual([
      ['is_synced', 'true'],
      ['last_synced_at', '2025-01-01'],
    ]);
    expect(foo.taxes).toEqual([]);
    expect(foo).not.toHaveProperty('applicable_invoice_custom_sections');
    expect(foo).not.toHaveProperty('error_details');
  });

  it('applies each filter', async () => {
    expect(ids(await find({ customer_type: 'company' }))).toEqual(['foo']);
    expect(ids(await find({ has_customer_type: true }))).toEqual(['baz', 'foo']);
    expect(ids(await find({ has_customer_type: false }))).toEqual(['100%_sure', 'qux']);
    expect(ids(await find({ external_id: 'baz', search_term: 'foo' }))).toEqual(['baz']);
    expect(ids(await find({ countries: ['US', 'FR'] }))).toEqual(['baz', 'foo']);
    expect(ids(await find({ search_term: 'oo b' }))).toEqual(['foo']);
    expect(ids(await find({ search_term: 'QUENT' }))).toEqual(['qux']);
    expect(ids(await find({ search_term: '0%_' }))).toEqual(['100%_sure']);
    expect(ids(await find({ search_term: '%' }))).toEqual(['100%_sure']);
    expect(ids(await find({ states: ['IDF'], zipcodes: ['75001'] }))).toEqual(['baz']);
    expect(ids(await find({ currencies: ['EUR', 'USD'] }))).toEqual(['baz', 'foo']);
    expect(ids(await find({ has_tax_identification_number: true }))).toEqual(['qux']);
    expect(ids(await find({ account_types: ['partner'] }))).toEqual([]);
    expect(ids(await find({ metadata: { is_synced: 'true', last_synced_at: '2025-01-01', first_synced_at: '' } }))).toEqual(['foo']);
  });

  it('paginates with Lago’s meta', async () => {
    const page = await find({}, 2, 3);
    expect(page.customers.map((c) => c.external_id)).toEqual(['foo']);
    expect(page.meta).toEqual({ current_page: 2, next_page: null, prev_page: 1, total_pages: 2, total_count: 4 });
    expect((await find({}, 1, 3)).meta).toEqual({ current_page: 1, next_page: 2, prev_page: null, total_pages: 2, total_count: 4 });
    expect((await find({}, 9, 3)).meta).toEqual({ current_page: 9, next_page: null, prev_page: null, total_pages: 2, total_count: 4 });
    expect((await find({ countries: ['JP'] })).meta).toEqual({ current_page: 0, next_page: null, prev_page: null, total_pages: 0, total_count: 0 });
  });

  it('soft-deletes: the customer leaves every read, emits customer.deleted, and its external_id is free again', async () => {
    const created = await create({ external_id: 'to-delete', name: 'Temp' });
    const deleted = value(await remove.execute(envelope(org, CUSTOMER_REQUESTS.delete, { external_id: 'to-delete' })));
    expect(deleted).toMatchObject({ lago_id: created.lago_id, external_id: 'to-delete', name: 'Temp' });
    expect(ids(await find({ external_id: 'to-delete' }))).toEqual([]);
    expect(await remove.execute(envelope(org, CUSTOMER_REQUESTS.delete, { external_id: 'to-delete' }))).toEqual({ ok: false, error: { code: 'customer_not_found' } });

    const events = await query<{ event_type: string; value: string }>(db.url, 'select event_type, value from outbox where key = $1 order by seq', [created.lago_id]);
    expect(events.map((e) => e.event_type)).toEqual(['customer.upserted', 'customer.deleted']);
    expect((JSON.parse(events[1]!.value) as { payload: CustomerV1 }).payload.lago_id).toBe(created.lago_id);

    const again = await create({ external_id: 'to-delete' });
    expect(again.lago_id).not.toBe(created.lago_id);
    expect(again.sequential_id).toBeGreaterThan(created.sequential_id);
    expect(await query(db.url, "select count(*)::int as n from customers where external_id = 'to-delete'")).toEqual([{ n: 2 }]);
  });
});
