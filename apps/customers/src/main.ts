import 'reflect-metadata';
import { runMain, startService } from '@app/messaging';
import { AppModule } from './app.module';
import { customersEnv } from './config/customers.env';

const env = customersEnv();
runMain('customers', () => startService({ name: 'customers', module: AppModule.register(env), ...env }));
