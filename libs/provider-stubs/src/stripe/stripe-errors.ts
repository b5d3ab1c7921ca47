import { json, type StubResponse } from '../core/http';

/** The `error` object of a Stripe error reply. */
export interface StripeErrorBody {
  type: string;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  payment_intent?: unknown;
}

/** A Stripe error reply; a 500 carries `Stripe-Should-Retry: false` so retrying clients stop. */
export function stripeError(status: number, error: StripeErrorBody): StubResponse {
  return json(status, { error }, status >= 500 ? { 'stripe-should-retry': 'false' } : undefined);
}

/** 404 `resource_missing` for an unknown object. */
export function resourceMissing(kind: string, id: string, param?: string): StubResponse {
  return stripeError(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${kind}: '${id}'`, ...(param ? { param } : {}) });
}

/** 400 `resource_missing` for an unknown object named in a parameter (Stripe answers 400 there, not 404). */
export function missingParamObject(kind: string, id: string, param: string): StubResponse {
  return stripeError(400, { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${kind}: '${id}'`, param });
}

/** 400 `parameter_missing`. */
export function missingParam(param: string): StubResponse {
  return stripeError(400, { type: 'invalid_request_error', code: 'parameter_missing', message: `Missing required param: ${param}.`, param });
}

/** 401 for a missing or malformed key. */
export function invalidApiKey(): StubResponse {
  return stripeError(401, { type: 'invalid_request_error', message: 'Invalid API Key provided' });
}

/** The error reply Stripe gives for an HTTP status (used by fault injection). */
export function stripeErrorForStatus(status: number): StubResponse {
  switch (status) {
    case 400:
      return stripeError(400, { type: 'invalid_request_error', message: 'Invalid request.' });
    case 401:
      return invalidApiKey();
    case 402:
      return stripeError(402, { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' });
    case 403:
      return stripeError(403, { type: 'invalid_request_error', code: 'secret_key_required', message: 'The provided key does not have the required permissions for this endpoint.' });
    case 404:
      return stripeError(404, { type: 'invalid_request_error', code: 'resource_missing', message: 'Unrecognized request URL.' });
    case 409:
      return stripeError(409, { type: 'invalid_request_error', code: 'lock_timeout', message: 'This object cannot be accessed right now because another API request or Stripe process is currently accessing it.' });
    case 429:
      return stripeError(429, { type: 'rate_limit_error', code: 'rate_limit', message: 'Request rate limit exceeded.' });
    default:
      return status >= 500
        ? stripeError(status, { type: 'api_error', message: 'An unknown error occurred.' })
        : stripeError(status, { type: 'invalid_request_error', message: `Request failed with status ${status}.` });
  }
}
