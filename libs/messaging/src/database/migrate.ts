import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { ensureDatabase } from './ensure-database';

/** Creates the service database if needed and applies its pending migrations. Returns their names. */
export async function migrateDatabase(options: Options): Promise<string[]> {
  if (!options.clientUrl) throw new Error('migrateDatabase needs clientUrl');
  await ensureDatabase(options.clientUrl);
  const orm = await MikroORM.init(options);
  try {
    const applied = await orm.getMigrator().up();
    return applied.map((m) => m.name);
  } finally {
    await orm.close(true);
  }
}
