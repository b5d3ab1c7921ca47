import { ERROR_CODES, type ErrorCode, type RpcErrorV1 } from '@app/contracts';

/** A Lago error response: its status and exact body. */
export class LagoError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(`${status} ${String(body.error)}`);
  }

  static unauthorized(): LagoError {
    return new LagoError(401, { status: 401, error: 'Unauthorized' });
  }

  static badRequest(message?: string): LagoError {
    return new LagoError(400, { status: 400, error: message ? `BadRequest: ${message}` : 'Bad Request' });
  }

  static forbidden(code: string): LagoError {
    return new LagoError(403, { status: 403, error: 'Forbidden', code });
  }

  static missingParam(root: string): LagoError {
    return LagoError.badRequest(`param is missing or the value is empty or invalid: ${root}`);
  }

  static notFound(code: string): LagoError {
    return new LagoError(404, { status: 404, error: 'Not Found', code });
  }

  static validation(details: Record<string, unknown>): LagoError {
    return new LagoError(422, { status: 422, error: 'Unprocessable Entity', code: 'validation_errors', error_details: details });
  }

  /** A body over the configured limit (BODY_LIMIT). */
  static payloadTooLarge(): LagoError {
    return new LagoError(413, { status: 413, error: 'Payload Too Large', code: 'payload_too_large' });
  }

  /** The key's rate limit is spent; the code is the one Lago's own rate limiting renders. */
  static tooManyRequests(): LagoError {
    return new LagoError(429, { status: 429, error: 'Too Many Requests', code: 'rate_limit_exceeded' });
  }

  static unavailable(): LagoError {
    return new LagoError(503, { status: 503, error: 'Service Unavailable' });
  }

  static internal(): LagoError {
    return new LagoError(500, { status: 500, error: 'Internal Server Error' });
  }

  /** The Lago response for a service's refusal. */
  static fromRpc(error: RpcErrorV1): LagoError {
    const status: number = ERROR_STATUS[error.code] ?? 500;
    switch (status) {
      case 400:
        return LagoError.badRequest(describeDetails(error));
      case 403:
        return LagoError.forbidden(error.code);
      case 404:
        return LagoError.notFound(error.code);
      case 405:
        return new LagoError(405, { status: 405, error: 'Method Not Allowed', code: error.code });
      case 422:
        return LagoError.validation(error.details ?? {});
      case 503:
        return LagoError.unavailable();
      default:
        return LagoError.internal();
    }
  }
}

/** HTTP status of every error code; the compiler checks that no code is missing. */
export const ERROR_STATUS = {
  validation_errors: 422,
  customer_not_found: 404,
  tax_not_found: 404,
  billing_entity_not_found: 404,
  invoice_not_found: 404,
  payment_provider_not_found: 404,
  add_on_not_found: 404,
  fees_not_found: 404,
  payment_request_not_found: 404,
  payment_not_found: 404,
  credit_note_not_found: 404,
  fee_not_found: 404,
  update_on_voided_invoice: 405,
  payment_status_update_on_draft_invoice: 405,
  invoices_not_overdue: 405,
  invoices_have_different_currencies: 405,
  invoices_have_different_billing_entities: 405,
  invoices_not_ready_for_payment_processing: 405,
  metadata_on_draft_invoice: 405,
  not_voidable: 405,
  not_disputable: 405,
  feature_unavailable: 403,
  no_voidable_amount: 405,
  invalid_type_or_status: 405,
  resource_not_found: 404,
  webhook_endpoint_not_found: 404,
  webhook_not_found: 404,
  external_id_taken: 400,
  external_id_immutable: 400,
  bad_request: 400,
  service_unavailable: 503,
  internal_error: 500,
} as const satisfies Record<ErrorCode, number>;

/** Lago's 400 carries one message: the code, and the fields that caused it. */
function describeDetails(error: RpcErrorV1): string {
  const fields = Object.entries(error.details ?? {}).map(([field, codes]) => `${field} ${Array.isArray(codes) ? codes.join(', ') : String(codes)}`);
  return fields.length ? `${error.code}: ${fields.join('; ')}` : error.code;
}

// Keeps ERROR_CODES referenced so a code added there without a status fails the build above.
void ERROR_CODES;
