import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { INVOICE_EVENTS, TOPICS } from '@app/contracts';
import { EventConsumer, Outbox, type DeadLetterQueue, type Inbox, type InboxEntry, type ParkedMessage } from '@app/messaging';
import { fakeKafkaContext } from '@app/test-support/kafka-context';
import { InvoiceAmountsRepository } from '../replicas/invoice-amounts.repository';
import { InvoiceEventsConsumer } from './invoice-events.consumer';

const ORGANIZATION_ID = '3f1c2b4a-7d6e-4c5b-9a8f-0e1d2c3b4a59';
const CUSTOMER_ID = '5b6a7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';

/** Finds no customer, so the currency consumer has nothing to change. */
const fakeEm = { findOne: async () => null } as unknown as EntityManager;

/** Inbox that runs the work with `fakeEm`, except for the consumers named as already done. */
class FakeInbox {
  readonly entries: InboxEntry[] = [];
  constructor(private readonly done: string[] = []) {}

  async once(entry: InboxEntry, apply: (em: EntityManager) => Promise<void>): Promise<boolean> {
    this.entries.push(entry);
    if (this.done.includes(entry.consumer)) return false;
    await apply(fakeEm);
    return true;
  }
}

class FakeDeadLetters {
  readonly parked: { consumer: string; reason: string }[] = [];

  async park(_message: ParkedMessage, consumer: string, reason: string): Promise<void> {
    this.parked.push({ consumer, reason });
  }
}

/** A few fields of Lago's invoice object beyond those read, as the event carries the full one. */
function invoicePayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    lago_id: '0d9c8b7a-6f5e-4d3c-8b2a-190817263544',
    number: 'LAG-0001-001-001',
    invoice_type: 'one_off',
    status: 'finalized',
    payment_status: 'pending',
    payment_overdue: false,
    currency: 'EUR',
    total_amount_cents: 12_000,
    total_paid_amount_cents: 2_000,
    total_due_amount_cents: 10_000,
    created_at: '2026-11-21T10:15:00Z',
    updated_at: '2026-11-21T10:15:30Z',
    customer: { lago_id: CUSTOMER_ID, external_id: 'cust-1', currency: null },
    fees: [],
    ...overrides,
  };
}

function message(eventType: string, payload = invoicePayload()): string {
  return JSON.stringify({
    event_id: randomUUID(),
    event_type: eventType,
    event_version: 1,
    occurred_at: '2026-11-21T10:15:30.250Z',
    organization_id: ORGANIZATION_ID,
    producer: 'invoicing',
    correlation_id: null,
    payload,
  });
}

describe('InvoiceEventsConsumer', () => {
  let inbox: FakeInbox;
  let deadLetters: FakeDeadLetters;
  let applied: jest.SpyInstance;

  const consume = (value: string) => {
    const events = new EventConsumer(inbox as unknown as Inbox, deadLetters as unknown as DeadLetterQueue, {
      service: 'customers',
      kafka: { brokers: [], clientId: 'c' },
      retry: { maxAttempts: 2, initialBackoffMs: 1, maxBackoffMs: 1 },
    });
    return new InvoiceEventsConsumer(events, new Outbox('customers')).onInvoiceEvent(value, fakeKafkaContext(value, { topic: TOPICS.invoices, offset: '7' }));
  };
  const consumers = () => inbox.entries.map((e) => e.consumer);

  beforeEach(() => {
    inbox = new FakeInbox();
    deadLetters = new FakeDeadLetters();
    applied = jest.spyOn(InvoiceAmountsRepository.prototype, 'applyEvent').mockResolvedValue(undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('runs invoice.created through the currency consumer, then the amounts consumer', async () => {
    await expect(consume(message(INVOICE_EVENTS.created))).resolves.toEqual({ currency: 'applied', amounts: 'applied' });

    expect(consumers()).toEqual(['customers.invoice-currency', 'customers.invoice-amounts']);
    expect(applied).toHaveBeenCalledTimes(1);
    expect(applied).toHaveBeenCalledWith(ORGANIZATION_ID, expect.objectContaining({ total_amount_cents: 12_000, customer: expect.objectContaining({ lago_id: CUSTOMER_ID }) }), '2026-11-21T10:15:30.250Z');
    expect(deadLetters.parked).toEqual([]);
  });

  it.each([INVOICE_EVENTS.paymentStatusUpdated, INVOICE_EVENTS.paymentOverdue, INVOICE_EVENTS.voided, INVOICE_EVENTS.paymentDisputeLost])(
    'applies %s to the amounts only; the currency consumer ignores it without an inbox row',
    async (type) => {
      await expect(consume(message(type, invoicePayload({ status: 'voided' })))).resolves.toEqual({ currency: 'ignored', amounts: 'applied' });

      expect(consumers()).toEqual(['customers.invoice-amounts']);
      expect(applied).toHaveBeenCalledWith(ORGANIZATION_ID, expect.objectContaining({ status: 'voided' }), '2026-11-21T10:15:30.250Z');
    },
  );

  it('finishes only the amounts when the currency consumer had already applied the event (redelivery)', async () => {
    inbox = new FakeInbox(['customers.invoice-currency']);

    await expect(consume(message(INVOICE_EVENTS.created))).resolves.toEqual({ currency: 'duplicate', amounts: 'applied' });
    expect(applied).toHaveBeenCalledTimes(1);
  });

  it('changes nothing when both consumers had applied it', async () => {
    inbox = new FakeInbox(['customers.invoice-currency', 'customers.invoice-amounts']);

    await expect(consume(message(INVOICE_EVENTS.created))).resolves.toEqual({ currency: 'duplicate', amounts: 'duplicate' });
    expect(applied).not.toHaveBeenCalled();
  });

  it('parks for the amounts consumer alone a payload only it cannot read, and still adopts the currency', async () => {
    const value = message(INVOICE_EVENTS.created, invoicePayload({ total_amount_cents: '12000', payment_overdue: undefined }));

    await expect(consume(value)).resolves.toEqual({ currency: 'applied', amounts: 'parked' });

    expect(applied).not.toHaveBeenCalled();
    expect(deadLetters.parked).toHaveLength(1);
    expect(deadLetters.parked[0].consumer).toBe('customers.invoice-amounts');
    expect(deadLetters.parked[0].reason).toContain('total_amount_cents');
    expect(deadLetters.parked[0].reason).toContain('payment_overdue');
  });

  it('parks an event without its customer for the amounts consumer', async () => {
    const value = message(INVOICE_EVENTS.voided, invoicePayload({ customer: undefined }));

    await expect(consume(value)).resolves.toEqual({ currency: 'ignored', amounts: 'parked' });
    expect(deadLetters.parked[0].reason).toContain('customer');
  });

  it('accepts an invoice without updated_at (occurred_at then orders it)', async () => {
    await expect(consume(message(INVOICE_EVENTS.voided, invoicePayload({ updated_at: undefined })))).resolves.toEqual({ currency: 'ignored', amounts: 'applied' });
  });
});
