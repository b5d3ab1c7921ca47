import 'reflect-metadata';
import { migrateDatabase } from '@app/messaging';
import { gatewayEnv } from './config/gateway.env';
import { gatewayOrmConfig } from './config/mikro-orm.config';

/** Applies the gateway database migrations (an explicit step, never at boot). */
void (async () => {
  const env = gatewayEnv();
  const applied = await migrateDatabase(gatewayOrmConfig(env.databaseUrl));
  console.log(`gateway: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
})().catch((error: unknown) => {
  console.error('gateway migration failed:', error);
  process.exit(1);
});
