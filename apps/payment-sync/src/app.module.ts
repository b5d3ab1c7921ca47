import { type DynamicModule, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { HealthController, MessagingModule } from '@app/messaging';
import type { PaymentSyncEnv } from './config/payment-sync.env';
import { paymentSyncOrmConfig } from './config/mikro-orm.config';
import { ConnectionCredentials } from './connections/connection-credentials';
import { SecretBox } from './connections/secret-box';
import { PaymentSyncRpcController } from './connections/transport/payment-sync.rpc-controller';
import { ConnectionCommands } from './connections/use-cases/connection-commands';
import { ConnectionQueries } from './connections/use-cases/connection-queries';
import { PROVIDER_JOB_HANDLERS, PROVIDER_JOB_OPTIONS, ProviderJobRunner } from './jobs/provider-job.runner';
import { ChargeService } from './payments/charge.service';
import { PaymentRequestEventsConsumer } from './payments/payment-request-events.consumer';
import { CustomerSync } from './provider-customers/customer-sync.service';
import { ProviderRegistry } from './providers/provider-registry';
import { CustomerEventsConsumer } from './replicas/customer-events.consumer';
import { WebhookReceiver } from './webhooks/webhook-receiver';

@Module({})
export class AppModule {
  static register(env: PaymentSyncEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MikroOrmModule.forRoot({ ...paymentSyncOrmConfig(env.databaseUrl, env.dbPoolMax), registerRequestContext: false }),
        MessagingModule.forService({ service: 'payment-sync', kafka: env.kafka, relay: { enabled: env.outboxRelayEnabled } }),
      ],
      controllers: [CustomerEventsConsumer, PaymentRequestEventsConsumer, PaymentSyncRpcController, HealthController],
      providers: [
        { provide: SecretBox, useFactory: () => new SecretBox(env.secretsKey) },
        { provide: ProviderRegistry, useFactory: () => new ProviderRegistry(env.endpoints) },
        { provide: PROVIDER_JOB_OPTIONS, useValue: env.jobs },
        { provide: PROVIDER_JOB_HANDLERS, useFactory: (sync: CustomerSync, charges: ChargeService) => [sync, charges], inject: [CustomerSync, ChargeService] },
        ProviderJobRunner,
        ConnectionCommands,
        ConnectionQueries,
        ConnectionCredentials,
        CustomerSync,
        ChargeService,
        WebhookReceiver,
      ],
    };
  }
}
