import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import type { EntityManager } from '@mikro-orm/postgresql';
import { PROVIDER_CUSTOMER_EVENTS, ProviderCustomerEventV1, TOPICS, type EventEnvelope } from '@app/contracts';
import { EventConsumer, Outbox, type ConsumeOutcome } from '@app/messaging';
import { changeCustomerFromEvent } from './customer-event-change';

/**
 * `customer.payment_provider_created` from payment-sync: the customer's account at that provider
 * takes the provider's id, so `GET /customers/:id` shows it, and `customer.upserted` goes out.
 * An account that already has this id (a redelivery), or was removed since, is left alone.
 */
@Controller()
export class ProviderCustomerEventsConsumer {
  constructor(
    private readonly events: EventConsumer,
    private readonly outbox: Outbox,
  ) {}

  @EventPattern(TOPICS.providerCustomers)
  onProviderCustomerEvent(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.events.consume(raw, ctx, {
      consumer: 'customers.provider-customers',
      handlers: {
        [PROVIDER_CUSTOMER_EVENTS.created]: { payload: ProviderCustomerEventV1, apply: (em, event) => this.storeProviderId(em, event) },
      },
    });
  }

  private storeProviderId(em: EntityManager, event: EventEnvelope<ProviderCustomerEventV1>): Promise<void> {
    const { lago_customer_id, payment_provider, provider_customer_id } = event.payload;
    if (!provider_customer_id) return Promise.resolve();
    return changeCustomerFromEvent(em, this.outbox, event, { id: lago_customer_id }, (customer) => {
      const link = customer.providerLinks.find((l) => l.provider === payment_provider);
      if (!link || link.provider_customer_id === provider_customer_id) return false;
      customer.providerLinks = customer.providerLinks.map((l) => (l === link ? { ...l, provider_customer_id } : l));
      return true;
    });
  }
}
