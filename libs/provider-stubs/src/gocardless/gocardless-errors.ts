import { randomUUID } from 'node:crypto';
import { json, type StubResponse } from '../core/http';

/** One entry of a GoCardless error's `errors`. */
export interface GoCardlessErrorDetail {
  message: string;
  field?: string;
  reason?: string;
  request_pointer?: string;
  links?: Record<string, string>;
}

/** A GoCardless error reply: `{error: {type, code, message, documentation_url, request_id, errors}}`. */
export function goCardlessError(status: number, type: string, message: string, errors: GoCardlessErrorDetail[]): StubResponse {
  const anchor = errors.find((e) => e.reason)?.reason ?? type;
  return json(status, {
    error: {
      type,
      code: status,
      message,
      documentation_url: `https://developer.gocardless.com/api-reference#${anchor}`,
      request_id: randomUUID(),
      errors,
    },
  });
}

/** 422 `validation_failed` on one field. */
export function validationFailed(field: string, message: string, requestPointer: string): StubResponse {
  return goCardlessError(422, 'validation_failed', 'Validation failed', [{ field, message, request_pointer: requestPointer }]);
}

/** 404 for an unknown resource. */
export function resourceNotFound(): StubResponse {
  return goCardlessError(404, 'invalid_api_usage', 'Resource not found', [{ reason: 'resource_not_found', message: 'Resource not found' }]);
}

/** The error reply GoCardless gives for an HTTP status (used by fault injection). */
export function goCardlessErrorForStatus(status: number): StubResponse {
  switch (status) {
    case 400:
      return goCardlessError(400, 'invalid_api_usage', 'Invalid document structure', [{ reason: 'invalid_document_structure', message: 'Invalid document structure' }]);
    case 401:
      return goCardlessError(401, 'invalid_api_usage', 'Authentication failed', [{ reason: 'authentication_failed', message: 'Authentication failed' }]);
    case 403:
      return goCardlessError(403, 'invalid_api_usage', 'Insufficient permissions', [{ reason: 'insufficient_permissions', message: 'Insufficient permissions' }]);
    case 404:
      return resourceNotFound();
    case 409:
      return goCardlessError(409, 'invalid_state', 'Conflict', [{ reason: 'conflict', message: 'Conflict' }]);
    case 422:
      return goCardlessError(422, 'validation_failed', 'Validation failed', [{ message: 'is invalid', field: 'links[mandate]', request_pointer: '/payments/links/mandate' }]);
    case 429:
      return goCardlessError(429, 'invalid_api_usage', 'Rate limit exceeded', [{ reason: 'rate_limit_exceeded', message: 'Rate limit exceeded' }]);
    default:
      return goCardlessError(status, 'gocardless', 'Uh-oh! Something went wrong. The GoCardless team has been notified.', [
        { reason: 'internal_server_error', message: 'Uh-oh! Something went wrong. The GoCardless team has been notified.' },
      ]);
  }
}
