import { ArgumentsHost, BadRequestException, HttpException, Logger, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { ERROR_CODES, type ErrorCode } from '@app/contracts';
import { ERROR_STATUS, LagoError } from './lago-errors';
import { LagoExceptionFilter } from './lago-exception.filter';

describe('LagoError builders', () => {
  it('unauthorized is 401 with no code', () => {
    const error = LagoError.unauthorized();

    expect(error.status).toBe(401);
    expect(error.body).toStrictEqual({ status: 401, error: 'Unauthorized' });
  });

  it('missingParam is Lago strong-parameters 400', () => {
    const error = LagoError.missingParam('customer');

    expect(error.status).toBe(400);
    expect(error.body).toStrictEqual({ status: 400, error: 'BadRequest: param is missing or the value is empty or invalid: customer' });
  });

  it('badRequest without a message is the Rails default body; with one it is "BadRequest: <message>"', () => {
    expect(LagoError.badRequest().body).toStrictEqual({ status: 400, error: 'Bad Request' });
    expect(LagoError.badRequest('Idempotency-Key must be 1 to 255 characters').body).toStrictEqual({
      status: 400,
      error: 'BadRequest: Idempotency-Key must be 1 to 255 characters',
    });
  });

  it('notFound carries the resource code', () => {
    const error = LagoError.notFound('billing_entity_not_found');

    expect(error.status).toBe(404);
    expect(error.body).toStrictEqual({ status: 404, error: 'Not Found', code: 'billing_entity_not_found' });
  });

  it('validation is 422 validation_errors with the details', () => {
    const error = LagoError.validation({ email: ['invalid_email_format'] });

    expect(error.status).toBe(422);
    expect(error.body).toStrictEqual({
      status: 422,
      error: 'Unprocessable Entity',
      code: 'validation_errors',
      error_details: { email: ['invalid_email_format'] },
    });
  });

  it('tooManyRequests is 429 with the code of Lago\'s own rate limiting', () => {
    expect([LagoError.tooManyRequests().status, LagoError.tooManyRequests().body]).toStrictEqual([
      429,
      { status: 429, error: 'Too Many Requests', code: 'rate_limit_exceeded' },
    ]);
  });

  it('unavailable is 503 and internal is 500, neither with a code', () => {
    expect([LagoError.unavailable().status, LagoError.unavailable().body]).toStrictEqual([503, { status: 503, error: 'Service Unavailable' }]);
    expect([LagoError.internal().status, LagoError.internal().body]).toStrictEqual([500, { status: 500, error: 'Internal Server Error' }]);
  });

  it('is an Error whose message names the status', () => {
    const error = LagoError.notFound('customer_not_found');

    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('404 Not Found');
  });
});

describe('LagoError.fromRpc', () => {
  it('validation_errors becomes 422 with the service details', () => {
    const error = LagoError.fromRpc({ code: 'validation_errors', details: { external_id: ['value_already_exist'] } });

    expect(error.status).toBe(422);
    expect(error.body).toStrictEqual({
      status: 422,
      error: 'Unprocessable Entity',
      code: 'validation_errors',
      error_details: { external_id: ['value_already_exist'] },
    });
  });

  it('validation_errors without details still has an error_details object', () => {
    expect(LagoError.fromRpc({ code: 'validation_errors' }).body.error_details).toStrictEqual({});
  });

  it.each(['customer_not_found', 'tax_not_found', 'invoice_not_found', 'resource_not_found'] as const)('%s becomes 404 with that code', (code) => {
    const error = LagoError.fromRpc({ code });

    expect(error.status).toBe(404);
    expect(error.body).toStrictEqual({ status: 404, error: 'Not Found', code });
  });

  it('bad_request becomes a 400', () => {
    const error = LagoError.fromRpc({ code: 'bad_request' });

    expect(error.status).toBe(400);
    expect(error.body.status).toBe(400);
    expect(String(error.body.error)).toMatch(/^BadRequest/);
  });

  it('feature_unavailable becomes Lago’s 403 with the code', () => {
    const error = LagoError.fromRpc({ code: 'feature_unavailable' });

    expect([error.status, error.body]).toStrictEqual([403, { status: 403, error: 'Forbidden', code: 'feature_unavailable' }]);
  });

  it('service_unavailable becomes 503', () => {
    const error = LagoError.fromRpc({ code: 'service_unavailable' });

    expect([error.status, error.body]).toStrictEqual([503, { status: 503, error: 'Service Unavailable' }]);
  });

  it('internal_error becomes 500 and drops any details the service sent', () => {
    const error = LagoError.fromRpc({ code: 'internal_error', details: { sql: 'select * from customers' } });

    expect([error.status, error.body]).toStrictEqual([500, { status: 500, error: 'Internal Server Error' }]);
  });

  it('an unknown code (a newer service) becomes 500, never a crash or a 2xx', () => {
    const error = LagoError.fromRpc({ code: 'brand_new_code' as ErrorCode });

    expect([error.status, error.body]).toStrictEqual([500, { status: 500, error: 'Internal Server Error' }]);
  });
});

describe('ERROR_STATUS', () => {
  it('has a status for exactly the contract error codes', () => {
    expect(Object.keys(ERROR_STATUS).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('maps each code to its Lago status', () => {
    expect(ERROR_STATUS).toStrictEqual({
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
    });
  });
});

describe('LagoExceptionFilter.catch', () => {
  let loggedErrors: jest.SpyInstance;

  beforeEach(() => {
    loggedErrors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  /** A response that records what the filter sends. */
  function fakeResponse(headersSent = false) {
    const sent: { status?: number; body?: unknown } = {};
    const headers: { contentType?: string } = {};
    const response = {
      headersSent,
      status(code: number) {
        sent.status = code;
        return response;
      },
      type(contentType: string) {
        headers.contentType = contentType;
        return response;
      },
      json(body: unknown) {
        sent.body = body;
        return response;
      },
    };
    const host = { switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({}) }) } as unknown as ArgumentsHost;
    return { host, sent, headers };
  }

  function send(exception: unknown) {
    const { host, sent } = fakeResponse();
    new LagoExceptionFilter().catch(exception, host);
    return sent;
  }

  it('an unknown route (Nest NotFoundException) is Lago 404 resource_not_found', () => {
    expect(send(new NotFoundException('Cannot POST /api/v1/nothing'))).toStrictEqual({
      status: 404,
      body: { status: 404, error: 'Not Found', code: 'resource_not_found' },
    });
  });

  it('a body-parser parse failure is 400 "Bad Request"', () => {
    expect(send({ status: 400, type: 'entity.parse.failed' })).toStrictEqual({ status: 400, body: { status: 400, error: 'Bad Request' } });
  });

  it('a body-parser SyntaxError with status 400 does not echo the parser message', () => {
    const parseError = Object.assign(new SyntaxError('Unexpected token } in JSON at position 12'), {
      status: 400,
      statusCode: 400,
      type: 'entity.parse.failed',
      body: '{"customer": }',
    });

    expect(send(parseError)).toStrictEqual({ status: 400, body: { status: 400, error: 'Bad Request' } });
  });

  it('a body-parser "entity too large" is 413 payload_too_large', () => {
    expect(send({ status: 413, type: 'entity.too.large' })).toStrictEqual({ status: 413, body: { status: 413, error: 'Payload Too Large', code: 'payload_too_large' } });
  });

  it('a plain Error is 500 without its message in the body, and the message is logged', () => {
    const sent = send(new Error('password authentication failed for user "billing"'));

    expect(sent).toStrictEqual({ status: 500, body: { status: 500, error: 'Internal Server Error' } });
    expect(JSON.stringify(sent.body)).not.toContain('password');
    expect(loggedErrors).toHaveBeenCalledWith(expect.stringContaining('password authentication failed'));
  });

  it.each([
    ['a connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['MikroORM’s ConnectionException', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { name: 'ConnectionException' })],
    ['a session the server terminated', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['an exhausted pool', Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' })],
  ])('the gateway’s database unreachable (%s) is Lago’s 503, without the message', (_label, error) => {
    const sent = send(error);

    expect(sent).toStrictEqual({ status: 503, body: { status: 503, error: 'Service Unavailable' } });
    expect(loggedErrors).toHaveBeenCalledWith(expect.stringContaining(error.message));
  });

  it('a thrown non-Error value is 500', () => {
    expect(send('boom')).toStrictEqual({ status: 500, body: { status: 500, error: 'Internal Server Error' } });
  });

  it('a LagoError passes through unchanged', () => {
    const error = LagoError.validation({ currency: ['value_is_invalid'] });

    const sent = send(error);

    expect(sent.status).toBe(422);
    expect(sent.body).toBe(error.body);
    expect(loggedErrors).not.toHaveBeenCalled();
  });

  it('an UnauthorizedException is Lago 401', () => {
    expect(send(new UnauthorizedException())).toStrictEqual({ status: 401, body: { status: 401, error: 'Unauthorized' } });
  });

  it('another 4xx HttpException is 400 "Bad Request" without Nest\'s message', () => {
    expect(send(new BadRequestException('Validation failed: secret detail'))).toStrictEqual({ status: 400, body: { status: 400, error: 'Bad Request' } });
  });

  it('a 5xx HttpException is 500 without its message', () => {
    expect(send(new HttpException('upstream exploded', 502))).toStrictEqual({ status: 500, body: { status: 500, error: 'Internal Server Error' } });
  });

  it('labels every error application/json, whatever content type the handler had set', () => {
    const { host, sent, headers } = fakeResponse();

    new LagoExceptionFilter().catch(LagoError.badRequest(), host);

    expect(headers.contentType).toBe('application/json');
    expect(sent).toStrictEqual({ status: 400, body: { status: 400, error: 'Bad Request' } });
  });

  it('sends nothing when the headers are already sent', () => {
    const { host, sent } = fakeResponse(true);

    new LagoExceptionFilter().catch(LagoError.notFound('customer_not_found'), host);

    expect(sent).toStrictEqual({});
  });
});
