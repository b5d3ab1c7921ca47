import 'reflect-metadata';
import { startService } from '@app/messaging';
import { AppModule } from './app.module';
import { customersEnv } from './config/customers.env';

async function main(): Promise<void> {
  const env = customersEnv();
  await startService({
    name: 'customers',
    module: AppModule.register(env),
    kafka: env.kafka,
    groupId: env.groupId,
    httpPort: env.httpPort,
    httpHost: env.httpHost,
    concurrency: env.concurrency,
  });
}

void main().catch((error: unknown) => {
  console.error('customers failed to start:', error);
  process.exit(1);
});
