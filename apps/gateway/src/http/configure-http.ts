import type { NestExpressApplication } from '@nestjs/platform-express';
import { useDeferredBodies } from './deferred-body';

/** The gateway's Express settings, before any route: what main uses and the socket-level tests check. */
export function configureHttp(app: NestExpressApplication, settings: { bodyLimitBytes: number }): void {
  useDeferredBodies(app, settings.bodyLimitBytes);
  app.disable('x-powered-by');
  // Rails-style brackets: countries[]=FR is an array, metadata[key]=v an object, as Lago reads them.
  app.set('query parser', 'extended');
}
