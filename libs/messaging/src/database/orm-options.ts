import type { MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type EntityClass, type Options } from '@mikro-orm/postgresql';

/** What differs between the services' MikroORM setups. */
export interface ServiceOrmSettings {
  /** PostgreSQL URL of the service's own database. */
  databaseUrl: string;
  /** Entity classes of the service. */
  entities: EntityClass<unknown>[];
  /** The service's migrations, oldest first. */
  migrations: MigrationObject[];
  /** Connection pool size. */
  poolMax?: number;
}

/**
 * MikroORM options shared by every service: explicit entity and migration lists (they work the
 * same from TypeScript under Jest and from compiled JavaScript), UTC timestamps, no global
 * context, no schema changes at boot (migrations run as an explicit step).
 */
export function serviceOrmOptions(settings: ServiceOrmSettings): Options {
  return defineConfig({
    clientUrl: settings.databaseUrl,
    entities: settings.entities,
    extensions: [Migrator],
    migrations: {
      migrationsList: settings.migrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      tableName: 'mikro_orm_migrations',
    },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    ensureDatabase: false,
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: settings.poolMax ?? 10 },
    debug: false,
  });
}
