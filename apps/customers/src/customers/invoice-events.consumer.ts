import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CUSTOMER_EVENTS, INVOICE_EVENTS, InvoiceIssuedRefV1, TOPICS, type EventEnvelope } from '@app/contracts';
import { EventConsumer, Outbox, type ConsumeOutcome } from '@app/messaging';
import { Customer } from './customer.entity';
import { toCustomerV1 } from './customer.mapper';
import { CustomerRepository } from './customer.repository';

/**
 * `invoice.created` from invoicing: a customer without a currency takes the currency of its first
 * invoice (Lago's one-off invoice sets it when blank) and publishes `customer.upserted`. A customer
 * that already has one, or was deleted since, is left alone, so a redelivery changes nothing.
 */
@Controller()
export class InvoiceEventsConsumer {
  constructor(
    private readonly events: EventConsumer,
    private readonly outbox: Outbox,
  ) {}

  @EventPattern(TOPICS.invoices)
  onInvoiceEvent(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.events.consume(raw, ctx, {
      consumer: 'customers.invoice-currency',
      handlers: {
        [INVOICE_EVENTS.created]: { payload: InvoiceIssuedRefV1, apply: (em, event) => this.adoptCurrency(em, event) },
      },
    });
  }

  private async adoptCurrency(em: EntityManager, event: EventEnvelope<InvoiceIssuedRefV1>): Promise<void> {
    const where = { organizationId: event.organization_id, id: event.payload.customer.lago_id, deletedAt: null, currency: null };
    const candidate = await em.findOne(Customer, where, { fields: ['externalId'] });
    if (!candidate) return;
    // The upsert's lock: an upsert of the same customer runs wholly before or after this change.
    const customers = new CustomerRepository(em);
    await customers.lockExternalId(event.organization_id, candidate.externalId);
    const customer = await em.findOne(Customer, where, { populate: ['metadata', 'integrations'], refresh: true });
    if (!customer) return;
    const now = new Date();
    customer.currency = event.payload.currency;
    customer.updatedAt = now;
    await em.flush();
    await customers.loadTaxes([customer]);
    const view = toCustomerV1(customer);
    await this.outbox.add(em, {
      organizationId: event.organization_id,
      correlationId: event.correlation_id ?? event.event_id,
      topic: TOPICS.customers,
      key: view.lago_id,
      type: CUSTOMER_EVENTS.upserted,
      payload: view,
      occurredAt: now,
    });
  }
}
