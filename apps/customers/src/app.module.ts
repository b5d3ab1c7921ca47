import { type DynamicModule, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { HealthController, MessagingModule } from '@app/messaging';
import type { CustomersEnv } from './config/customers.env';
import { customersOrmConfig } from './config/mikro-orm.config';
import { CustomersRpcController } from './customers/transport/customers.rpc-controller';
import { CreateChargeOverCustomer, UpdateChargeOverCustomer } from './customers/use-cases/chargeover-customer.commands';
import { ChargeOverCustomerQueries } from './customers/use-cases/chargeover-customers.query';
import { DeleteCustomer } from './customers/use-cases/delete-customer.use-case';
import { GetCustomer } from './customers/use-cases/get-customer.query';
import { ListCustomers } from './customers/use-cases/list-customers.query';
import { UpsertCustomer } from './customers/use-cases/upsert-customer.use-case';
import { InvoiceEventsConsumer } from './customers/invoice-events.consumer';
import { ProviderCustomerEventsConsumer } from './customers/provider-customer-events.consumer';
import { TaxEventsConsumer } from './replicas/tax-events.consumer';

@Module({})
export class AppModule {
  static register(env: CustomersEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MikroOrmModule.forRoot({ ...customersOrmConfig(env.databaseUrl, env.dbPoolMax), registerRequestContext: false }),
        MessagingModule.forService({ service: 'customers', kafka: env.kafka, relay: { enabled: env.outboxRelayEnabled } }),
      ],
      controllers: [CustomersRpcController, TaxEventsConsumer, InvoiceEventsConsumer, ProviderCustomerEventsConsumer, HealthController],
      providers: [UpsertCustomer, GetCustomer, ListCustomers, DeleteCustomer, CreateChargeOverCustomer, UpdateChargeOverCustomer, ChargeOverCustomerQueries],
    };
  }
}
