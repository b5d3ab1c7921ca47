import { HttpClientException } from '@adyen/api-library';
import { ApiError } from 'gocardless-nodejs';
import Stripe from 'stripe';
import { classifyAdyenError } from './adyen.provider';
import { classifyGoCardlessError } from './gocardless.provider';
import { ProviderRefusedError, ProviderUnavailableError } from './payment-provider';
import { isNetworkError, isOutageStatus, redactSecrets, refusedCharge, toProviderError, withTimeout } from './provider-errors';
import { classifyStripeError } from './stripe.provider';

/** A GoCardless API error as the SDK builds it from a response. */
function goCardlessError(statusCode: number, type: string, message = 'boom'): unknown {
  return ApiError.buildFromResponse({ statusCode, headers: {}, body: { error: { type, code: statusCode, message, errors: [{ message: 'is invalid', field: 'links[mandate]' }], request_id: 'RQ1', documentation_url: '' } } });
}

describe('provider error classification', () => {
  it('treats 408, 429 and 5xx as outages and other statuses as answers', () => {
    expect([408, 429, 500, 502, 503].every(isOutageStatus)).toBe(true);
    expect([400, 401, 402, 403, 404, 409, 422].some(isOutageStatus)).toBe(false);
  });

  it('recognises network failures, also when wrapped as a cause (fetch)', () => {
    expect(isNetworkError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isNetworkError(new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }))).toBe(true);
    expect(isNetworkError(new Error('socket hang up'))).toBe(true);
    expect(isNetworkError(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
  });

  it('scrubs connection secrets from messages', () => {
    const secrets = { secret_key: 'sk_test_abcdef123456', webhook_secret: '' };
    expect(redactSecrets('Invalid API Key provided: sk_test_abcdef123456', secrets)).toBe('Invalid API Key provided: [redacted]');
    const error = toProviderError({ kind: 'refused', message: 'bad key sk_test_abcdef123456', code: null, httpStatus: 401 }, secrets);
    expect(error).toBeInstanceOf(ProviderRefusedError);
    expect(error.message).not.toContain('sk_test_abcdef123456');
  });

  it('builds a refused charge as Lago records it', () => {
    expect(refusedCharge({ message: 'Your card was declined.', code: 'card_declined' }, 'pm_1', { providerPaymentId: 'pi_1' })).toEqual({
      providerPaymentId: 'pi_1',
      status: 'failed',
      payableStatus: 'failed',
      nextAction: null,
      error: { message: 'Your card was declined.', code: 'card_declined' },
      keepPayablePending: false,
      paymentMethodId: 'pm_1',
    });
  });

  it('sorts Stripe errors: 4xx classes refused, rate limit / connection / API errors unavailable', () => {
    const { errors } = Stripe;
    expect(classifyStripeError(new errors.StripeCardError({ message: 'declined', code: 'card_declined', statusCode: 402 }))).toMatchObject({ kind: 'refused', code: 'card_declined', httpStatus: 402 });
    expect(classifyStripeError(new errors.StripeInvalidRequestError({ message: 'too small', code: 'amount_too_small', statusCode: 400 }))?.kind).toBe('refused');
    expect(classifyStripeError(new errors.StripeAuthenticationError({ message: 'bad key', statusCode: 401 }))?.kind).toBe('refused');
    expect(classifyStripeError(new errors.StripePermissionError({ message: 'no', statusCode: 403 }))?.kind).toBe('refused');
    expect(classifyStripeError(new errors.StripeRateLimitError({ message: 'slow down', statusCode: 429 }))?.kind).toBe('unavailable');
    expect(classifyStripeError(new errors.StripeConnectionError({ message: 'timeout' }))?.kind).toBe('unavailable');
    expect(classifyStripeError(new errors.StripeAPIError({ message: 'oops', statusCode: 500 }))?.kind).toBe('unavailable');
    expect(classifyStripeError(new TypeError('bug'))).toBeNull();
  });

  it('sorts Adyen errors by HTTP status and keeps errorCode, message and errorType', () => {
    const validation = new HttpClientException({ message: 'HTTP Exception: 422', statusCode: 422, apiError: { status: 422, errorCode: '14_004', message: 'Missing payment method details', errorType: 'validation' } });
    expect(classifyAdyenError(validation)).toEqual({ kind: 'refused', message: '14_004: Missing payment method details', code: 'validation', httpStatus: 422 });
    const security = new HttpClientException({ message: 'HTTP Exception: 401', statusCode: 401, apiError: { status: 401, errorCode: '000', message: 'HTTP Status Response - Unauthorized', errorType: 'security' } });
    expect(classifyAdyenError(security)).toMatchObject({ kind: 'refused', code: 'security' });
    expect(classifyAdyenError(new HttpClientException({ message: 'HTTP Exception: 500', statusCode: 500 }))?.kind).toBe('unavailable');
    expect(classifyAdyenError(new HttpClientException({ message: 'HTTP Exception: 429', statusCode: 429 }))?.kind).toBe('unavailable');
    expect(classifyAdyenError({ name: 'ApiException', message: 'socket hang up', statusCode: 500 })?.kind).toBe('unavailable');
    expect(classifyAdyenError(new RangeError('bug'))).toBeNull();
  });

  it('sorts GoCardless errors: validation / usage / auth refused with their type, 429 / internal unavailable', () => {
    expect(classifyGoCardlessError(goCardlessError(422, 'validation_failed', 'Validation failed'))).toMatchObject({ kind: 'refused', code: 'validation_failed', httpStatus: 422 });
    expect(classifyGoCardlessError(goCardlessError(400, 'invalid_api_usage'))).toMatchObject({ kind: 'refused', code: 'invalid_api_usage' });
    expect(classifyGoCardlessError(goCardlessError(401, 'invalid_api_usage'))).toMatchObject({ kind: 'refused', httpStatus: 401 });
    expect(classifyGoCardlessError(goCardlessError(403, 'invalid_api_usage'))?.kind).toBe('refused');
    expect(classifyGoCardlessError(goCardlessError(429, 'invalid_api_usage'))?.kind).toBe('unavailable');
    expect(classifyGoCardlessError(goCardlessError(500, 'gocardless'))?.kind).toBe('unavailable');
    expect(classifyGoCardlessError(Object.assign(new Error('connect ECONNREFUSED'), { name: 'RequestError', code: 'ECONNREFUSED' }))?.kind).toBe('unavailable');
    expect(classifyGoCardlessError(new TypeError('bug'))).toBeNull();
  });
});

describe('withTimeout', () => {
  afterEach(() => jest.useRealTimers());

  it('rejects a call that outlives the timeout with ProviderUnavailableError', async () => {
    jest.useFakeTimers();
    const pending = withTimeout(new Promise<never>(() => undefined), 250, 'GoCardless payments.create');
    const outcome = expect(pending).rejects.toThrow(new ProviderUnavailableError('GoCardless payments.create timed out after 250 ms', null));
    await jest.advanceTimersByTimeAsync(250);
    await outcome;
  });

  it('resolves with the call and passes its rejection through', async () => {
    await expect(withTimeout(Promise.resolve('ok'), 1000, 'x')).resolves.toBe('ok');
    await expect(withTimeout(Promise.reject(new Error('refused')), 1000, 'x')).rejects.toThrow('refused');
  });
});
