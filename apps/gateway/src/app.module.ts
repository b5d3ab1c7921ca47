import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { RPC_TOPICS } from '@app/contracts';
import { HealthController, RpcClient } from '@app/messaging';
import { ActiveApiKeys } from './auth/active-api-keys';
import { ApiKeyGuard, ChargeOverBasicAuthGuard } from './auth/api-key.guard';
import { KeyChangesListener } from './auth/key-changes.listener';
import { RateLimiter } from './auth/rate-limiter';
import { CHARGEOVER_TABLES, ChargeOverCustomersHttpController } from './chargeover/chargeover-customers.http-controller';
import type { GatewayEnv } from './config/gateway.env';
import { gatewayOrmConfig } from './config/mikro-orm.config';
import { CustomersHttpController } from './customers/customers.http-controller';
import { DeferredBodyErrorInterceptor } from './http/deferred-body';
import { LagoExceptionFilter } from './http/lago-exception.filter';
import { StripNulBytesPipe } from './http/nul-bytes.pipe';
import { OwnerRequests } from './http/owner-requests';
import { OrganizationsRepository } from './organizations/organizations.repository';
import { AddOnsHttpController } from './add-ons/add-ons.http-controller';
import { InvoicesHttpController } from './invoices/invoices.http-controller';
import { CustomerPaymentRequestsHttpController, PaymentRequestsHttpController } from './payment-requests/payment-requests.http-controller';
import { CustomerPaymentsHttpController, PaymentsHttpController } from './payments/payments.http-controller';
import { CreditNotesHttpController } from './credit-notes/credit-notes.http-controller';
import { PaymentProvidersHttpController } from './payment-providers/payment-providers.http-controller';
import { ProviderWebhooksHttpController } from './provider-webhooks/provider-webhooks.http-controller';
import { TaxesHttpController } from './taxes/taxes.http-controller';
import { WebhookEndpointsHttpController, WebhooksHttpController } from './webhooks/webhooks.http-controller';

@Module({})
export class AppModule {
  static register(env: GatewayEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [MikroOrmModule.forRoot({ ...gatewayOrmConfig(env.databaseUrl, env.dbPoolMax), registerRequestContext: false })],
      controllers: [
        CustomersHttpController,
        TaxesHttpController,
        AddOnsHttpController,
        InvoicesHttpController,
        PaymentRequestsHttpController,
        CustomerPaymentRequestsHttpController,
        PaymentsHttpController,
        CustomerPaymentsHttpController,
        CreditNotesHttpController,
        PaymentProvidersHttpController,
        ProviderWebhooksHttpController,
        ChargeOverCustomersHttpController,
        WebhookEndpointsHttpController,
        WebhooksHttpController,
        HealthController,
      ],
      providers: [
        { provide: APP_FILTER, useClass: LagoExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: DeferredBodyErrorInterceptor },
        { provide: APP_PIPE, useClass: StripNulBytesPipe },
        {
          provide: RpcClient,
          useFactory: () =>
            new RpcClient({
              kafka: env.kafka,
              topics: [RPC_TOPICS.customers, RPC_TOPICS.invoicing, RPC_TOPICS.paymentSync, RPC_TOPICS.webhooks],
              timeoutMs: env.rpcTimeoutMs,
              instanceId: env.instanceId,
            }),
        },
        OrganizationsRepository,
        { provide: ActiveApiKeys, inject: [OrganizationsRepository], useFactory: (organizations: OrganizationsRepository) => new ActiveApiKeys(organizations, env.apiKeyCache) },
        { provide: KeyChangesListener, inject: [ActiveApiKeys], useFactory: (keys: ActiveApiKeys) => new KeyChangesListener(env.databaseUrl, () => keys.forgetAll()) },
        { provide: RateLimiter, useValue: new RateLimiter(env.rateLimit) },
        ApiKeyGuard,
        ChargeOverBasicAuthGuard,
        { provide: CHARGEOVER_TABLES, useValue: env.chargeOver },
        OwnerRequests,
      ],
    };
  }
}
