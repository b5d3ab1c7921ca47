import 'reflect-metadata';
import { runMigrations } from '@app/messaging';
import { paymentSyncServiceEnv } from './config/payment-sync.env';
import { paymentSyncOrmConfig } from './config/mikro-orm.config';

runMigrations('payment-sync', paymentSyncOrmConfig(paymentSyncServiceEnv().databaseUrl));
