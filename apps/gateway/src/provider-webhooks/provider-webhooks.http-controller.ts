import { Controller, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PAYMENT_PROVIDER_TYPES, PROVIDER_WEBHOOK_REQUESTS, RPC_TOPICS, type PaymentProviderType, type ProviderWebhookReceiptV1 } from '@app/contracts';
import { LagoError } from '../http/lago-errors';
import { OwnerRequests } from '../http/owner-requests';
import { LagoErrorDoc } from '../http/openapi';
import { OrganizationsRepository } from '../organizations/organizations.repository';

/** Headers a provider signs with; only these travel to payment-sync. */
const SIGNATURE_HEADERS = ['stripe-signature', 'webhook-signature'];

/**
 * Provider webhooks (`POST /webhooks/{stripe,adyen,gocardless}/:organization_id?code=`): no API
 * key; the raw body (kept untouched by the raw parser mounted on `/webhooks`) goes to payment-sync,
 * which verifies the provider's signature and applies the events. Lago's replies: 200 with an empty
 * body (Stripe, GoCardless) or `[accepted]` (Adyen); 400 for any validation failure.
 */
@Controller('webhooks')
@ApiExcludeController()
export class ProviderWebhooksHttpController {
  constructor(
    private readonly owner: OwnerRequests,
    private readonly organizations: OrganizationsRepository,
  ) {}

  @Post(':provider/:organization_id')
  @HttpCode(200)
  @ApiBadRequestResponse({ type: LagoErrorDoc })
  async receive(
    @Param('provider') provider: string,
    @Param('organization_id') organizationId: string,
    @Query('code') code: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    if (!(PAYMENT_PROVIDER_TYPES as readonly string[]).includes(provider)) throw LagoError.notFound('resource_not_found');
    const organization = await this.organizations.findById(organizationId);
    if (!organization) throw LagoError.badRequest('organization_not_found');
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const headers = Object.fromEntries(SIGNATURE_HEADERS.flatMap((name) => (typeof request.headers[name] === 'string' ? [[name, request.headers[name]]] : [])));
    await this.owner.send<ProviderWebhookReceiptV1>(RPC_TOPICS.paymentSync, PROVIDER_WEBHOOK_REQUESTS.receive, organization.toContext(), `webhook:${provider}`, {
      provider_type: provider as PaymentProviderType,
      code: typeof code === 'string' && code !== '' ? code : null,
      body_base64: body.toString('base64'),
      headers,
    });
    if (provider !== 'adyen') return '';
    response.type('application/json');
    return '[accepted]';
  }
}
