import type { Options } from '@mikro-orm/postgresql';
import { serviceOrmOptions } from '@app/messaging';
import { Migration20261121000000Initial } from '../migrations/Migration20261121000000Initial';
import { CustomerReplica } from '../replicas/customer-replica.entity';

/** MikroORM options of the invoicing database. */
export function invoicingOrmConfig(databaseUrl: string, poolMax?: number): Options {
  return serviceOrmOptions({
    databaseUrl,
    poolMax,
    entities: [CustomerReplica],
    migrations: [{ name: 'Migration20261121000000Initial', class: Migration20261121000000Initial }],
  });
}
