import type { PaginationMetaV1 } from '../customers/customer-commands.v1';

/** Request types served by the webhooks service on `billing.rpc.webhooks.v1`. */
export const WEBHOOK_REQUESTS = {
  /** Payload `UpsertWebhookEndpointV1`; reply `WebhookEndpointV1`. */
  createEndpoint: 'webhooks.endpoints.create',
  /** Payload `{ page, per_page }`; reply `WebhookEndpointListV1`. */
  listEndpoints: 'webhooks.endpoints.list',
  /** Payload `{ lago_id }`; reply `WebhookEndpointV1`. */
  getEndpoint: 'webhooks.endpoints.get',
  /** Payload `{ lago_id } & UpsertWebhookEndpointV1`; reply `WebhookEndpointV1`. */
  updateEndpoint: 'webhooks.endpoints.update',
  /** Payload `{ lago_id }`; reply `WebhookEndpointV1` (as deleted). */
  deleteEndpoint: 'webhooks.endpoints.delete',
  /** Payload `ListWebhooksV1`; reply `WebhookListV1`: the delivery log. */
  listWebhooks: 'webhooks.deliveries.list',
  /** Payload `{ lago_id }`; reply `WebhookV1` with its attempts. */
  getWebhook: 'webhooks.deliveries.get',
  /** Payload `{ lago_id }`: deliver a webhook again now; reply `WebhookV1`. */
  retryWebhook: 'webhooks.deliveries.retry',
  /** Payload `{}`; reply `{ public_key_pem, hmac_key }`: what receivers verify signatures with. */
  signingKeys: 'webhooks.signing_keys',
} as const;

/** `jwt` (RS256, Lago's default) or `hmac` (SHA-256 with the organization's key). */
export const SIGNATURE_ALGOS = ['jwt', 'hmac'] as const;
export type SignatureAlgo = (typeof SIGNATURE_ALGOS)[number];

/** Lago's webhook endpoint object. */
export interface WebhookEndpointV1 {
  lago_id: string;
  lago_organization_id: string;
  webhook_url: string;
  signature_algo: SignatureAlgo;
  created_at: string;
}

/** The fields of a create or update, checked by the gateway (an update may omit either). */
export interface UpsertWebhookEndpointV1 {
  webhook_url?: string;
  signature_algo?: SignatureAlgo;
}

export interface WebhookEndpointListV1 {
  webhook_endpoints: WebhookEndpointV1[];
  meta: PaginationMetaV1;
}

/** One delivery attempt of a webhook. */
export interface WebhookAttemptV1 {
  attempt: number;
  started_at: string;
  duration_ms: number;
  http_status: number | null;
  error: string | null;
  response: string | null;
}

/** A webhook (one event for one endpoint) and where its delivery stands (our extension: Lago shows it in its UI). */
export interface WebhookV1 {
  lago_id: string;
  lago_webhook_endpoint_id: string | null;
  webhook_url: string;
  webhook_type: string;
  object_type: string;
  /** `pending`, `retrying`, `succeeded` or `failed` (Lago's statuses). */
  status: 'pending' | 'retrying' | 'succeeded' | 'failed';
  retries: number;
  http_status: number | null;
  /** The exact body sent. */
  payload: string;
  last_retried_at: string | null;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
  attempts?: WebhookAttemptV1[];
}

/** Parameters of `webhooks.deliveries.list`. */
export interface ListWebhooksV1 {
  page: number;
  per_page: number;
  status?: WebhookV1['status'];
  webhook_type?: string;
}

export interface WebhookListV1 {
  webhooks: WebhookV1[];
  meta: PaginationMetaV1;
}
