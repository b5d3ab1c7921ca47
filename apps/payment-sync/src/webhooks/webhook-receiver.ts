import { Injectable, Logger } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import {
  fail,
  ok,
  PROVIDER_CUSTOMER_EVENTS,
  type OrganizationContextV1,
  type PaymentProviderType,
  type ProviderWebhookReceiptV1,
  type ProviderWebhookV1,
  type RpcReplyV1,
  type RpcRequestV1,
} from '@app/contracts';
import { sql, UnitOfWork } from '@app/messaging';
import { ConnectionCredentials } from '../connections/connection-credentials';
import { ChargeService } from '../payments/charge.service';
import { ProviderPayment } from '../payments/provider-payment.entity';
import { InvalidWebhookSignatureError, ProviderUnavailableError, type ProviderWebhookEvent } from '../providers/payment-provider';
import { ProviderRegistry } from '../providers/provider-registry';
import { providerCustomerEvent } from '../provider-customers/customer-sync';
import { CustomerSync } from '../provider-customers/customer-sync.service';
import { ProviderCustomerRepository } from '../provider-customers/provider-customer.repository';
import { customerSnapshot } from '../replicas/customer-replica.repository';

type Outcome = 'applied' | 'duplicate' | 'ignored';
type Connection = { code: string; type: PaymentProviderType };

/**
 * Provider webhooks (spec 1.3, 2.3, 3.3): finds the connection, verifies the signature with the
 * SDK's verifier, then applies each event once, in its own transaction with the record of its id
 * (a replay changes nothing). Objects of another organization or not created by us are ignored.
 */
@Injectable()
export class WebhookReceiver {
  private readonly logger = new Logger('ProviderWebhooks');

  constructor(
    private readonly orm: MikroORM,
    private readonly uow: UnitOfWork,
    private readonly connections: ConnectionCredentials,
    private readonly providers: ProviderRegistry,
    private readonly charges: ChargeService,
    private readonly customers: CustomerSync,
  ) {}

  async receive(request: RpcRequestV1<ProviderWebhookV1>): Promise<RpcReplyV1<ProviderWebhookReceiptV1>> {
    const { organization, payload } = request;
    const open = await this.connections.forWebhook(this.orm.em.fork(), organization.id, payload.provider_type, payload.code);
    if (open === 'not_found') return fail('bad_request', { payment_provider: ['payment_provider_not_found'] });
    if (open === 'code_missing') return fail('bad_request', { payment_provider: ['payment_provider_code_missing'] });
    let events: ProviderWebhookEvent[];
    try {
      events = await this.providers.get(payload.provider_type).parseWebhook(open.credentials, Buffer.from(payload.body_base64, 'base64'), payload.headers);
    } catch (error) {
      if (error instanceof InvalidWebhookSignatureError) return fail('bad_request', { webhook: ['invalid_signature'] });
      if (error instanceof ProviderUnavailableError) return fail('service_unavailable');
      throw error;
    }
    const receipt: ProviderWebhookReceiptV1 = { applied: 0, duplicates: 0, ignored: 0 };
    for (const event of events) {
      const outcome = await this.uow.run(async (em) => {
        const [first] = await sql(
          em,
          'insert into processed_webhooks (organization_id, connection_code, event_id) values (?, ?, ?) on conflict do nothing returning event_id',
          [organization.id, open.connection.code, event.eventId],
        );
        if (!first) return 'duplicate' as const;
        return this.apply(em, organization, { code: open.connection.code, type: open.connection.providerType }, event, request.correlation_id);
      });
      receipt[outcome === 'applied' ? 'applied' : outcome === 'duplicate' ? 'duplicates' : 'ignored']++;
    }
    return ok(receipt);
  }

  private async apply(em: EntityManager, organization: OrganizationContextV1, connection: Connection, event: ProviderWebhookEvent, correlationId: string | null): Promise<Outcome> {
    const accounts = new ProviderCustomerRepository(em);
    switch (event.kind) {
      case 'payment':
        return this.applyPayment(em, organization, connection.code, event, correlationId);
      case 'customer_authorised':
        return this.applyAuthorisation(em, organization, event, correlationId);
      case 'payment_method_set': {
        // The method (Stripe default card, GoCardless mandate) the next charge uses.
        const account = await accounts.byProviderId(organization.id, connection.type, event.providerCustomerId);
        if (!account || (event.lagoCustomerId && event.lagoCustomerId !== account.customerId)) return 'ignored';
        account.paymentMethodId = event.paymentMethodId;
        account.updatedAt = new Date();
        await em.flush();
        return 'applied';
      }
      case 'payment_method_removed': {
        const account = await accounts.byPaymentMethod(organization.id, connection.type, event.paymentMethodId);
        if (!account) return 'ignored';
        account.paymentMethodId = null;
        account.updatedAt = new Date();
        await em.flush();
        return 'applied';
      }
      default:
        return 'ignored';
    }
  }

  /** A payment's new status from the provider; never after it succeeded, and only for payments we made in this organization. */
  private async applyPayment(
    em: EntityManager,
    organization: OrganizationContextV1,
    code: string,
    event: Extract<ProviderWebhookEvent, { kind: 'payment' }>,
    correlationId: string | null,
  ): Promise<Outcome> {
    const payment = await em.findOne(ProviderPayment, { organizationId: organization.id, connectionCode: code, providerPaymentId: event.providerPaymentId });
    const metadataOrg = event.metadata.lago_organization_id;
    if (!payment || (metadataOrg && metadataOrg !== organization.id)) return 'ignored';
    if (payment.payablePaymentStatus === 'succeeded' || (payment.status === event.status && payment.payablePaymentStatus === event.payableStatus)) return 'ignored';
    payment.status = event.status;
    payment.payablePaymentStatus = event.payableStatus;
    if (event.error) {
      payment.errorCode = event.error.code;
      payment.errorMessage = event.error.message;
    }
    payment.updatedAt = new Date();
    await em.flush();
    await this.charges.publish(em, payment, correlationId, { origin: 'webhook', provider_error: event.error ? { message: event.error.message, error_code: event.error.code } : null });
    return 'applied';
  }

  /** Adyen's zero-amount AUTHORISATION: the shopper stored a card, so the account gets its id (the external id), or the authorisation failed. */
  private async applyAuthorisation(
    em: EntityManager,
    organization: OrganizationContextV1,
    event: Extract<ProviderWebhookEvent, { kind: 'customer_authorised' }>,
    correlationId: string | null,
  ): Promise<Outcome> {
    const account = await new ProviderCustomerRepository(em).byExternalId(organization.id, 'adyen', event.providerCustomerId);
    if (!account) return 'ignored';
    const customer = await customerSnapshot(em, account.customerId);
    account.updatedAt = new Date();
    if (!event.success) {
      account.lastError = { message: event.error?.message ?? 'authorisation failed', error_code: event.error?.code ?? null };
      await em.flush();
      await this.customers.publishFor(em, organization.id, correlationId, PROVIDER_CUSTOMER_EVENTS.error, providerCustomerEvent(account, customer, { provider_error: account.lastError }));
      return 'applied';
    }
    account.providerCustomerId = event.providerCustomerId;
    account.paymentMethodId = event.paymentMethodId ?? account.paymentMethodId;
    account.syncState = 'linked';
    account.lastError = null;
    await em.flush();
    await this.customers.publishFor(em, organization.id, correlationId, PROVIDER_CUSTOMER_EVENTS.created, providerCustomerEvent(account, customer));
    return 'applied';
  }
}
