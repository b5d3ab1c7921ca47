import 'reflect-metadata';
import { migrateDatabase } from '@app/messaging';
import { customersEnv } from './config/customers.env';
import { customersOrmConfig } from './config/mikro-orm.config';

/** Applies the customers database migrations (an explicit step, never at boot). */
void (async () => {
  const env = customersEnv();
  const applied = await migrateDatabase(customersOrmConfig(env.databaseUrl));
  console.log(`customers: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
})().catch((error: unknown) => {
  console.error('customers migration failed:', error);
  process.exit(1);
});
