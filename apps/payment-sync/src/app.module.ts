import { type DynamicModule, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { HealthController, MessagingModule } from '@app/messaging';
import type { PaymentSyncEnv } from './config/payment-sync.env';
import { paymentSyncOrmConfig } from './config/mikro-orm.config';
import { CustomerEventsConsumer } from './replicas/customer-events.consumer';
import { SecretBox } from './connections/secret-box';
import { PaymentSyncRpcController } from './connections/transport/payment-sync.rpc-controller';
import { ConnectionCommands } from './connections/use-cases/connection-commands';
import { ConnectionQueries } from './connections/use-cases/connection-queries';

@Module({})
export class AppModule {
  static register(env: PaymentSyncEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MikroOrmModule.forRoot({ ...paymentSyncOrmConfig(env.databaseUrl, env.dbPoolMax), registerRequestContext: false }),
        MessagingModule.forService({ service: 'payment-sync', kafka: env.kafka }),
      ],
      controllers: [CustomerEventsConsumer, PaymentSyncRpcController, HealthController],
      providers: [{ provide: SecretBox, useFactory: () => new SecretBox(env.secretsKey) }, ConnectionCommands, ConnectionQueries],
    };
  }
}
