import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import type { EntityManager } from '@mikro-orm/postgresql';
import { INVOICE_EVENTS, InvoiceIssuedRefV1, TOPICS, type EventEnvelope } from '@app/contracts';
import { EventConsumer, Outbox, type ConsumeOutcome } from '@app/messaging';
import { changeCustomerFromEvent } from './customer-event-change';

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

  private adoptCurrency(em: EntityManager, event: EventEnvelope<InvoiceIssuedRefV1>): Promise<void> {
    return changeCustomerFromEvent(em, this.outbox, event, { id: event.payload.customer.lago_id, currency: null }, (customer) => {
      if (customer.currency !== null) return false;
      customer.currency = event.payload.currency;
      return true;
    });
  }
}
