import type { Options } from '@mikro-orm/postgresql';
import { serviceOrmOptions } from '@app/messaging';
import { Migration20261121000000Initial } from '../migrations/Migration20261121000000Initial';
import { Migration20261121020000Taxes } from '../migrations/Migration20261121020000Taxes';
import { CustomerReplica } from '../replicas/customer-replica.entity';
import { Tax } from '../taxes/tax.entity';

/** MikroORM options of the invoicing database. */
export function invoicingOrmConfig(databaseUrl: string, poolMax?: number): Options {
  return serviceOrmOptions({
    databaseUrl,
    poolMax,
    entities: [CustomerReplica, Tax],
    migrations: [
      { name: 'Migration20261121000000Initial', class: Migration20261121000000Initial },
      { name: 'Migration20261121020000Taxes', class: Migration20261121020000Taxes },
    ],
  });
}
