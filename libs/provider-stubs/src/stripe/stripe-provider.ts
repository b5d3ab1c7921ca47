import { decodeForm, type FormObject } from '../core/form-decode';
import { findRoute, type ProviderRequest, type Route, type StubResponse } from '../core/http';
import { stripeId } from '../core/ids';
import type { StoredOutcome } from '../core/idempotency';
import type { AuthResult, ProviderAdapter } from '../core/provider';
import type { StripeContext } from './stripe-context';
import { stripeCustomerRoutes } from './stripe-customers';
import { invalidApiKey, stripeError, stripeErrorForStatus } from './stripe-errors';
import { stripePaymentRoutes } from './stripe-payments';
import { stripeWebhookEndpointRoutes } from './stripe-webhook-endpoints';

const ROUTES: Route<StripeContext>[] = [...stripeCustomerRoutes, ...stripePaymentRoutes, ...stripeWebhookEndpointRoutes];

/** The key from `Authorization: Bearer <key>` or HTTP Basic (`<key>:`), or undefined. */
function apiKeyOf(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const [scheme, value] = authorization.split(/\s+/, 2);
  if (!value) return undefined;
  if (scheme.toLowerCase() === 'bearer') return value;
  if (scheme.toLowerCase() === 'basic') return Buffer.from(value, 'base64').toString('utf8').split(':')[0];
  return undefined;
}

/** Adds the `Request-Id` header Stripe puts on every reply. */
function withRequestId(response: StubResponse): StubResponse {
  return { ...response, headers: { 'request-id': stripeId('req'), ...response.headers } };
}

/** The Stripe stand-in: `/v1/...`, form-encoded requests, JSON replies. */
export class StripeProvider implements ProviderAdapter {
  readonly name = 'stripe';
  readonly prefix = '/v1';
  readonly stripPrefix = false;

  constructor(private readonly context: () => StripeContext) {}

  decodeBody(raw: string): unknown {
    return decodeForm(raw);
  }

  decodeQuery(search: string): FormObject {
    return decodeForm(search);
  }

  malformedBody(): StubResponse {
    return withRequestId(stripeError(400, { type: 'invalid_request_error', message: 'Invalid request body.' }));
  }

  authenticate(req: ProviderRequest): AuthResult {
    const key = apiKeyOf(req.headers.authorization);
    if (!key) {
      return {
        ok: false,
        response: withRequestId(
          stripeError(401, {
            type: 'invalid_request_error',
            message: 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. \'Authorization: Bearer YOUR_SECRET_KEY\').',
          }),
        ),
      };
    }
    if (!key.startsWith('sk_')) return { ok: false, response: withRequestId(invalidApiKey()) };
    return { ok: true, credential: key };
  }

  idempotencyKey(req: ProviderRequest): string | undefined {
    return req.method === 'POST' ? req.headers['idempotency-key'] || undefined : undefined;
  }

  idempotencyConflict(_req: ProviderRequest, key: string): StubResponse {
    return withRequestId(
      stripeError(400, {
        type: 'idempotency_error',
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      }),
    );
  }

  replay(original: StoredOutcome): StubResponse {
    const headers = { ...original.response.headers, 'idempotent-replayed': 'true', 'original-request': original.response.headers?.['request-id'] ?? '' };
    return { ...original.response, headers };
  }

  resourceIdOf(): string | undefined {
    return undefined;
  }

  errorForStatus(status: number): StubResponse {
    return withRequestId(stripeErrorForStatus(status));
  }

  handle(req: ProviderRequest): StubResponse {
    const found = findRoute(ROUTES, req.method, req.route);
    if ('route' in found) return withRequestId(found.route.handle(req, found.params, this.context()));
    return withRequestId(
      stripeError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${req.route}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.` }),
    );
  }
}
