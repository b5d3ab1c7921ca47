import { json, type StubResponse } from '../core/http';

/** An Adyen error reply: `{status, errorCode, message, errorType, pspReference?}`. */
export function adyenError(status: number, errorCode: string, message: string, errorType: string, pspReference?: string): StubResponse {
  return json(status, { status, errorCode, message, errorType, ...(pspReference ? { pspReference } : {}) });
}

/** 422 validation error. */
export function adyenValidation(errorCode: string, message: string, pspReference?: string): StubResponse {
  return adyenError(422, errorCode, message, 'validation', pspReference);
}

/** 401 for a missing API key. */
export function adyenUnauthorized(): StubResponse {
  return adyenError(401, '000', 'HTTP Status Response - Unauthorized', 'security');
}

/** The error reply Adyen gives for an HTTP status (used by fault injection). */
export function adyenErrorForStatus(status: number): StubResponse {
  switch (status) {
    case 400:
      return adyenError(400, '702', 'Structure of the request is invalid', 'validation');
    case 401:
      return adyenUnauthorized();
    case 403:
      return adyenError(403, '010', 'Not allowed', 'security');
    case 404:
      return adyenError(404, '000', 'HTTP Status Response - Not Found', 'validation');
    case 422:
      return adyenValidation('14_004', 'Missing payment method details');
    case 429:
      return adyenError(429, '000', 'HTTP Status Response - Too Many Requests', 'throttling');
    default:
      return status >= 500 ? adyenError(status, '000', 'An internal error occurred', 'internal') : adyenError(status, '000', `HTTP Status Response - ${status}`, 'validation');
  }
}
