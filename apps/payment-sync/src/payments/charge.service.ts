import { Injectable, Logger } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { TOPICS, type PaymentRequestV1, type PaymentV1 } from '@app/contracts';
import { Outbox, sql, UnitOfWork } from '@app/messaging';
import { ConnectionCredentials } from '../connections/connection-credentials';
import { enqueueJob, finishJob, type ProviderJob } from '../jobs/provider-jobs';
import type { ProviderJobHandler } from '../jobs/provider-job.runner';
import type { ChargeResult } from '../providers/payment-provider';
import { ProviderRegistry } from '../providers/provider-registry';
import { providerBillingOf } from '../provider-customers/customer-sync';
import { ProviderCustomerRepository } from '../provider-customers/provider-customer.repository';
import { ProviderPayment } from './provider-payment.entity';
import { paymentEventType, toPaymentV1 } from './provider-payment.mapper';

/** Payload of a `charge` job: what the provider calls need besides the payment row. */
interface ChargePayload {
  reference: string;
  metadata: Record<string, string>;
  email: string | null;
  country: string | null;
  payment_methods: string[];
  correlation_id: string | null;
}

const PAYABLE_STATUSES = ['pending', 'processing', 'succeeded', 'failed'];

/**
 * Charges payment requests (spec 0.3 and 1.2, 2.2, 3.2). On `payment_request.created` it records
 * one pending payment per request (a database rule: one in flight per payable) and queues the
 * charge; the job calls the provider with the idempotency key `payment-<payment id>`, so a retry
 * after an outage or a lost answer is replayed by the provider, never charged twice.
 */
@Injectable()
export class ChargeService implements ProviderJobHandler {
  readonly kind = 'charge' as const;
  private readonly logger = new Logger('Charges');

  constructor(
    private readonly orm: MikroORM,
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly connections: ConnectionCredentials,
    private readonly providers: ProviderRegistry,
  ) {}

  /** In the consumer's transaction; returns whether a charge was queued. Without a provider account with an id, nothing is charged. */
  async onPaymentRequestCreated(em: EntityManager, organizationId: string, request: PaymentRequestV1, correlationId: string | null): Promise<boolean> {
    const billing = providerBillingOf(request.customer);
    if (!billing || request.amount_cents <= 0 || request.payment_status === 'succeeded') return false;
    const account = await new ProviderCustomerRepository(em).ofCustomer(request.customer.lago_id, billing.type);
    if (!account?.providerCustomerId) {
      this.logger.log(`payment request ${request.lago_id}: the customer has no ${billing.type} account yet; nothing is charged`);
      return false;
    }
    // A request already paid, or with a payment in flight, is not charged again (a replayed event).
    const [existing] = await sql<{ n: string }>(
      em,
      "select count(*) as n from payments where payable_id = ? and payable_payment_status in ('pending', 'processing', 'succeeded')",
      [request.lago_id],
    );
    if (Number(existing?.n ?? 0) > 0) return false;
    const now = new Date();
    const payment = Object.assign(new ProviderPayment(), {
      organizationId,
      customerId: request.customer.lago_id,
      payableType: 'PaymentRequest' as const,
      payableId: request.lago_id,
      providerType: account.providerType,
      connectionCode: account.connectionCode,
      providerCustomerId: account.providerCustomerId,
      amountCents: request.amount_cents,
      amountCurrency: request.amount_currency,
      paymentMethodId: account.paymentMethodId,
      createdAt: now,
      updatedAt: now,
    });
    em.persist(payment);
    await em.flush();
    const payload: ChargePayload = {
      reference: paymentRequestReference(request),
      metadata: {
        lago_customer_id: request.customer.lago_id,
        lago_payable_id: request.lago_id,
        lago_payable_type: 'PaymentRequest',
        lago_organization_id: organizationId,
      },
      email: request.email ?? request.customer.email,
      country: request.customer.country,
      payment_methods: billing.paymentMethods,
      correlation_id: correlationId,
    };
    return enqueueJob(em, { kind: this.kind, organizationId, subjectId: payment.id, payload });
  }

  async run(job: ProviderJob): Promise<void> {
    const payload = job.payload as unknown as ChargePayload;
    const em = this.orm.em.fork();
    const payment = await em.findOne(ProviderPayment, { id: job.subjectId });
    if (!payment || payment.status !== 'pending' || payment.providerPaymentId) {
      await this.uow.run((tx) => finishJob(tx, job));
      return;
    }
    const open = await this.connections.open(em, payment.organizationId, payment.connectionCode);
    let result: ChargeResult;
    if (!open) {
      result = refusal(`no payment provider with code ${payment.connectionCode}`, 'payment_provider_not_found');
    } else {
      const [earlier] = await sql<{ n: string }>(em, "select count(*) as n from payments where payable_id = ? and error_code = 'authentication_required'", [payment.payableId]);
      result = await this.providers.get(payment.providerType).charge(open.credentials, {
        paymentId: payment.id,
        amountCents: payment.amountCents,
        currency: payment.amountCurrency.toUpperCase(),
        providerCustomerId: payment.providerCustomerId,
        reference: payload.reference,
        metadata: payload.metadata,
        email: payload.email,
        country: payload.country,
        paymentMethodId: payment.paymentMethodId,
        paymentMethods: payload.payment_methods,
        onSession: Number(earlier?.n ?? 0) > 0,
      });
    }
    await this.uow.run(async (tx) => {
      const current = (await tx.findOne(ProviderPayment, { id: payment.id }))!;
      applyChargeResult(current, result);
      if (result.paymentMethodId) {
        const account = await new ProviderCustomerRepository(tx).ofCustomer(current.customerId, current.providerType);
        if (account && account.providerCustomerId === current.providerCustomerId) account.paymentMethodId = result.paymentMethodId;
      }
      await tx.flush();
      // Lago keeps the payable pending for these refusals and tells no one.
      if (!result.keepPayablePending) await this.publish(tx, current, payload.correlation_id, { origin: 'charge', provider_error: result.error ? { message: result.error.message, error_code: result.error.code } : null });
      await finishJob(tx, job);
    });
  }

  /** Publishes the payment in its current state on `billing.payments.v1`. */
  publish(em: EntityManager, payment: ProviderPayment, correlationId: string | null, extra: Pick<PaymentV1, 'origin' | 'provider_error'>): Promise<unknown> {
    return this.outbox.add(em, {
      topic: TOPICS.payments,
      key: payment.id,
      type: paymentEventType(payment),
      organizationId: payment.organizationId,
      correlationId,
      payload: toPaymentV1(payment, extra),
    });
  }
}

/** Copies the provider's answer onto the payment. A status Lago cannot map waits for a webhook as `processing`. */
export function applyChargeResult(payment: ProviderPayment, result: ChargeResult): void {
  payment.providerPaymentId = result.providerPaymentId ?? payment.providerPaymentId;
  payment.status = result.status;
  payment.payablePaymentStatus = PAYABLE_STATUSES.includes(result.payableStatus) ? result.payableStatus : 'processing';
  payment.paymentMethodId = result.paymentMethodId ?? payment.paymentMethodId;
  payment.errorCode = result.error?.code ?? null;
  payment.errorMessage = result.error?.message ?? null;
  payment.providerPaymentData = result.nextAction;
  payment.updatedAt = new Date();
}

/** A refusal decided before any provider call. */
function refusal(message: string, code: string): ChargeResult {
  return { providerPaymentId: null, status: 'failed', payableStatus: 'failed', nextAction: null, error: { message, code }, keepPayablePending: false, paymentMethodId: null };
}

/** Lago's reference: `<billing entity> - Overdue invoices`, plus `: <number>` for a single invoice. */
export function paymentRequestReference(request: PaymentRequestV1): string {
  const entity = request.invoices[0]?.billing_entity_code ?? request.customer.billing_entity_code;
  const base = `${entity} - Overdue invoices`;
  return request.invoices.length === 1 ? `${base}: ${request.invoices[0]!.number}` : base;
}
