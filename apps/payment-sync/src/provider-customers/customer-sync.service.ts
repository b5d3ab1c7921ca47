import { Injectable, Logger } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { PROVIDER_CUSTOMER_EVENTS, TOPICS, type CustomerV1, type ProviderCustomerEventV1 } from '@app/contracts';
import { Outbox, UnitOfWork } from '@app/messaging';
import { ConnectionCredentials } from '../connections/connection-credentials';
import { enqueueJob, finishJob, type ProviderJob } from '../jobs/provider-jobs';
import type { ProviderJobHandler } from '../jobs/provider-job.runner';
import { ProviderRefusedError } from '../providers/payment-provider';
import { ProviderRegistry } from '../providers/provider-registry';
import { customerSnapshot } from '../replicas/customer-replica.repository';
import { decideCustomerSync, providerBillingOf, providerCustomerEvent, providerCustomerInput } from './customer-sync';
import { ProviderCustomer } from './provider-customer.entity';
import { ProviderCustomerRepository } from './provider-customer.repository';

/** Payload of a `sync_customer` job. */
interface SyncCustomerPayload {
  mode: 'create' | 'checkout';
  /** Stripe's customer idempotency key, fixed when the job was queued so every retry sends the same. */
  idempotency_key: string;
  correlation_id: string | null;
}

/**
 * Customer sync (spec 0.2, 1.1, 2.1, 3.1): decides on each `customer.upserted` whether the
 * customer's provider account is linked to an id the integrator gave or created at the provider,
 * and runs the creation as a durable job (retried through outages) that publishes
 * `customer.payment_provider_created`, `customer.checkout_url_generated` or
 * `customer.payment_provider_error`.
 */
@Injectable()
export class CustomerSync implements ProviderJobHandler {
  readonly kind = 'sync_customer' as const;
  private readonly logger = new Logger('CustomerSync');

  constructor(
    private readonly orm: MikroORM,
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly connections: ConnectionCredentials,
    private readonly providers: ProviderRegistry,
  ) {}

  /** In the consumer's transaction; returns whether a provider job was queued. */
  async onCustomerUpserted(em: EntityManager, organizationId: string, customer: CustomerV1, correlationId: string | null): Promise<boolean> {
    const billing = providerBillingOf(customer);
    if (!billing) return false;
    const accounts = new ProviderCustomerRepository(em);
    let account = await accounts.ofCustomer(customer.lago_id, billing.type);
    const decision = decideCustomerSync(account, billing);
    if (!account) {
      if (decision.kind === 'none') return false;
      account = Object.assign(new ProviderCustomer(), { organizationId, customerId: customer.lago_id, providerType: billing.type, syncState: 'linked' });
      accounts.add(account);
    }
    account.externalCustomerId = customer.external_id;
    account.connectionCode = billing.code;
    account.syncWithProvider = billing.syncWithProvider;
    account.updatedAt = new Date();
    const job = (mode: SyncCustomerPayload['mode']): SyncCustomerPayload => ({
      mode,
      idempotency_key: `${customer.lago_id}-${Math.floor(Date.parse(customer.updated_at) / 1000)}`,
      correlation_id: correlationId,
    });
    let payload: SyncCustomerPayload | null = null;
    if (decision.kind === 'link') {
      account.providerCustomerId = decision.providerCustomerId;
      account.syncState = 'linked';
      account.lastError = null;
      if (decision.checkout) payload = job('checkout');
    } else if (decision.kind === 'create') {
      account.syncState = 'creating';
      payload = job('create');
    }
    await em.flush();
    return payload ? enqueueJob(em, { kind: this.kind, organizationId, subjectId: account.id, payload }) : false;
  }

  async run(job: ProviderJob): Promise<void> {
    const payload = job.payload as unknown as SyncCustomerPayload;
    const em = this.orm.em.fork();
    const account = await new ProviderCustomerRepository(em).byId(job.subjectId);
    const customer = account && (await customerSnapshot(em, account.customerId));
    if (!account || !customer || (payload.mode === 'create' && account.providerCustomerId)) {
      await this.uow.run((tx) => finishJob(tx, job));
      return;
    }
    const open = await this.connections.open(em, job.organizationId, account.connectionCode);
    if (!open) {
      await this.refused(job, payload, customer, { message: `no payment provider with code ${account.connectionCode}`, error_code: 'payment_provider_not_found' });
      return;
    }
    const provider = this.providers.get(account.providerType);
    const input = providerCustomerInput(customer, providerBillingOf(customer) ?? { paymentMethods: ['card'] });
    try {
      if (payload.mode === 'checkout') {
        const url = await provider.checkoutUrl(open.credentials, input, account.providerCustomerId!);
        await this.uow.run(async (tx) => {
          const current = (await new ProviderCustomerRepository(tx).byId(account.id))!;
          if (url) {
            current.checkoutUrl = url;
            await this.publish(tx, job, payload, PROVIDER_CUSTOMER_EVENTS.checkoutUrlGenerated, providerCustomerEvent(current, customer, { checkout_url: url }));
          }
          await finishJob(tx, job);
        });
        return;
      }
      const result = await provider.createCustomer(open.credentials, input, payload.idempotency_key);
      await this.uow.run(async (tx) => {
        const current = (await new ProviderCustomerRepository(tx).byId(account.id))!;
        current.providerCustomerId = result.providerCustomerId ?? current.providerCustomerId;
        current.syncState = current.providerCustomerId ? 'linked' : 'awaiting_authorisation';
        current.checkoutUrl = result.checkoutUrl;
        current.lastError = null;
        current.updatedAt = new Date();
        await tx.flush();
        if (result.providerCustomerId) await this.publish(tx, job, payload, PROVIDER_CUSTOMER_EVENTS.created, providerCustomerEvent(current, customer));
        if (result.checkoutUrl) {
          await this.publish(tx, job, payload, PROVIDER_CUSTOMER_EVENTS.checkoutUrlGenerated, providerCustomerEvent(current, customer, { checkout_url: result.checkoutUrl }));
        }
        await finishJob(tx, job);
      });
    } catch (error) {
      if (!(error instanceof ProviderRefusedError)) throw error;
      await this.refused(job, payload, customer, { message: error.message, error_code: error.code });
    }
  }

  /** The provider refused (or the connection is gone): `customer.payment_provider_error`, and the job ends. */
  private async refused(job: ProviderJob, payload: SyncCustomerPayload, customer: CustomerV1, providerError: { message: string; error_code: string | null }): Promise<void> {
    this.logger.warn(`customer ${customer.lago_id}: the provider refused the ${payload.mode} (${providerError.error_code ?? 'no code'})`);
    await this.uow.run(async (tx) => {
      const current = (await new ProviderCustomerRepository(tx).byId(job.subjectId))!;
      if (payload.mode === 'create') current.syncState = 'failed';
      current.lastError = providerError;
      current.updatedAt = new Date();
      await tx.flush();
      await this.publish(tx, job, payload, PROVIDER_CUSTOMER_EVENTS.error, providerCustomerEvent(current, customer, { provider_error: providerError }));
      await finishJob(tx, job);
    });
  }

  /** Applies an event about an account from a provider webhook (Adyen authorisation): see WebhookReceiver. */
  publishFor(em: EntityManager, organizationId: string, correlationId: string | null, type: string, payload: ProviderCustomerEventV1): Promise<unknown> {
    return this.outbox.add(em, { topic: TOPICS.providerCustomers, key: payload.lago_customer_id, type, organizationId, correlationId, payload });
  }

  private publish(em: EntityManager, job: ProviderJob, payload: SyncCustomerPayload, type: string, event: ProviderCustomerEventV1): Promise<unknown> {
    return this.publishFor(em, job.organizationId, payload.correlation_id, type, event);
  }
}
