import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import {
  PAYMENT_PROVIDER_FIELDS,
  PAYMENT_PROVIDER_REQUESTS,
  RPC_TOPICS,
  type OrganizationContextV1,
  type PaymentProviderListV1,
  type PaymentProviderV1,
} from '@app/contracts';
import { ApiKeyGuard, ApiResource } from '../auth/api-key.guard';
import { CurrentOrganization } from '../auth/current-organization.decorator';
import { readLagoBody, refuseNulls, requireKeys } from '../http/lago-validation';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { OwnerRequests } from '../http/owner-requests';
import { pagingOf } from '../http/pagination';
import { LagoErrorDoc, PaymentProviderListResponseDoc, PaymentProviderResponseDoc } from '../http/openapi';
import { PaymentProviderBody, PaymentProviderInputDoc, toConnectionInput } from './payment-provider.body';

/** Payment-provider connections (an API extension); they live in payment-sync. */
@Controller('api/v1/payment_providers')
@UseGuards(ApiKeyGuard)
@ApiResource('payment_provider')
@ApiTags('Payment providers')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: LagoErrorDoc })
export class PaymentProvidersHttpController {
  constructor(private readonly owner: OwnerRequests) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Connect a Stripe, Adyen or GoCardless account. Secrets are write-only.' })
  @ApiBody({ type: PaymentProviderInputDoc, description: 'code, name, provider_type and the required secrets of the type.' })
  @ApiOkResponse({ type: PaymentProviderResponseDoc })
  @ApiUnprocessableEntityResponse({ type: LagoErrorDoc })
  async create(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Body() body: unknown,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ payment_provider: PaymentProviderV1 }> {
    const fields = await readLagoBody(body, 'payment_provider', PaymentProviderBody, (raw, details) => {
      requireKeys(raw, ['code', 'name', 'provider_type'], details);
      const type = raw.provider_type as keyof typeof PAYMENT_PROVIDER_FIELDS;
      if (Object.hasOwn(PAYMENT_PROVIDER_FIELDS, type)) {
        for (const key of PAYMENT_PROVIDER_FIELDS[type].required) if (raw[key] === undefined || raw[key] === null || raw[key] === '') details[key] = ['value_is_mandatory'];
      }
    });
    const input = toConnectionInput(fields);
    const provider = await this.owner.send<PaymentProviderV1>(RPC_TOPICS.paymentSync, PAYMENT_PROVIDER_REQUESTS.create, organization, `provider:${input.code}`, input, idempotencyKey);
    return { payment_provider: provider };
  }

  @Put(':code')
  @ApiOperation({ summary: 'Change a connection: name, redirect URL, settings, or replace secrets (null removes an optional one).' })
  @ApiBody({ type: PaymentProviderInputDoc })
  @ApiOkResponse({ type: PaymentProviderResponseDoc })
  @ApiNotFoundResponse({ type: LagoErrorDoc })
  @ApiUnprocessableEntityResponse({ type: LagoErrorDoc })
  async update(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Param('code') code: string,
    @Body() body: unknown,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ payment_provider: PaymentProviderV1 }> {
    const fields = await readLagoBody(body, 'payment_provider', PaymentProviderBody, (raw, details) => refuseNulls(raw, ['name'], details));
    // Code and type cannot change; payment-sync keeps the secrets and settings of the connection's type.
    const { code: _code, provider_type: _type, ...changes } = toConnectionInput(fields);
    const provider = await this.owner.send<PaymentProviderV1>(RPC_TOPICS.paymentSync, PAYMENT_PROVIDER_REQUESTS.update, organization, `provider:${code}`, { code, changes }, idempotencyKey);
    return { payment_provider: provider };
  }

  @Get()
  @ApiOkResponse({ type: PaymentProviderListResponseDoc })
  async list(@CurrentOrganization() organization: OrganizationContextV1, @Query() query: Record<string, unknown>): Promise<PaymentProviderListV1> {
    return this.owner.send<PaymentProviderListV1>(RPC_TOPICS.paymentSync, PAYMENT_PROVIDER_REQUESTS.list, organization, 'providers', pagingOf(query));
  }

  @Get(':code')
  @ApiOkResponse({ type: PaymentProviderResponseDoc })
  @ApiNotFoundResponse({ type: LagoErrorDoc })
  async show(@CurrentOrganization() organization: OrganizationContextV1, @Param('code') code: string): Promise<{ payment_provider: PaymentProviderV1 }> {
    return { payment_provider: await this.owner.send<PaymentProviderV1>(RPC_TOPICS.paymentSync, PAYMENT_PROVIDER_REQUESTS.get, organization, `provider:${code}`, { code }) };
  }

  @Delete(':code')
  @ApiOkResponse({ type: PaymentProviderResponseDoc })
  @ApiNotFoundResponse({ type: LagoErrorDoc })
  async remove(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Param('code') code: string,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ payment_provider: PaymentProviderV1 }> {
    return { payment_provider: await this.owner.send<PaymentProviderV1>(RPC_TOPICS.paymentSync, PAYMENT_PROVIDER_REQUESTS.delete, organization, `provider:${code}`, { code }, idempotencyKey) };
  }
}
