import 'reflect-metadata';
import { runMigrations } from '@app/messaging';
import { customersEnv } from './config/customers.env';
import { customersOrmConfig } from './config/mikro-orm.config';

runMigrations('customers', customersOrmConfig(customersEnv().databaseUrl));
