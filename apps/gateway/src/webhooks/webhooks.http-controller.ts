import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  RPC_TOPICS,
  WEBHOOK_REQUESTS,
  type ListWebhooksV1,
  type OrganizationContextV1,
  type UpsertWebhookEndpointV1,
  type WebhookEndpointListV1,
  type WebhookEndpointV1,
  type WebhookListV1,
  type WebhookV1,
} from '@app/contracts';
import { ApiKeyGuard, ApiResource } from '../auth/api-key.guard';
import { CurrentOrganization } from '../auth/current-organization.decorator';
import { LagoError } from '../http/lago-errors';
import { presentKeys, readLagoBody, refuseNulls, requireKeys } from '../http/lago-validation';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { OwnerRequests } from '../http/owner-requests';
import { pagingOf } from '../http/pagination';
import { WebhookEndpointBody } from './webhook-endpoint.body';

const STATUSES: readonly string[] = ['pending', 'retrying', 'succeeded', 'failed'];

/** Lago's webhook endpoints (`/api/v1/webhook_endpoints`); they live in the webhooks service. */
@Controller('api/v1/webhook_endpoints')
@UseGuards(ApiKeyGuard)
@ApiResource('webhook_endpoint')
@ApiTags('Webhook endpoints')
@ApiBearerAuth()
export class WebhookEndpointsHttpController {
  constructor(private readonly owner: OwnerRequests) {}

  @Post()
  @HttpCode(200)
  async create(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Body() body: unknown,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ webhook_endpoint: WebhookEndpointV1 }> {
    const input: UpsertWebhookEndpointV1 = presentKeys(
      await readLagoBody(body, 'webhook_endpoint', WebhookEndpointBody, (raw, details) => requireKeys(raw, ['webhook_url'], details)),
    );
    const endpoint = await this.owner.send<WebhookEndpointV1>(RPC_TOPICS.webhooks, WEBHOOK_REQUESTS.createEndpoint, organization, 'endpoints', input, idempotencyKey);
    return { webhook_endpoint: endpoint };
  }

  @Get()
  list(@CurrentOrganization() organization: OrganizationContextV1, @Query() query: Record<string, unknown>): Promise<WebhookEndpointListV1> {
    return this.owner.send<WebhookEndpointListV1>(RPC_TOPICS.webhooks, WEBHOOK_REQUESTS.listEndpoints, organization, 'endpoints', pagingOf(query));
  }

  @Get(':lago_id')
  async show(@CurrentOrganization() organization: OrganizationContextV1, @Param('lago_id') id: string): Promise<{ webhook_endpoint: WebhookEndpointV1 }> {
    const endpoint = await this.owner.send<WebhookEndpointV1>(RPC_TOPICS.webhooks, WEBHOOK_REQUESTS.getEndpoint, organization, id, { lago_id: checkedId(id, 'webhook_endpoint') });
    return { webhook_endpoint: endpoint };
  }

  @Put(':lago_id')
  async update(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Param('lago_id') id: string,
    @Body() body: unknown,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ webhook_endpoint: WebhookEndpointV1 }> {
    const lagoId = checkedId(id, 'webhook_endpoint');
    const input: UpsertWebhookEndpointV1 = presentKeys(
      await readLagoBody(body, 'webhook_endpoint', WebhookEndpointBody, (raw, details) => {
        refuseNulls(raw, ['webhook_url'], details);
        refuseNulls(raw, ['signature_algo'], details, 'value_is_invalid');
      }),
    );
    const endpoint = await this.owner.send<WebhookEndpointV1>(
      RPC_TOPICS.webhooks,
      WEBHOOK_REQUESTS.updateEndpoint,
      organization,
      'endpoints',
      { ...input, lago_id: lagoId },
      idempotencyKey,
    );
    return { webhook_endpoint: endpoint };
  }

  @Delete(':lago_id')
  async remove(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Param('lago_id') id: string,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ webhook_endpoint: WebhookEndpointV1 }> {
    const endpoint = await this.owner.send<WebhookEndpointV1>(
      RPC_TOPICS.webhooks,
      WEBHOOK_REQUESTS.deleteEndpoint,
      organization,
      'endpoints',
      { lago_id: checkedId(id, 'webhook_endpoint') },
      idempotencyKey,
    );
    return { webhook_endpoint: endpoint };
  }
}

/** A lago_id in a path: anything but a UUID names nothing (Lago's 404). */
function checkedId(id: string, resource: 'webhook_endpoint' | 'webhook'): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw LagoError.notFound(`${resource}_not_found`);
  return id.toLowerCase();
}

/**
 * Lago's webhook signing keys (`GET /api/v1/webhooks/public_key`, `/json_public_key`), and our
 * extension: the delivery log of every webhook with its attempts, a manual resend, and the
 * organization's HMAC key (`/hmac_key`; Lago shows it in its UI).
 */
@Controller('api/v1/webhooks')
@UseGuards(ApiKeyGuard)
@ApiResource('webhook_endpoint')
@ApiTags('Webhooks')
@ApiBearerAuth()
export class WebhooksHttpController {
  constructor(private readonly owner: OwnerRequests) {}

  private keys(organization: OrganizationContextV1) {
    return this.owner.send<{ public_key_pem: string; hmac_key: string }>(RPC_TOPICS.webhooks, WEBHOOK_REQUESTS.signingKeys, organization, 'keys', {});
  }

  /** The RSA public key that verifies `jwt` signatures, base64 of its PEM, as plain text. */
  @Get('public_key')
  @Header('content-type', 'text/plain; charset=utf-8')
  async publicKey(@CurrentOrganization() organization: OrganizationContextV1): Promise<string> {
    return Buffer.from((await this.keys(organization)).public_key_pem).toString('base64');
  }

  @Get('json_public_key')
  async jsonPublicKey(@CurrentOrganization() organization: OrganizationContextV1): Promise<{ webhook: { public_key: string } }> {
    return { webhook: { public_key: Buffer.from((await this.keys(organization)).public_key_pem).toString('base64') } };
  }

  @Get('hmac_key')
  async hmacKey(@CurrentOrganization() organization: OrganizationContextV1): Promise<{ webhook: { hmac_key: string } }> {
    return { webhook: { hmac_key: (await this.keys(organization)).hmac_key } };
  }

  @Get()
  list(@CurrentOrganization() organization: OrganizationContextV1, @Query() query: Record<string, unknown>): Promise<WebhookListV1> {
    const params: ListWebhooksV1 = pagingOf(query);
    if (query.status !== undefined) {
      if (typeof query.status !== 'string' || !STATUSES.includes(query.status)) throw LagoError.validation({ status: ['value_is_invalid'] });
      params.status = query.status as ListWebhooksV1['status'];
    }
    if (typeof query.webhook_type === 'string' && query.webhook_type !== '') params.webhook_type = query.webhook_type.slice(0, 100);
    return this.owner.send<WebhookListV1>(RPC_TOPICS.webhooks, WEBHOOK_REQUESTS.listWebhooks, organization, 'log', params);
  }

  @Get(':lago_id')
  async show(@CurrentOrganization() organization: OrganizationContextV1, @Param('lago_id') id: string): Promise<{ webhook: WebhookV1 }> {
    return { webhook: await this.owner.send<WebhookV1>(RPC_TOPICS.webhooks, WEBHOOK_REQUESTS.getWebhook, organization, id, { lago_id: checkedId(id, 'webhook') }) };
  }

  /** Sends the webhook again now (one more attempt), whatever its status, unless an attempt is in flight. */
  @Post(':lago_id/retry')
  @HttpCode(200)
  async retry(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Param('lago_id') id: string,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ webhook: WebhookV1 }> {
    return {
      webhook: await this.owner.send<WebhookV1>(RPC_TOPICS.webhooks, WEBHOOK_REQUESTS.retryWebhook, organization, id, { lago_id: checkedId(id, 'webhook') }, idempotencyKey),
    };
  }
}
