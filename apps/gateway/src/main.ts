import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { runMain } from '@app/messaging';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { raw } from 'express';
import { AppModule } from './app.module';
import { gatewayEnv } from './config/gateway.env';
import { useDeferredJsonBody } from './http/deferred-body';
import { serveOpenApi } from './http/openapi';

async function main(): Promise<void> {
  const env = gatewayEnv();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(env), {
    logger: ['error', 'warn', 'log'],
    bodyParser: false,
  });
  // Provider webhooks are verified over their exact bytes: no JSON parsing on that path.
  app.use('/webhooks', raw({ type: () => true, limit: '1mb' }));
  useDeferredJsonBody(app, '1mb');
  app.disable('x-powered-by');
  // Rails-style brackets: countries[]=FR is an array, metadata[key]=v an object, as Lago reads them.
  app.set('query parser', 'extended');
  app.enableShutdownHooks();
  serveOpenApi(app);
  await app.listen(env.httpPort, env.httpHost);
  new Logger('gateway').log(`ready on http://${env.httpHost}:${env.httpPort}`);
}

runMain('gateway', main);
