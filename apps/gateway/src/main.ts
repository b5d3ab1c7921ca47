import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { runMain } from '@app/messaging';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { gatewayEnv } from './config/gateway.env';
import { configureHttp } from './http/configure-http';
import { serveOpenApi } from './http/openapi';
import { answerParserErrors } from './http/parser-errors';

async function main(): Promise<void> {
  const env = gatewayEnv();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(env), {
    logger: ['error', 'warn', 'log'],
    bodyParser: false,
  });
  configureHttp(app, env);
  answerParserErrors(app.getHttpServer());
  // A graceful stop exits 0, as the other apps do; by default Nest re-raises the signal (143).
  app.enableShutdownHooks([], { useProcessExit: true });
  serveOpenApi(app);
  await app.listen(env.httpPort, env.httpHost);
  new Logger('gateway').log(`ready on http://${env.httpHost}:${env.httpPort}`);
}

runMain('gateway', main);
