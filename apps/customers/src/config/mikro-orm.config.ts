import type { Options } from '@mikro-orm/postgresql';
import { serviceOrmOptions } from '@app/messaging';
import { CustomerMetadataEntry } from '../customers/customer-metadata.entity';
import { Customer } from '../customers/customer.entity';
import { Migration20261121000000Initial } from '../migrations/Migration20261121000000Initial';
import { Migration20261121010000CustomerDetails } from '../migrations/Migration20261121010000CustomerDetails';
import { Migration20261121030000Taxes } from '../migrations/Migration20261121030000Taxes';
import { Migration20261121040000BillingConfiguration } from '../migrations/Migration20261121040000BillingConfiguration';
import { Migration20261121050000IntegrationCustomers } from '../migrations/Migration20261121050000IntegrationCustomers';
import { Migration20261121060000PaymentProvider } from '../migrations/Migration20261121060000PaymentProvider';
import { Migration20261121070000InvoiceAmounts } from '../migrations/Migration20261121070000InvoiceAmounts';
import { Migration20261121080000ChargeOver } from '../migrations/Migration20261121080000ChargeOver';
import { IntegrationCustomer } from '../customers/integration-customer.entity';

/** MikroORM options of the customers database. */
export function customersOrmConfig(databaseUrl: string, poolMax?: number): Options {
  return serviceOrmOptions({
    databaseUrl,
    poolMax,
    entities: [Customer, CustomerMetadataEntry, IntegrationCustomer],
    migrations: [
      { name: 'Migration20261121000000Initial', class: Migration20261121000000Initial },
      { name: 'Migration20261121010000CustomerDetails', class: Migration20261121010000CustomerDetails },
      { name: 'Migration20261121030000Taxes', class: Migration20261121030000Taxes },
      { name: 'Migration20261121040000BillingConfiguration', class: Migration20261121040000BillingConfiguration },
      { name: 'Migration20261121050000IntegrationCustomers', class: Migration20261121050000IntegrationCustomers },
      { name: 'Migration20261121060000PaymentProvider', class: Migration20261121060000PaymentProvider },
      { name: 'Migration20261121070000InvoiceAmounts', class: Migration20261121070000InvoiceAmounts },
      { name: 'Migration20261121080000ChargeOver', class: Migration20261121080000ChargeOver },
    ],
  });
}
