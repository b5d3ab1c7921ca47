import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, type NextFunction, type Request, type Response } from 'express';
import type { Observable } from 'rxjs';
import { LagoError } from './lago-errors';

const BODY_ERROR = Symbol('bodyError');
type WithBodyError = Request & { [BODY_ERROR]?: { status?: number } };

/**
 * Parses JSON bodies but keeps a parse failure on the request instead of answering at once:
 * Lago authenticates before it reads the body, so a bad key with a malformed body is a 401.
 */
export function useDeferredJsonBody(app: NestExpressApplication, limit: string): void {
  const parse = json({ limit });
  app.use((req: WithBodyError, res: Response, next: NextFunction) =>
    parse(req, res, (error?: unknown) => {
      if (error) {
        req[BODY_ERROR] = error as { status?: number };
        req.body = undefined;
      }
      next();
    }),
  );
}

/** After the guards: a body that could not be parsed is Lago's 400 (or 413 when too large). */
@Injectable()
export class DeferredBodyErrorInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const error = context.switchToHttp().getRequest<WithBodyError>()[BODY_ERROR];
    if (error) {
      throw error.status === 413 ? new LagoError(413, { status: 413, error: 'Payload Too Large' }) : LagoError.badRequest();
    }
    return next.handle();
  }
}
