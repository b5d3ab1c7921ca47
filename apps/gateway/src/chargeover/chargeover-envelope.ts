/** ChargeOver's response envelope: every answer, success or error, has these five keys. */
export interface ChargeOverEnvelope<T = unknown> {
  code: number;
  status: 'OK' | 'Error';
  message: string;
  details: Record<string, unknown>;
  response: T | false;
}

export const ok = <T>(code: number, response: T): ChargeOverEnvelope<T> => ({ code, status: 'OK', message: '', details: {}, response });

/** ChargeOver's messages for the errors it documents (and ours for those it does not). */
export const CHARGEOVER_MESSAGES = {
  badRequest: 'Missing or invalid parameter.',
  unauthorized: 'Invalid or incorrect authorization [Missing (basic) authorization header.]',
  notFound: 'The requested object was not found.',
  tooLarge: 'The request body is too large.',
  tooManyRequests: 'Too many requests with this API key; retry after the seconds in Retry-After.',
  unavailable: 'The service is temporarily unavailable, try again.',
  internal: 'An internal error occurred.',
} as const;

/** An error answer in ChargeOver's envelope. */
export class ChargeOverError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  get body(): ChargeOverEnvelope<never> {
    return { code: this.status, status: 'Error', message: this.message, details: this.details, response: false };
  }

  /** The documented 400: a missing, malformed or invalid parameter; `details` names the fields. */
  static badRequest(details: Record<string, unknown> = {}, message: string = CHARGEOVER_MESSAGES.badRequest): ChargeOverError {
    return new ChargeOverError(400, message, details);
  }

  /** The documented 401, the same for a missing header and for wrong credentials. */
  static unauthorized(): ChargeOverError {
    return new ChargeOverError(401, CHARGEOVER_MESSAGES.unauthorized);
  }

  static forbidden(code: string): ChargeOverError {
    return new ChargeOverError(403, `This API key is not allowed to do this [${code}].`);
  }

  static notFound(): ChargeOverError {
    return new ChargeOverError(404, CHARGEOVER_MESSAGES.notFound);
  }

  static tooManyRequests(): ChargeOverError {
    return new ChargeOverError(429, CHARGEOVER_MESSAGES.tooManyRequests);
  }
}
