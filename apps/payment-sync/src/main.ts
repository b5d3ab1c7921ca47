import 'reflect-metadata';
import { runMain, startService } from '@app/messaging';
import { AppModule } from './app.module';
import { paymentSyncEnv } from './config/payment-sync.env';

const env = paymentSyncEnv();
runMain('payment-sync', () => startService({ name: 'payment-sync', module: AppModule.register(env), ...env }));
