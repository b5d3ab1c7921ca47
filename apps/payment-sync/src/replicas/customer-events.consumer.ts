import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { CUSTOMER_EVENTS, CustomerV1, TOPICS } from '@app/contracts';
import { EventConsumer, type ConsumeOutcome } from '@app/messaging';
import { CustomerReplicaRepository } from './customer-replica.repository';

/** Keeps the customer replica from `billing.customers.v1`. */
@Controller()
export class CustomerEventsConsumer {
  constructor(private readonly events: EventConsumer) {}

  @EventPattern(TOPICS.customers)
  onCustomerEvent(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.events.consume(raw, ctx, {
      consumer: 'payment-sync.customer-replica',
      handlers: {
        [CUSTOMER_EVENTS.upserted]: {
          payload: CustomerV1,
          apply: (em, event) => new CustomerReplicaRepository(em).upsert(event.organization_id, event.payload, null),
        },
        [CUSTOMER_EVENTS.deleted]: {
          payload: CustomerV1,
          apply: (em, event) => new CustomerReplicaRepository(em).upsert(event.organization_id, event.payload, new Date(event.occurred_at)),
        },
      },
    });
  }
}
