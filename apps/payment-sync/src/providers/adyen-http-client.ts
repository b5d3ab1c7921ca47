import { type Config, HttpClientException } from '@adyen/api-library';
import type { ApiError } from '@adyen/api-library/lib/src/typings/apiError';
import type { IRequest } from '@adyen/api-library/lib/src/typings/requestOptions';
import type ClientInterface from '@adyen/api-library/lib/src/httpClient/clientInterface';
import { ProviderUnavailableError } from './payment-provider';
import { messageOf } from './provider-errors';
import { isRecord } from './provider-input';

/** Checkout hosts the SDK builds (test, and live `https://<prefix>-checkout-live.adyenpayments.com/checkout`). */
const CHECKOUT_HOSTS = [/^https:\/\/checkout-test\.adyen\.com/, /^https:\/\/[A-Za-z0-9-]+-checkout-live\.adyenpayments\.com\/checkout/];

/** The SDK URL with its Checkout host replaced by `baseUrl` (the `/vNN/...` path is kept). */
export function rewriteAdyenUrl(endpoint: string, baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  for (const host of CHECKOUT_HOSTS) if (host.test(endpoint)) return endpoint.replace(host, base);
  throw new Error(`Not an Adyen Checkout URL: ${new URL(endpoint).origin}`);
}

/**
 * An `@adyen/api-library` HTTP client that sends the SDK's Checkout requests to another base URL
 * (a local stand-in) with `fetch`, since the default client only speaks HTTPS to Adyen's hosts
 * (spec 4.2). It sends what the default client sends (`X-API-Key`, `Idempotency-Key`, the request's
 * own headers), throws `HttpClientException` for a non-2xx answer as the default client does, and
 * `ProviderUnavailableError` when the request cannot complete (network failure, timeout).
 */
export class AdyenFetchHttpClient implements ClientInterface {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  /** Sends one SDK request; resolves with the response body. */
  async request(endpoint: string, json: string | Buffer, config: Config, isApiKeyRequired: boolean, requestOptions: IRequest.Options = {}): Promise<string> {
    if (isApiKeyRequired && !config.apiKey) throw new HttpClientException({ message: 'Invalid X-API-Key was used', statusCode: 401 });
    const url = new URL(rewriteAdyenUrl(endpoint, this.baseUrl));
    if (requestOptions.params) for (const [key, value] of new URLSearchParams(requestOptions.params)) url.searchParams.append(key, value);
    const method = (requestOptions.method ?? 'POST').toUpperCase();
    const headers = new Headers({ 'Content-Type': 'application/json', Accept: 'application/json', 'Cache-Control': 'no-cache' });
    for (const [name, value] of Object.entries(requestOptions.headers ?? {})) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : String(value));
    }
    if (config.apiKey) headers.set('X-API-Key', config.apiKey);
    if (requestOptions.idempotencyKey) headers.set('Idempotency-Key', requestOptions.idempotencyKey);

    let status: number;
    let statusText: string;
    let body: string;
    try {
      const response = await fetch(url, {
        method,
        headers,
        body: method === 'GET' || method === 'HEAD' ? undefined : typeof json === 'string' ? json : new Uint8Array(json),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      statusText = response.statusText;
      body = await response.text();
    } catch (error) {
      if (isRecord(error) && error.name === 'TimeoutError') {
        throw new ProviderUnavailableError(`Adyen request timed out after ${this.timeoutMs} ms`, null);
      }
      throw new ProviderUnavailableError(`Adyen request failed: ${describeNetworkError(error)}`, null);
    }
    if (status < 200 || status >= 300) throw httpException(status, statusText, body);
    return body;
  }
}

/** The exception the default client throws for a non-2xx answer (with the parsed `apiError` when the body has `status`). */
function httpException(status: number, statusText: string, body: string): HttpClientException {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = null;
  }
  if (isRecord(parsed) && 'status' in parsed) {
    const apiError = parsed as ApiError;
    return new HttpClientException({
      message: `HTTP Exception: ${apiError.status ?? status}. ${statusText}: ${apiError.message ?? ''}`,
      statusCode: typeof apiError.status === 'number' ? apiError.status : status,
      errorCode: apiError.errorCode,
      responseBody: body,
      apiError,
    });
  }
  return new HttpClientException({ message: `HTTP Exception: ${status}. ${statusText}`, statusCode: status, responseBody: body });
}

/** The network error's code or message (fetch wraps the socket error in `cause`). */
function describeNetworkError(error: unknown): string {
  const cause = isRecord(error) ? error.cause : undefined;
  return isRecord(cause) && typeof cause.code === 'string' ? cause.code : messageOf(error);
}
