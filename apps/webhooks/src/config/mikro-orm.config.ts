import type { Options } from '@mikro-orm/postgresql';
import { serviceOrmOptions } from '@app/messaging';
import { WebhookEndpoint } from '../endpoints/webhook-endpoint.entity';
import { Migration20261121000000Initial } from '../migrations/Migration20261121000000Initial';
import { Migration20261121010000EndpointInFlight } from '../migrations/Migration20261121010000EndpointInFlight';

/** MikroORM options of the webhooks database. */
export function webhooksOrmConfig(databaseUrl: string, poolMax?: number): Options {
  return serviceOrmOptions({
    databaseUrl,
    poolMax,
    entities: [WebhookEndpoint],
    migrations: [
      { name: 'Migration20261121000000Initial', class: Migration20261121000000Initial },
      { name: 'Migration20261121010000EndpointInFlight', class: Migration20261121010000EndpointInFlight },
    ],
  });
}
