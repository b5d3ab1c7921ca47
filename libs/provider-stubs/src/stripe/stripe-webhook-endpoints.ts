import { type ProviderRequest, type Route, json, type StubResponse } from '../core/http';
import { stripeId, unixNow } from '../core/ids';
import { asObject, optBoolean, optString, stringList } from '../core/json';
import type { StripeContext } from './stripe-context';
import { missingParam, resourceMissing } from './stripe-errors';
import type { StripeWebhookEndpoint } from './stripe-types';

/** The endpoint as served after creation: Stripe reveals `secret` only once. */
function withoutSecret(endpoint: StripeWebhookEndpoint): unknown {
  const { secret: _secret, ...served } = endpoint;
  return served;
}

function createEndpoint(req: ProviderRequest, _params: Record<string, string>, ctx: StripeContext): StubResponse {
  const body = asObject(req.body);
  const url = optString(body, 'url');
  if (!url) return missingParam('url');
  const events = stringList(body, 'enabled_events');
  if (events.length === 0) return missingParam('enabled_events');
  const endpoint: StripeWebhookEndpoint = {
    id: stripeId('we'),
    object: 'webhook_endpoint',
    created: unixNow(),
    livemode: false,
    url,
    enabled_events: events,
    api_version: optString(body, 'api_version') ?? null,
    status: 'enabled',
    secret: stripeId('whsec'),
  };
  ctx.store.tables.webhook_endpoints.put(endpoint.id, endpoint);
  return json(200, endpoint);
}

function updateEndpoint(req: ProviderRequest, params: Record<string, string>, ctx: StripeContext): StubResponse {
  const endpoint = ctx.store.tables.webhook_endpoints.get(params.id);
  if (!endpoint) return resourceMissing('webhook_endpoint', params.id, 'id');
  const body = asObject(req.body);
  endpoint.url = optString(body, 'url') ?? endpoint.url;
  const events = stringList(body, 'enabled_events');
  if (events.length > 0) endpoint.enabled_events = events;
  const disabled = optBoolean(body, 'disabled');
  if (disabled !== undefined) endpoint.status = disabled ? 'disabled' : 'enabled';
  return json(200, withoutSecret(endpoint));
}

function retrieveEndpoint(_req: ProviderRequest, params: Record<string, string>, ctx: StripeContext): StubResponse {
  const endpoint = ctx.store.tables.webhook_endpoints.get(params.id);
  return endpoint ? json(200, withoutSecret(endpoint)) : resourceMissing('webhook_endpoint', params.id, 'id');
}

/** Webhook endpoints. */
export const stripeWebhookEndpointRoutes: Route<StripeContext>[] = [
  { method: 'POST', pattern: '/v1/webhook_endpoints', handle: createEndpoint },
  { method: 'GET', pattern: '/v1/webhook_endpoints/:id', handle: retrieveEndpoint },
  { method: 'POST', pattern: '/v1/webhook_endpoints/:id', handle: updateEndpoint },
];
