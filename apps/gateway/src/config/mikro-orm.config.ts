import type { Options } from '@mikro-orm/postgresql';
import { serviceOrmOptions } from '@app/messaging';
import { Migration20261121000000Initial } from '../migrations/Migration20261121000000Initial';
import { Migration20261121070000ApiKeyPermissions } from '../migrations/Migration20261121070000ApiKeyPermissions';
import { Migration20261121080000DocumentNumbering } from '../migrations/Migration20261121080000DocumentNumbering';
import { ApiKey } from '../organizations/api-key.entity';
import { Organization } from '../organizations/organization.entity';

/** MikroORM options of the gateway database. */
export function gatewayOrmConfig(databaseUrl: string, poolMax?: number): Options {
  return serviceOrmOptions({
    databaseUrl,
    poolMax,
    entities: [Organization, ApiKey],
    migrations: [
      { name: 'Migration20261121000000Initial', class: Migration20261121000000Initial },
      { name: 'Migration20261121070000ApiKeyPermissions', class: Migration20261121070000ApiKeyPermissions },
      { name: 'Migration20261121080000DocumentNumbering', class: Migration20261121080000DocumentNumbering },
    ],
  });
}
