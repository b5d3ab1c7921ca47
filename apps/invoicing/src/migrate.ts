import 'reflect-metadata';
import { migrateDatabase } from '@app/messaging';
import { invoicingEnv } from './config/invoicing.env';
import { invoicingOrmConfig } from './config/mikro-orm.config';

/** Applies the invoicing database migrations (an explicit step, never at boot). */
void (async () => {
  const env = invoicingEnv();
  const applied = await migrateDatabase(invoicingOrmConfig(env.databaseUrl));
  console.log(`invoicing: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
})().catch((error: unknown) => {
  console.error('invoicing migration failed:', error);
  process.exit(1);
});
