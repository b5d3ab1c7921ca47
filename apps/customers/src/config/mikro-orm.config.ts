import type { Options } from '@mikro-orm/postgresql';
import { serviceOrmOptions } from '@app/messaging';
import { Customer } from '../customers/customer.entity';
import { Migration20261121000000Initial } from '../migrations/Migration20261121000000Initial';

/** MikroORM options of the customers database. */
export function customersOrmConfig(databaseUrl: string, poolMax?: number): Options {
  return serviceOrmOptions({
    databaseUrl,
    poolMax,
    entities: [Customer],
    migrations: [{ name: 'Migration20261121000000Initial', class: Migration20261121000000Initial }],
  });
}
