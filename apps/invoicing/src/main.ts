import 'reflect-metadata';
import { startService } from '@app/messaging';
import { AppModule } from './app.module';
import { invoicingEnv } from './config/invoicing.env';

async function main(): Promise<void> {
  const env = invoicingEnv();
  await startService({
    name: 'invoicing',
    module: AppModule.register(env),
    kafka: env.kafka,
    groupId: env.groupId,
    httpPort: env.httpPort,
    httpHost: env.httpHost,
    concurrency: env.concurrency,
  });
}

void main().catch((error: unknown) => {
  console.error('invoicing failed to start:', error);
  process.exit(1);
});
