import { type DynamicModule, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { HealthController, MessagingModule } from '@app/messaging';
import type { InvoicingEnv } from './config/invoicing.env';
import { invoicingOrmConfig } from './config/mikro-orm.config';
import { CustomerEventsConsumer } from './replicas/customer-events.consumer';

@Module({})
export class AppModule {
  static register(env: InvoicingEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MikroOrmModule.forRoot({ ...invoicingOrmConfig(env.databaseUrl, env.dbPoolMax), registerRequestContext: false }),
        MessagingModule.forService({ service: 'invoicing', kafka: env.kafka }),
      ],
      controllers: [CustomerEventsConsumer, HealthController],
    };
  }
}
