import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { TAX_EVENTS, TaxV1, TOPICS } from '@app/contracts';
import { EventConsumer, type ConsumeOutcome } from '@app/messaging';
import { TaxReplicaRepository } from './tax-replica.repository';

/** Keeps the tax copy from `billing.taxes.v1`, so customer objects show current taxes. */
@Controller()
export class TaxEventsConsumer {
  constructor(private readonly events: EventConsumer) {}

  @EventPattern(TOPICS.taxes)
  onTaxEvent(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.events.consume(raw, ctx, {
      consumer: 'customers.tax-replica',
      handlers: {
        [TAX_EVENTS.upserted]: {
          payload: TaxV1,
          apply: (em, event) => new TaxReplicaRepository(em).applyEvent(event.organization_id, event.payload, event.occurred_at, false),
        },
        [TAX_EVENTS.deleted]: {
          payload: TaxV1,
          apply: (em, event) => new TaxReplicaRepository(em).applyEvent(event.organization_id, event.payload, event.occurred_at, true),
        },
      },
    });
  }
}
