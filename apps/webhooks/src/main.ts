import 'reflect-metadata';
import { runMain, startService } from '@app/messaging';
import { AppModule } from './app.module';
import { webhooksEnv } from './config/webhooks.env';

const env = webhooksEnv();
// A new deployment notifies from now on: replaying the topics' history would re-send old webhooks and emails.
runMain('webhooks', () => startService({ name: 'webhooks', module: AppModule.register(env), ...env, fromBeginning: false }));
