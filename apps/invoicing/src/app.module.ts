import { type DynamicModule, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { HealthController, MessagingModule } from '@app/messaging';
import type { InvoicingEnv } from './config/invoicing.env';
import { invoicingOrmConfig } from './config/mikro-orm.config';
import { CustomerEventsConsumer } from './replicas/customer-events.consumer';
import { InvoicingRpcController } from './taxes/transport/invoicing.rpc-controller';
import { CreateTax } from './taxes/use-cases/create-tax.use-case';
import { DeleteTax } from './taxes/use-cases/delete-tax.use-case';
import { GetTax, ListTaxes, ResolveTaxes } from './taxes/use-cases/tax-queries';
import { UpdateTax } from './taxes/use-cases/update-tax.use-case';

@Module({})
export class AppModule {
  static register(env: InvoicingEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MikroOrmModule.forRoot({ ...invoicingOrmConfig(env.databaseUrl, env.dbPoolMax), registerRequestContext: false }),
        MessagingModule.forService({ service: 'invoicing', kafka: env.kafka }),
      ],
      controllers: [CustomerEventsConsumer, InvoicingRpcController, HealthController],
      providers: [CreateTax, UpdateTax, DeleteTax, GetTax, ListTaxes, ResolveTaxes],
    };
  }
}
