import 'reflect-metadata';
import { startService } from '@app/messaging';
import { AppModule } from './app.module';
import { paymentSyncEnv } from './config/payment-sync.env';

async function main(): Promise<void> {
  const env = paymentSyncEnv();
  await startService({
    name: 'payment-sync',
    module: AppModule.register(env),
    kafka: env.kafka,
    groupId: env.groupId,
    httpPort: env.httpPort,
    httpHost: env.httpHost,
    concurrency: env.concurrency,
  });
}

void main().catch((error: unknown) => {
  console.error('payment-sync failed to start:', error);
  process.exit(1);
});
