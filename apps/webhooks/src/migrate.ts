import 'reflect-metadata';
import { runMigrations } from '@app/messaging';
import { webhooksServiceEnv } from './config/webhooks.env';
import { webhooksOrmConfig } from './config/mikro-orm.config';

runMigrations('webhooks', webhooksOrmConfig(webhooksServiceEnv().databaseUrl));
