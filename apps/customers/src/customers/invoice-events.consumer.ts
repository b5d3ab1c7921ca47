import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import type { EntityManager } from '@mikro-orm/postgresql';
import { INVOICE_EVENTS, InvoiceAmountsRefV1, InvoiceIssuedRefV1, TOPICS, type EventEnvelope } from '@app/contracts';
import { EventConsumer, Outbox, type ConsumeOutcome, type EventHandler } from '@app/messaging';
import { InvoiceAmountsRepository } from '../replicas/invoice-amounts.repository';
import { changeCustomerFromEvent } from './customer-event-change';

/** What each of the two consumers of `billing.invoices.v1` did with one message. */
export interface InvoiceEventOutcomes {
  /** `customers.invoice-currency`: `ignored` for every type but `invoice.created`. */
  currency: ConsumeOutcome;
  /** `customers.invoice-amounts`: every invoice event type. */
  amounts: ConsumeOutcome;
}

const applyAmounts: EventHandler<InvoiceAmountsRefV1> = {
  payload: InvoiceAmountsRefV1,
  apply: (em, event) => new InvoiceAmountsRepository(em).applyEvent(event.organization_id, event.payload, event.occurred_at),
};
const AMOUNTS_HANDLERS = Object.fromEntries(Object.values(INVOICE_EVENTS).map((type) => [type, applyAmounts]));

/**
 * Two consumers of `billing.invoices.v1`:
 * - `invoice.created`: a customer without a currency takes the currency of its first invoice
 *   (Lago's one-off invoice sets it when blank) and publishes `customer.upserted`. A customer that
 *   already has one, or was deleted since, is left alone, so a redelivery changes nothing.
 * - every invoice event: the invoice's amounts replica (`invoice_amounts`), newest state wins.
 */
@Controller()
export class InvoiceEventsConsumer {
  constructor(
    private readonly events: EventConsumer,
    private readonly outbox: Outbox,
  ) {}

  @EventPattern(TOPICS.invoices)
  async onInvoiceEvent(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<InvoiceEventOutcomes> {
    // Nest routes a topic to one handler, so both consumers run here, one after the other. Each has
    // its own inbox name: it applies the event once in its own transaction and retries or parks it
    // on its own, so a redelivery after either committed finishes only the other. A type one of
    // them has no handler for is `ignored` by that one alone (nothing is written for it).
    const currency = await this.events.consume(raw, ctx, {
      consumer: 'customers.invoice-currency',
      handlers: {
        [INVOICE_EVENTS.created]: { payload: InvoiceIssuedRefV1, apply: (em, event) => this.adoptCurrency(em, event) },
      },
    });
    const amounts = await this.events.consume(raw, ctx, { consumer: 'customers.invoice-amounts', handlers: AMOUNTS_HANDLERS });
    return { currency, amounts };
  }

  private adoptCurrency(em: EntityManager, event: EventEnvelope<InvoiceIssuedRefV1>): Promise<void> {
    return changeCustomerFromEvent(em, this.outbox, event, { id: event.payload.customer.lago_id, currency: null }, (customer) => {
      if (customer.currency !== null) return false;
      customer.currency = event.payload.currency;
      return true;
    });
  }
}
