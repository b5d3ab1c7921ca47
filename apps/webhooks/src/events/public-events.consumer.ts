import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IsUUID } from 'class-validator';
import {
  CUSTOMER_EVENTS,
  INVOICE_EVENTS,
  PAYMENT_REQUEST_EVENTS,
  PROVIDER_CUSTOMER_EVENTS,
  ProviderCustomerEventV1,
  TOPICS,
  type EventEnvelope,
  type PaymentRequestV1,
} from '@app/contracts';
import { afterCommit, EventConsumer, sql, type ConsumeOutcome, type EventConsumerSpec, type EventHandler } from '@app/messaging';
import { lagoWebhooksFor } from '../delivery/lago-webhooks';
import { queueEmail, queueWebhooks } from '../delivery/queue';
import { DeliveryRunner } from '../delivery/delivery-runner';
import { renderPaymentRequestEmail } from '../email/payment-request-email';
import { organizationKey, organizationName } from '../signing/signing-keys';
import { DELIVERY_OPTIONS } from '../delivery/delivery-options';
import type { DeliveryOptions } from '../config/webhooks.env';

/** What the webhooks service reads of a Lago object to accept an event; the rest is passed on as it came. */
class LagoObjectRef {
  @IsUUID() lago_id!: string;
}

class PaymentErrorRef {
  @IsUUID() lago_payment_request_id!: string;
}

/** Emails are retried like webhooks, for longer: an SMTP outage should not lose a payment reminder. */
const EMAIL_ATTEMPTS = 10;

/**
 * Turns the public events into Lago's webhooks for every endpoint of the organization, and sends
 * the "payment requested" email, each queued in the consumer's inbox transaction so an event
 * queues them exactly once. The deliveries themselves run in the DeliveryRunner, so a slow
 * endpoint never holds a partition.
 */
@Controller()
export class PublicEventsConsumer {
  constructor(
    private readonly events: EventConsumer,
    private readonly runner: DeliveryRunner,
    @Inject(DELIVERY_OPTIONS) private readonly options: DeliveryOptions,
  ) {}

  /** Webhooks and emails queued so far by this process (a rolled-back one only costs a spare wake-up). */
  private queued = 0;

  @EventPattern(TOPICS.customers)
  onCustomerEvent(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.consume(raw, ctx, 'webhooks.customers', {
      [CUSTOMER_EVENTS.upserted]: {
        payload: LagoObjectRef,
        apply: async (em: EntityManager, event: EventEnvelope<LagoObjectRef>) => {
          // A change another service's event made (the provider's id stored, a currency adopted) is no customer.updated in Lago.
          if (event.caused_by) return;
          const seen = await sql(em, 'insert into known_customers (customer_id, organization_id) values (?, ?) on conflict do nothing returning customer_id', [
            event.payload.lago_id,
            event.organization_id,
          ]);
          await this.queue(em, event, { customerIsNew: seen.length > 0 });
        },
      },
    });
  }

  @EventPattern(TOPICS.providerCustomers)
  onProviderCustomerEvent(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    const handler: EventHandler<ProviderCustomerEventV1> = { payload: ProviderCustomerEventV1, apply: (em, event) => this.queue(em, event) };
    return this.consume(raw, ctx, 'webhooks.provider-customers', Object.fromEntries(Object.values(PROVIDER_CUSTOMER_EVENTS).map((type) => [type, handler])));
  }

  @EventPattern(TOPICS.invoices)
  onInvoiceEvent(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    const handler: EventHandler<LagoObjectRef> = { payload: LagoObjectRef, apply: (em, event) => this.queue(em, event) };
    return this.consume(raw, ctx, 'webhooks.invoices', Object.fromEntries(Object.values(INVOICE_EVENTS).map((type) => [type, handler])));
  }

  @EventPattern(TOPICS.paymentRequests)
  onPaymentRequestEvent(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.consume(raw, ctx, 'webhooks.payment-requests', {
      [PAYMENT_REQUEST_EVENTS.created]: {
        payload: LagoObjectRef,
        apply: async (em: EntityManager, event: EventEnvelope<LagoObjectRef>) => {
          await this.queue(em, event);
          const request = event.payload as unknown as PaymentRequestV1;
          await this.remember(em, event, request);
          // Without a payment provider nothing is charged: the customer is asked to pay (Lago's PaymentRequestMailer).
          if (!request.customer?.billing_configuration?.payment_provider) await this.requestPayment(em, event, request);
        },
      },
      [PAYMENT_REQUEST_EVENTS.paymentStatusUpdated]: {
        payload: LagoObjectRef,
        apply: async (em: EntityManager, event: EventEnvelope<LagoObjectRef>) => {
          await this.queue(em, event);
          await this.remember(em, event, event.payload as unknown as PaymentRequestV1);
        },
      },
      [PAYMENT_REQUEST_EVENTS.paymentFailure]: {
        payload: PaymentErrorRef,
        apply: async (em: EntityManager, event: EventEnvelope<PaymentErrorRef>) => {
          await this.queue(em, event);
          // A failed charge asks the customer again, with the request as last published.
          const [stored] = await sql<{ payload: PaymentRequestV1 }>(em, 'select payload from payment_requests where id = ? and organization_id = ?', [
            event.payload.lago_payment_request_id,
            event.organization_id,
          ]);
          if (stored) await this.requestPayment(em, event, stored.payload);
        },
      },
    });
  }

  private async consume(raw: unknown, ctx: KafkaContext, consumer: string, handlers: EventConsumerSpec['handlers']): Promise<ConsumeOutcome> {
    const before = this.queued;
    const outcome = await this.events.consume(raw, ctx, { consumer, handlers });
    // Most events queue nothing (an organization without endpoints): the runner then stays asleep.
    if (outcome === 'applied' && this.queued > before) afterCommit(() => this.runner.nudge());
    return outcome;
  }

  private async queue(em: EntityManager, event: EventEnvelope<object>, context: { customerIsNew?: boolean } = {}): Promise<void> {
    const webhooks = lagoWebhooksFor(event.event_type, event.payload, context);
    this.queued += await queueWebhooks(em, event.organization_id, event.event_id, webhooks, this.options.maxAttempts);
  }

  private async remember(em: EntityManager, event: EventEnvelope<object>, request: PaymentRequestV1): Promise<void> {
    await organizationKey(em, event.organization_id, event.organization_name);
    await sql(
      em,
      `insert into payment_requests (id, organization_id, payload, updated_at) values (?, ?, ?::jsonb, ?)
       on conflict (id) do update set payload = excluded.payload, updated_at = excluded.updated_at where payment_requests.updated_at <= excluded.updated_at`,
      [request.lago_id, event.organization_id, JSON.stringify(request), event.occurred_at],
    );
  }

  /** Queues the "payment requested" email to the request's address; none when it is blank. */
  private async requestPayment(em: EntityManager, event: EventEnvelope<object>, request: PaymentRequestV1): Promise<void> {
    const to = request.email?.trim();
    if (!to) return;
    const name = (await organizationName(em, event.organization_id)) ?? 'your supplier';
    const message = renderPaymentRequestEmail(request, name);
    await queueEmail(
      em,
      { organizationId: event.organization_id, eventId: event.event_id, kind: 'payment_requested', recipients: to, subject: message.subject, text: message.text, html: message.html },
      EMAIL_ATTEMPTS,
    );
    this.queued++;
  }
}
