import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { LagoError } from './lago-errors';

/**
 * The request's `Idempotency-Key` header (undefined when absent); a key that is empty or longer
 * than 255 characters is a 400 (ChargeOver's envelope under `/api/v3`, by the exception filter).
 * Read after the guards, so a bad API key is still the 401.
 */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<Request>().headers['idempotency-key'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 255) throw LagoError.badRequest('Idempotency-Key must be 1 to 255 characters');
  return value;
});
