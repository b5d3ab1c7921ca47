import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { CUSTOMER_REQUESTS, INVOICE_EVENTS, TOPICS, type InvoiceAmountsRefV1, type OrganizationContextV1, type RpcReplyV1, type UpsertCustomerV1 } from '@app/contracts';
import { EventConsumer, Inbox, Outbox, OutboxRelay, sql, UnitOfWork, type DeadLetterQueue, type KafkaProducer } from '@app/messaging';
import { createServiceDatabase, fakeKafkaContext, query } from '@app/test-support';
import { customersOrmConfig } from '../src/config/mikro-orm.config';
import { InvoiceEventsConsumer } from '../src/customers/invoice-events.consumer';
import { UpsertCustomer } from '../src/customers/use-cases/upsert-customer.use-case';
import { customerAmountsSql, InvoiceAmountsRepository, type CustomerAmounts } from '../src/replicas/invoice-amounts.repository';

const org: OrganizationContextV1 = { id: randomUUID(), name: 'Lago', document_number_prefix: 'LAG-0001', default_billing_entity_code: 'lago' };

function value<T>(reply: RpcReplyV1<T>): T {
  if (!reply.ok) throw new Error(`refused: ${JSON.stringify(reply.error)}`);
  return reply.value;
}

/** The fields of an invoice event payload the replica reads; a finalized, unpaid EUR invoice unless told. */
function invoice(customerId: string, overrides: Partial<InvoiceAmountsRefV1> = {}): InvoiceAmountsRefV1 {
  return {
    lago_id: randomUUID(),
    status: 'finalized',
    payment_status: 'pending',
    currency: 'EUR',
    total_amount_cents: 10_000,
    total_paid_amount_cents: 0,
    payment_overdue: false,
    updated_at: '2026-11-21T10:00:00Z',
    customer: { lago_id: customerId },
    ...overrides,
  };
}

describe('invoice amounts replica on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createServiceDatabase>>;
  let orm: MikroORM;
  let uow: UnitOfWork;
  let alice: string;
  let bob: string;
  let carol: string;

  const apply = (payload: InvoiceAmountsRefV1, occurredAt: string) => new InvoiceAmountsRepository(orm.em.fork()).applyEvent(org.id, payload, occurredAt);
  const amountsOf = (ids: string[]) => new InvoiceAmountsRepository(orm.em.fork()).amountsOf(ids);
  const stored = async (invoiceId: string) => {
    const [row] = await query<Record<string, unknown>>(
      db.url,
      `select organization_id, customer_id, currency, status, total_amount_cents::int as total, total_paid_amount_cents::int as paid,
              payment_overdue, source_time from invoice_amounts where invoice_id = $1`,
      [invoiceId],
    );
    return row;
  };
  /** The amounts as SQL on the customers table computes them, with `customerAmountsSql`. */
  const amountsBySql = async (ids: string[]) => {
    const a = customerAmountsSql('c');
    const rows = await sql<{ id: string; total: string; paid: string; balance: string; overdue: boolean }>(
      orm.em.fork(),
      `select c.id, ${a.total} as total, ${a.paid} as paid, ${a.balance} as balance, ${a.overdue} as overdue
         from customers c where c.id = any(?::uuid[])`,
      [`{${ids.join(',')}}`],
    );
    return new Map<string, CustomerAmounts>(
      rows.map((r) => [r.id, { total_cents: Number(r.total), paid_cents: Number(r.paid), balance_cents: Number(r.balance), overdue: r.overdue }]),
    );
  };

  beforeAll(async () => {
    db = await createServiceDatabase('customers');
    orm = await MikroORM.init(customersOrmConfig(db.url));
    uow = new UnitOfWork(orm, new OutboxRelay(orm, {} as KafkaProducer, { service: 'customers', kafka: { brokers: [], clientId: 'c' } }));
    const upsert = new UpsertCustomer(uow, new Outbox('customers'));
    const create = async (payload: UpsertCustomerV1) =>
      value(
        await upsert.execute({
          request_id: randomUUID(),
          type: CUSTOMER_REQUESTS.upsert,
          organization: org,
          correlation_id: 'c',
          deadline: new Date(Date.now() + 60_000).toISOString(),
          payload,
        }),
      ).lago_id;
    alice = await create({ external_id: 'amounts-alice', name: 'Alice', currency: 'EUR' });
    bob = await create({ external_id: 'amounts-bob', name: 'Bob', currency: 'EUR' });
    carol = await create({ external_id: 'amounts-carol', name: 'Carol', currency: 'EUR' });
  });

  afterAll(async () => {
    await orm.close(true);
    await db.drop();
  });

  it('inserts an invoice’s amounts, then takes a newer state of it', async () => {
    const created = invoice(randomUUID(), { total_amount_cents: 12_000, payment_overdue: true });
    await apply(created, '2026-11-21T10:00:00.100Z');
    expect(await stored(created.lago_id)).toEqual({
      organization_id: org.id,
      customer_id: created.customer.lago_id,
      currency: 'EUR',
      status: 'finalized',
      total: 12_000,
      paid: 0,
      payment_overdue: true,
      source_time: new Date('2026-11-21T10:00:00.100Z'),
    });

    await apply({ ...created, total_paid_amount_cents: 12_000, payment_overdue: false, updated_at: '2026-11-21T10:05:00Z' }, '2026-11-21T10:05:00.300Z');
    expect(await stored(created.lago_id)).toMatchObject({ total: 12_000, paid: 12_000, payment_overdue: false, source_time: new Date('2026-11-21T10:05:00.300Z') });
  });

  it('never lets an older event overwrite a newer state, across seconds or within one', async () => {
    const paid = invoice(randomUUID(), { total_paid_amount_cents: 10_000, updated_at: '2026-11-21T11:00:00Z' });
    await apply(paid, '2026-11-21T11:00:00.900Z');

    // Issued earlier in the same second: updated_at ties, occurred_at is older.
    await apply({ ...paid, total_paid_amount_cents: 0 }, '2026-11-21T11:00:00.100Z');
    expect(await stored(paid.lago_id)).toMatchObject({ paid: 10_000, source_time: new Date('2026-11-21T11:00:00.900Z') });

    // A state of an earlier second, delivered late.
    await apply({ ...paid, total_paid_amount_cents: 0, payment_overdue: true, updated_at: '2026-11-21T10:59:59Z' }, '2026-11-21T10:59:59.500Z');
    expect(await stored(paid.lago_id)).toMatchObject({ paid: 10_000, payment_overdue: false });

    // Without a readable updated_at, occurred_at orders it: older is refused, newer applies.
    await apply({ ...paid, status: 'voided', updated_at: null }, '2026-11-21T10:30:00Z');
    expect(await stored(paid.lago_id)).toMatchObject({ status: 'finalized' });
    await apply({ ...paid, status: 'voided', updated_at: 'not a time' }, '2026-11-21T12:00:00Z');
    expect(await stored(paid.lago_id)).toMatchObject({ status: 'voided', source_time: new Date('2026-11-21T12:00:00Z') });
  });

  it('takes a redelivered event again without error or change', async () => {
    const issued = invoice(randomUUID(), { total_amount_cents: 4_200 });
    await apply(issued, '2026-11-21T10:00:00.250Z');
    const before = await stored(issued.lago_id);
    await apply(issued, '2026-11-21T10:00:00.250Z');
    expect(await stored(issued.lago_id)).toEqual(before);
    expect(await query(db.url, 'select count(*)::int as n from invoice_amounts where invoice_id = $1', [issued.lago_id])).toEqual([{ n: 1 }]);
  });

  describe('per customer', () => {
    let overdueInvoice: InvoiceAmountsRefV1;

    beforeAll(async () => {
      const at = '2026-11-21T10:00:00.500Z';
      overdueInvoice = invoice(alice, { total_amount_cents: 10_000, total_paid_amount_cents: 4_000, payment_overdue: true });
      await apply(overdueInvoice, at);
      // Flagged overdue but fully paid: counts in the sums, not in overdue.
      await apply(invoice(alice, { total_amount_cents: 5_000, total_paid_amount_cents: 5_000, payment_overdue: true }), at);
      // Voided, draft and failed invoices owe nothing, overdue flag or not.
      await apply(invoice(alice, { status: 'voided', total_amount_cents: 7_000, payment_overdue: true }), at);
      await apply(invoice(alice, { status: 'draft', total_amount_cents: 3_000 }), at);
      await apply(invoice(alice, { status: 'failed', total_amount_cents: 900, payment_overdue: true }), at);
      await apply(invoice(bob, { total_amount_cents: 2_000 }), at);
      await apply(invoice(bob, { total_amount_cents: 1_500, total_paid_amount_cents: 500 }), at);
    });

    it('sums finalized invoices only, per customer, and leaves out customers without invoices', async () => {
      const amounts = await amountsOf([alice, bob, carol]);
      expect(amounts.get(alice)).toEqual({ total_cents: 15_000, paid_cents: 9_000, balance_cents: 6_000, overdue: true });
      expect(amounts.get(bob)).toEqual({ total_cents: 3_500, paid_cents: 500, balance_cents: 3_000, overdue: false });
      expect(amounts.has(carol)).toBe(false);
      expect(amounts.size).toBe(2);
      expect(await amountsOf([])).toEqual(new Map());
    });

    it('agrees with customerAmountsSql, which gives zeros to a customer without invoices', async () => {
      const bySql = await amountsBySql([alice, bob, carol]);
      const byRepository = await amountsOf([alice, bob, carol]);
      expect(bySql.get(alice)).toEqual(byRepository.get(alice));
      expect(bySql.get(bob)).toEqual(byRepository.get(bob));
      expect(bySql.get(carol)).toEqual({ total_cents: 0, paid_cents: 0, balance_cents: 0, overdue: false });
    });

    it('lets SQL filter and sort customers on the amounts', async () => {
      const a = customerAmountsSql('c');
      const ids = `{${[alice, bob, carol].join(',')}}`;
      const overdue = await sql<{ id: string }>(orm.em.fork(), `select c.id from customers c where c.id = any(?::uuid[]) and ${a.overdue}`, [ids]);
      expect(overdue.map((r) => r.id)).toEqual([alice]);
      const byBalance = await sql<{ id: string }>(orm.em.fork(), `select c.id from customers c where c.id = any(?::uuid[]) order by ${a.balance} desc`, [ids]);
      expect(byBalance.map((r) => r.id)).toEqual([alice, bob, carol]);
    });

    it('stops counting a customer overdue once its overdue invoice is paid', async () => {
      await apply({ ...overdueInvoice, total_paid_amount_cents: 10_000, payment_overdue: false, updated_at: '2026-11-21T10:10:00Z' }, '2026-11-21T10:10:00.000Z');
      const amounts = await amountsOf([alice]);
      expect(amounts.get(alice)).toEqual({ total_cents: 15_000, paid_cents: 15_000, balance_cents: 0, overdue: false });
      expect((await amountsBySql([alice])).get(alice)).toEqual(amounts.get(alice));
    });
  });

  it('counts an invoice whose payment succeeded as paid in full, even when it was marked paid by hand', async () => {
    const dave = randomUUID();
    await apply(invoice(dave, { total_amount_cents: 2_500, payment_status: 'succeeded', payment_overdue: true }), '2026-11-21T10:00:00.500Z');
    await apply(invoice(dave, { total_amount_cents: 1_000, payment_status: 'failed', total_paid_amount_cents: 0 }), '2026-11-21T10:00:00.500Z');
    const amounts = await amountsOf([dave]);
    expect(amounts.get(dave)).toEqual({ total_cents: 3_500, paid_cents: 2_500, balance_cents: 1_000, overdue: false });
  });

  it('applies each invoice event once through the customers.invoice-amounts inbox', async () => {
    const parked: string[] = [];
    const events = new EventConsumer(new Inbox(uow), { park: async (_m: unknown, _c: string, reason: string) => void parked.push(reason) } as unknown as DeadLetterQueue, {
      service: 'customers',
      kafka: { brokers: [], clientId: 'c' },
    });
    const consumer = new InvoiceEventsConsumer(events, new Outbox('customers'));
    const customerId = randomUUID();
    const payload = { ...invoice(customerId, { total_amount_cents: 800, status: 'voided' }), number: 'LAG-0001-001-009', fees: [] };
    const message = JSON.stringify({
      event_id: randomUUID(),
      event_type: INVOICE_EVENTS.voided,
      event_version: 1,
      occurred_at: '2026-11-21T10:00:00.000Z',
      organization_id: org.id,
      producer: 'invoicing',
      correlation_id: null,
      payload,
    });
    const deliver = () => consumer.onInvoiceEvent(message, fakeKafkaContext(message, { topic: TOPICS.invoices, offset: '3' }));

    await expect(deliver()).resolves.toEqual({ currency: 'ignored', amounts: 'applied' });
    await expect(deliver()).resolves.toEqual({ currency: 'ignored', amounts: 'duplicate' });
    expect(parked).toEqual([]);
    expect(await stored(payload.lago_id)).toMatchObject({ customer_id: customerId, status: 'voided', total: 800 });
    expect(await query(db.url, "select consumer from inbox where consumer like 'customers.invoice-%' order by consumer")).toEqual([{ consumer: 'customers.invoice-amounts' }]);
  });
});
