import 'reflect-metadata';
import { runMain, startService } from '@app/messaging';
import { AppModule } from './app.module';
import { invoicingEnv } from './config/invoicing.env';

const env = invoicingEnv();
runMain('invoicing', () => startService({ name: 'invoicing', module: AppModule.register(env), ...env }));
