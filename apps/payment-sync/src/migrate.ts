import 'reflect-metadata';
import { migrateDatabase } from '@app/messaging';
import { paymentSyncEnv } from './config/payment-sync.env';
import { paymentSyncOrmConfig } from './config/mikro-orm.config';

/** Applies the payments database migrations (an explicit step, never at boot). */
void (async () => {
  const env = paymentSyncEnv();
  const applied = await migrateDatabase(paymentSyncOrmConfig(env.databaseUrl));
  console.log(`payment-sync: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
})().catch((error: unknown) => {
  console.error('payment-sync migration failed:', error);
  process.exit(1);
});
