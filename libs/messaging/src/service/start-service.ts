import { Logger, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { kafkaClientConfig, type KafkaSettings } from '../kafka/kafka-config';
import { KafkaServer } from './kafka-server';

/** How a Kafka-consuming service starts. */
export interface ServiceStartOptions {
  /** Service name, for logs. */
  name: string;
  /** The root module. */
  module: Type<unknown> | import('@nestjs/common').DynamicModule;
  /** Kafka connection. */
  kafka: KafkaSettings;
  /** Consumer group of the service; replicas share it, other services must not. */
  groupId: string;
  /** Port of the health endpoint. */
  httpPort: number;
  /** Interface to listen on. */
  httpHost: string;
  /** Partitions processed at once by this process. */
  concurrency: number;
  /** Most messages of a fetched batch executed in one transaction (default 100; see `KafkaServer`). */
  batchMax?: number;
  /**
   * Where a consumer group without committed offsets starts: the beginning (default; replicas
   * rebuild from history) or the latest offset (a notifier must not re-send history when first
   * deployed).
   */
  fromBeginning?: boolean;
  /** Other configuration the caller spreads in is ignored. */
  [other: string]: unknown;
}

/**
 * Starts a service as a NestJS hybrid app: the Kafka server (its `@MessagePattern` and
 * `@EventPattern` handlers) plus a small HTTP server for `/health`. Resolves once the consumer
 * has joined its group and the port is open, so "/health answers" means "ready".
 */
export async function startService(options: ServiceStartOptions): Promise<INestApplication> {
  const logger = new Logger(options.name);
  const app = await NestFactory.create(options.module as Type<unknown>, { logger: ['error', 'warn', 'log'] });
  // After a graceful stop the process exits with 0; by default Nest re-raises the signal, which
  // reports the clean stop as "killed by SIGTERM" (143) to whatever supervises the process.
  app.enableShutdownHooks([], { useProcessExit: true });
  // Why a stop takes a while: the consumers, the relay and the job runners finish what they hold.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => logger.log(`${signal}: finishing the work in progress, then exiting`));
  app.connectMicroservice<MicroserviceOptions>(
    {
      strategy: new KafkaServer({
        client: kafkaClientConfig(options.kafka),
        consumer: {
          groupId: options.groupId,
          sessionTimeout: 10_000,
          heartbeatInterval: 1_000,
          rebalanceTimeout: 10_000,
          maxWaitTimeInMs: 500,
          allowAutoTopicCreation: false,
          retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5 },
        },
        subscribe: { fromBeginning: options.fromBeginning ?? true },
        // Offsets: committed by the server about once a second and at shutdown (`KafkaServer`).
        run: { partitionsConsumedConcurrently: options.concurrency },
        producer: { allowAutoTopicCreation: false },
        postfixId: '',
        batching: { maxMessages: options.batchMax },
      }),
    },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  await app.listen(options.httpPort, options.httpHost);
  logger.log(`ready: consumer group ${options.groupId}, health on http://${options.httpHost}:${options.httpPort}/health`);
  return app;
}
