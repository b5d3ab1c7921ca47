import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isTransientError } from '@app/messaging';
import { CHARGEOVER_MESSAGES, ChargeOverError } from '../chargeover/chargeover-envelope';
import { LagoError } from './lago-errors';

/**
 * Turns every failure into Lago's error body, or ChargeOver's envelope under `/api/v3`. Unknown
 * routes are Lago's 404 `resource_not_found` (ChargeOver's 400 for a bad endpoint), body-parser
 * failures 400, the gateway's database being unreachable 503, and anything unexpected a 500 that
 * never echoes the internal message.
 */
@Catch()
export class LagoExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const chargeOver = /^\/api\/v3(\/|$)/.test(http.getRequest<Request>().path ?? '');
    const error = exception instanceof ChargeOverError ? exception : this.toLagoError(exception);
    if (error.status >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    if (response.headersSent) return;
    const answer = chargeOver ? toChargeOverError(error, exception) : error;
    // Set again: a handler's own content type (`@Header`, e.g. the text/plain public key) must not label the JSON error.
    response.status(answer.status).type('application/json').json(answer.body);
  }

  private toLagoError(exception: unknown): LagoError {
    if (exception instanceof LagoError) return exception;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404) return LagoError.notFound('resource_not_found');
      if (status === 401) return LagoError.unauthorized();
      if (status === 413) return LagoError.payloadTooLarge();
      if (status === 415) return new LagoError(415, { status: 415, error: 'Unsupported Media Type' });
      if (status < 500) return LagoError.badRequest();
      return LagoError.internal();
    }
    // body-parser errors carry an HTTP status (400 malformed JSON, 413 too large, 415 charset).
    const status = (exception as { status?: unknown; type?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      if (status === 413) return LagoError.payloadTooLarge();
      return LagoError.badRequest();
    }
    // Our database is down or restarting (API keys are looked up there): a retry may succeed.
    if (isTransientError(exception)) return LagoError.unavailable();
    return LagoError.internal();
  }
}

/** ChargeOver's envelope for a failure that was first mapped to Lago's error. */
function toChargeOverError(error: ChargeOverError | LagoError, exception: unknown): ChargeOverError {
  if (error instanceof ChargeOverError) return error;
  // A route that does not exist is ChargeOver's "bad endpoint", a 400.
  if (exception instanceof HttpException && exception.getStatus() === 404) return ChargeOverError.badRequest();
  switch (error.status) {
    case 401:
      return ChargeOverError.unauthorized();
    case 403:
      return ChargeOverError.forbidden(String(error.body.code));
    case 404:
      return ChargeOverError.notFound();
    case 413:
      return new ChargeOverError(413, CHARGEOVER_MESSAGES.tooLarge);
    case 503:
      return new ChargeOverError(503, CHARGEOVER_MESSAGES.unavailable);
    default:
      return error.status < 500 ? ChargeOverError.badRequest() : new ChargeOverError(500, CHARGEOVER_MESSAGES.internal);
  }
}
