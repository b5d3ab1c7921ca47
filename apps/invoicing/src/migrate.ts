import 'reflect-metadata';
import { runMigrations } from '@app/messaging';
import { invoicingEnv } from './config/invoicing.env';
import { invoicingOrmConfig } from './config/mikro-orm.config';

runMigrations('invoicing', invoicingOrmConfig(invoicingEnv().databaseUrl));
