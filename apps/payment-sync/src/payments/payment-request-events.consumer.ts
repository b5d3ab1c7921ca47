import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { IsIn, IsInt, IsObject, IsString, IsUUID } from 'class-validator';
import { PAYMENT_REQUEST_EVENTS, TOPICS, type CustomerV1, type InvoiceV1, type PaymentRequestV1 } from '@app/contracts';
import { afterCommit, EventConsumer, type ConsumeOutcome } from '@app/messaging';
import { ProviderJobRunner } from '../jobs/provider-job.runner';
import { ChargeService } from './charge.service';

/** What payment-sync checks of a `payment_request.created` payload before charging it. */
class PaymentRequestCreatedV1 implements PaymentRequestV1 {
  @IsUUID() lago_id!: string;
  @IsInt() amount_cents!: number;
  @IsString() amount_currency!: string;
  email!: string | null;
  @IsIn(['pending', 'succeeded', 'failed']) payment_status!: PaymentRequestV1['payment_status'];
  @IsString() created_at!: string;
  @IsObject() customer!: CustomerV1;
  invoices!: InvoiceV1[];
}

/** `payment_request.created`: charges the customer's provider (once, whatever the redeliveries). */
@Controller()
export class PaymentRequestEventsConsumer {
  constructor(
    private readonly events: EventConsumer,
    private readonly charges: ChargeService,
    private readonly jobs: ProviderJobRunner,
  ) {}

  @EventPattern(TOPICS.paymentRequests)
  async onPaymentRequestEvent(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    let queued = false;
    const outcome = await this.events.consume(raw, ctx, {
      consumer: 'payment-sync.charges',
      handlers: {
        [PAYMENT_REQUEST_EVENTS.created]: {
          payload: PaymentRequestCreatedV1,
          apply: async (em, event) => {
            queued = await this.charges.onPaymentRequestCreated(em, event.organization_id, event.payload, event.correlation_id ?? event.event_id);
          },
        },
      },
    });
    if (outcome === 'applied' && queued) afterCommit(() => this.jobs.nudge());
    return outcome;
  }
}
