import 'reflect-metadata';
import { runMigrations } from '@app/messaging';
import { gatewayEnv } from './config/gateway.env';
import { gatewayOrmConfig } from './config/mikro-orm.config';

runMigrations('gateway', gatewayOrmConfig(gatewayEnv().databaseUrl));
