import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import type { EntityManager } from '@mikro-orm/postgresql';
import { INVOICE_EVENTS, PAYMENT_EVENTS, PAYMENT_REQUEST_EVENTS, PaymentV1, TOPICS, type EventEnvelope, type PaymentRequestPaymentErrorV1 } from '@app/contracts';
import { EventConsumer, Outbox, type ConsumeOutcome } from '@app/messaging';
import { latestCustomers } from '../invoices/customer-source';
import { applyPaymentRequestOutcome, isOneOf, PAYABLE_PAYMENT_STATUSES, type PaymentOutcomePath } from '../invoices/domain';
import { applyPaymentUpdate, paymentStateOf, toInvoiceV1 } from '../invoices/invoice.mapper';
import { Payment } from '../payments/payment.entity';
import type { Invoice } from '../invoices/invoice.entity';
import type { PaymentRequest } from './payment-request.entity';
import { PaymentRequestRepository, toPaymentRequestV1 } from './payment-request.repository';

/**
 * Applies payment outcomes from payment-sync (`billing.payments.v1`) to payment requests and their
 * invoices, once per event (inbox), with Lago's provider-webhook rules: a succeeded request pays
 * its invoices in full and clears `payment_overdue`; a failed one leaves them overdue and
 * collectable again; a request already succeeded never changes. An outcome of our own charge
 * (`origin: charge`) follows Lago's charge rules instead, and a charge the provider refused
 * publishes `payment_request.payment_failure`.
 */
@Controller()
export class PaymentEventsConsumer {
  private readonly logger = new Logger('PaymentEvents');

  constructor(
    private readonly events: EventConsumer,
    private readonly outbox: Outbox,
  ) {}

  @EventPattern(TOPICS.payments)
  onPaymentEvent(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    const apply = (em: EntityManager, event: EventEnvelope<PaymentV1>) => this.apply(em, event);
    return this.events.consume(raw, ctx, {
      consumer: 'invoicing.payments',
      handlers: {
        [PAYMENT_EVENTS.succeeded]: { payload: PaymentV1, apply },
        [PAYMENT_EVENTS.failed]: { payload: PaymentV1, apply },
      },
    });
  }

  private async apply(em: EntityManager, event: EventEnvelope<PaymentV1>): Promise<void> {
    const payment = event.payload;
    if (payment.payable_type !== 'PaymentRequest') return;
    const requests = new PaymentRequestRepository(em);
    // Objects of another organization, or not ours, are ignored.
    const request = await requests.find(event.organization_id, payment.lago_payable_id, true);
    if (!request) return;
    const invoices = (await requests.invoicesOf([request.id], true)).get(request.id) ?? [];
    if (isOneOf(PAYABLE_PAYMENT_STATUSES, payment.payable_payment_status)) await this.record(em, payment, request, invoices, new Date(event.occurred_at));
    // A failure the provider raised while charging is a charge error (Lago's ServiceFailure path).
    const path: PaymentOutcomePath = payment.origin === 'charge' ? (payment.provider_error ? 'charge_error' : 'charge') : 'provider_webhook';
    const outcome = applyPaymentRequestOutcome({
      path,
      paymentRequest: { paymentStatus: request.paymentStatus, readyForPaymentProcessing: request.readyForPaymentProcessing },
      invoices: invoices.map(paymentStateOf),
      payablePaymentStatus: payment.payable_payment_status,
    });
    if (outcome.kind !== 'applied') {
      await em.flush();
      this.logger.warn(`payment ${payment.lago_id} for ${request.id} not applied: ${outcome.kind === 'ignored' ? outcome.reason : `${outcome.error.field} ${outcome.error.code}`}`);
      return;
    }
    const now = new Date(event.occurred_at);
    request.paymentStatus = outcome.paymentRequest.paymentStatus;
    request.readyForPaymentProcessing = outcome.paymentRequest.readyForPaymentProcessing;
    request.touch(now);
    const byId = new Map(invoices.map((i) => [i.id, i]));
    for (const update of outcome.invoices) {
      const invoice = byId.get(update.id)!;
      applyPaymentUpdate(invoice, update);
      invoice.touch(now);
    }
    await em.flush();
    const customers = await latestCustomers(em, request.organizationId, [request.customerId]);
    const customer = customers.get(request.customerId) ?? request.customerSnapshot;
    const base = { organizationId: request.organizationId, correlationId: event.correlation_id ?? event.event_id, occurredAt: now };
    for (const update of outcome.invoices.filter((u) => u.notify)) {
      const invoice = byId.get(update.id)!;
      await this.outbox.add(em, { ...base, topic: TOPICS.invoices, key: invoice.id, type: INVOICE_EVENTS.paymentStatusUpdated, payload: toInvoiceV1(invoice, 'full', customer), occurredAt: invoice.updatedAt });
    }
    if (outcome.paymentRequest.notify) {
      const view = toPaymentRequestV1(request, customer, invoices);
      await this.outbox.add(em, { ...base, topic: TOPICS.paymentRequests, key: request.id, type: PAYMENT_REQUEST_EVENTS.paymentStatusUpdated, payload: view, occurredAt: request.updatedAt });
    }
    // Lago sends it for a charge error; we also send it when a webhook reports a failure with the provider's reason.
    const providerError = payment.provider_error;
    if (providerError && (outcome.sendPaymentFailureWebhook || request.paymentStatus === 'failed')) {
      const failure: PaymentRequestPaymentErrorV1 = {
        lago_payment_request_id: request.id,
        lago_invoice_ids: invoices.map((i) => i.id),
        lago_customer_id: request.customerId,
        external_customer_id: request.externalCustomerId,
        provider_customer_id: payment.provider_customer_id ?? null,
        payment_provider: payment.payment_provider ?? null,
        payment_provider_code: payment.payment_provider_code ?? null,
        provider_error: { message: providerError.message, error_code: providerError.error_code },
      };
      await this.outbox.add(em, { ...base, topic: TOPICS.paymentRequests, key: request.id, type: PAYMENT_REQUEST_EVENTS.paymentFailure, payload: failure, occurredAt: request.updatedAt });
    }
  }

  /** Keeps the provider payment for Lago's payments API (`GET /api/v1/payments`), latest status wins. */
  private async record(em: EntityManager, payment: PaymentV1, request: PaymentRequest, invoices: Invoice[], at: Date): Promise<void> {
    const existing = await em.findOne(Payment, { id: payment.lago_id });
    if (existing) {
      if (existing.organizationId !== request.organizationId) return;
      existing.status = payment.status;
      existing.payablePaymentStatus = payment.payable_payment_status;
      existing.providerPaymentId = payment.provider_payment_id ?? existing.providerPaymentId;
      existing.updatedAt = at;
      return;
    }
    em.persist(
      Object.assign(new Payment(), {
        id: payment.lago_id,
        organizationId: request.organizationId,
        customerId: request.customerId,
        externalCustomerId: request.externalCustomerId,
        payableType: 'PaymentRequest' as const,
        payableId: request.id,
        invoiceIds: invoices.map((i) => i.id),
        paymentType: 'provider' as const,
        amountCents: payment.amount_cents,
        amountCurrency: payment.amount_currency,
        status: payment.status,
        payablePaymentStatus: payment.payable_payment_status,
        providerPaymentId: payment.provider_payment_id ?? null,
        createdAt: new Date(payment.created_at),
        updatedAt: at,
      }),
    );
  }
}
