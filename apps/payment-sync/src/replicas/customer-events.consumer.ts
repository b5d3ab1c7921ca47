import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { CUSTOMER_EVENTS, CustomerV1, TOPICS } from '@app/contracts';
import { afterCommit, EventConsumer, type ConsumeOutcome } from '@app/messaging';
import { ProviderJobRunner } from '../jobs/provider-job.runner';
import { CustomerSync } from '../provider-customers/customer-sync.service';
import { CustomerReplicaRepository } from './customer-replica.repository';

/**
 * Keeps the customer replica from `billing.customers.v1` and, in the same transaction, decides the
 * customer's provider sync (a queued creation runs once the transaction commits).
 */
@Controller()
export class CustomerEventsConsumer {
  constructor(
    private readonly events: EventConsumer,
    private readonly sync: CustomerSync,
    private readonly jobs: ProviderJobRunner,
  ) {}

  @EventPattern(TOPICS.customers)
  async onCustomerEvent(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    let queued = false;
    const outcome = await this.events.consume(raw, ctx, {
      consumer: 'payment-sync.customer-replica',
      handlers: {
        [CUSTOMER_EVENTS.upserted]: {
          payload: CustomerV1,
          apply: async (em, event) => {
            await new CustomerReplicaRepository(em).upsert(event.organization_id, event.payload, null);
            queued = await this.sync.onCustomerUpserted(em, event.organization_id, event.payload, event.correlation_id ?? event.event_id);
          },
        },
        [CUSTOMER_EVENTS.deleted]: {
          payload: CustomerV1,
          apply: (em, event) => new CustomerReplicaRepository(em).upsert(event.organization_id, event.payload, new Date(event.occurred_at)),
        },
      },
    });
    if (outcome === 'applied' && queued) afterCommit(() => this.jobs.nudge());
    return outcome;
  }
}
