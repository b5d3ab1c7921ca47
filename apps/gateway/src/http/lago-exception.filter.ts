import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { LagoError } from './lago-errors';

/**
 * Turns every failure into Lago's error body. Unknown routes are Lago's 404
 * `resource_not_found`, body-parser failures 400, and anything unexpected a 500 that never
 * echoes the internal message.
 */
@Catch()
export class LagoExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const error = this.toLagoError(exception);
    if (error.status >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    if (!response.headersSent) response.status(error.status).json(error.body);
  }

  private toLagoError(exception: unknown): LagoError {
    if (exception instanceof LagoError) return exception;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404) return LagoError.notFound('resource_not_found');
      if (status === 401) return LagoError.unauthorized();
      if (status === 413) return new LagoError(413, { status: 413, error: 'Payload Too Large' });
      if (status === 415) return new LagoError(415, { status: 415, error: 'Unsupported Media Type' });
      if (status < 500) return LagoError.badRequest();
      return LagoError.internal();
    }
    // body-parser errors carry an HTTP status (400 malformed JSON, 413 too large, 415 charset).
    const status = (exception as { status?: unknown; type?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      if (status === 413) return new LagoError(413, { status: 413, error: 'Payload Too Large' });
      return LagoError.badRequest();
    }
    return LagoError.internal();
  }
}
