import type { Options } from '@mikro-orm/postgresql';
import { serviceOrmOptions } from '@app/messaging';
import { Migration20261121000000Initial } from '../migrations/Migration20261121000000Initial';
import { Migration20261121060000ProviderConnections } from '../migrations/Migration20261121060000ProviderConnections';
import { Migration20261121120000ProviderSync } from '../migrations/Migration20261121120000ProviderSync';
import { ProviderPayment } from '../payments/provider-payment.entity';
import { ProviderCustomer } from '../provider-customers/provider-customer.entity';
import { ProviderConnection } from '../connections/provider-connection.entity';
import { CustomerReplica } from '../replicas/customer-replica.entity';

/** MikroORM options of the payments database. */
export function paymentSyncOrmConfig(databaseUrl: string, poolMax?: number): Options {
  return serviceOrmOptions({
    databaseUrl,
    poolMax,
    entities: [CustomerReplica, ProviderConnection, ProviderCustomer, ProviderPayment],
    migrations: [
      { name: 'Migration20261121000000Initial', class: Migration20261121000000Initial },
      { name: 'Migration20261121060000ProviderConnections', class: Migration20261121060000ProviderConnections },
      { name: 'Migration20261121120000ProviderSync', class: Migration20261121120000ProviderSync },
    ],
  });
}
