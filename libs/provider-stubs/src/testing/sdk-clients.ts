import { Client, type Config, EnvironmentEnum, HttpClientException } from '@adyen/api-library';
import type { ApiError } from '@adyen/api-library/lib/src/typings/apiError';
import type { IRequest } from '@adyen/api-library/lib/src/typings/requestOptions';
import { Environments, type GoCardlessClient, gocardless } from 'gocardless-nodejs';
import Stripe from 'stripe';
import type { ProviderStubEndpoints } from '../types';

/** Test helpers: the official SDKs pointed at the stand-ins, configured as spec §4 describes. */

/** A Stripe client on the stand-in (no retries, Lago's API version). */
export function stubStripe(stripeEndpoint: string, apiKey = 'sk_test_stub'): Stripe {
  const url = new URL(stripeEndpoint);
  return new Stripe(apiKey, {
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
    apiVersion: '2025-04-30.basil' as Stripe.LatestApiVersion,
    maxNetworkRetries: 0,
    telemetry: false,
  });
}

/**
 * The Adyen SDK's HTTP client contract, rewriting `https://checkout-test.adyen.com` to the stand-in:
 * sends `x-api-key`, `Idempotency-Key` and extra headers, and throws `HttpClientException` on non-2xx.
 */
export class StubAdyenHttpClient {
  constructor(private readonly adyenEndpoint: string) {}

  async request(endpoint: string, json: string | Buffer, config: Config, _isApiKeyRequired: boolean, requestOptions: IRequest.Options = {}): Promise<string> {
    const url = endpoint.replace(/^https:\/\/checkout-test\.adyen\.com/, this.adyenEndpoint);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (const [name, value] of Object.entries(requestOptions.headers ?? {})) if (value !== undefined) headers[name] = String(value);
    if (config.apiKey) headers['x-api-key'] = config.apiKey;
    if (requestOptions.idempotencyKey) headers['idempotency-key'] = requestOptions.idempotencyKey;
    const method = requestOptions.method ?? 'POST';
    const response = await fetch(url, { method, headers, body: method === 'GET' ? undefined : json.toString() });
    const text = await response.text();
    if (!response.ok) {
      let apiError: ApiError | undefined;
      try {
        const parsed = JSON.parse(text) as ApiError;
        if (parsed.status !== undefined) apiError = parsed;
      } catch {
        apiError = undefined;
      }
      throw new HttpClientException({ message: `HTTP Exception: ${response.status}`, statusCode: response.status, errorCode: apiError?.errorCode, responseBody: text, apiError });
    }
    return text;
  }
}

/** An Adyen client on the stand-in (an empty `apiKey` sends no `x-api-key`). */
export function stubAdyen(adyenEndpoint: string, apiKey = 'adyen_test_key'): Client {
  return new Client({ apiKey, environment: EnvironmentEnum.TEST }, new StubAdyenHttpClient(adyenEndpoint));
}

/** A GoCardless client on the stand-in (the base URL is a private field of the SDK). */
export function stubGoCardless(endpoints: ProviderStubEndpoints, token = 'sandbox_token'): GoCardlessClient {
  const client = gocardless(token, Environments.Sandbox);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- documented private-field access (spec §4.3)
  (client as any)._api._baseUrl = endpoints.gocardless;
  return client;
}
