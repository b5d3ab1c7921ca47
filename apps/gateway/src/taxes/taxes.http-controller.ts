import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { RPC_TOPICS, TAX_REQUESTS, type OrganizationContextV1, type TaxInputV1, type TaxListV1, type TaxV1 } from '@app/contracts';
import { ApiKeyGuard, ApiResource } from '../auth/api-key.guard';
import { CurrentOrganization } from '../auth/current-organization.decorator';
import { presentKeys, readLagoBody, refuseNulls, requireKeys } from '../http/lago-validation';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { OwnerRequests } from '../http/owner-requests';
import { pagingOf } from '../http/pagination';
import { LagoErrorDoc, TaxListResponseDoc, TaxResponseDoc } from '../http/openapi';
import { REQUIRED_TAX_KEYS, TaxInputDoc, TaxUpdateBody } from './tax.body';

/** Lago's tax endpoints; taxes live in the invoicing service. */
@Controller('api/v1/taxes')
@UseGuards(ApiKeyGuard)
@ApiResource('tax')
@ApiTags('Taxes')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: LagoErrorDoc })
export class TaxesHttpController {
  constructor(private readonly owner: OwnerRequests) {}

  @Post()
  @HttpCode(200)
  @ApiBody({ type: TaxInputDoc, description: 'name, code and rate are required.' })
  @ApiOkResponse({ type: TaxResponseDoc })
  @ApiUnprocessableEntityResponse({ type: LagoErrorDoc })
  async create(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Body() body: unknown,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ tax: TaxV1 }> {
    // Checked here, not with decorators on a subclass: SWC drops decorators on `declare` fields.
    const input: TaxInputV1 = presentKeys(
      await readLagoBody(body, 'tax', TaxUpdateBody, (raw, details) => requireKeys(raw, REQUIRED_TAX_KEYS, details)),
    );
    const tax = await this.owner.send<TaxV1>(RPC_TOPICS.invoicing, TAX_REQUESTS.create, organization, `tax:${input.code}`, input, idempotencyKey);
    return { tax };
  }

  @Put(':code')
  @ApiBody({ type: TaxInputDoc })
  @ApiOkResponse({ type: TaxResponseDoc })
  @ApiNotFoundResponse({ type: LagoErrorDoc })
  @ApiUnprocessableEntityResponse({ type: LagoErrorDoc })
  async update(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Param('code') code: string,
    @Body() body: unknown,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ tax: TaxV1 }> {
    const changes: TaxInputV1 = presentKeys(await readLagoBody(body, 'tax', TaxUpdateBody, (raw, details) => refuseNulls(raw, [...REQUIRED_TAX_KEYS, 'applied_to_organization'], details)));
    const tax = await this.owner.send<TaxV1>(RPC_TOPICS.invoicing, TAX_REQUESTS.update, organization, `tax:${code}`, { code, changes }, idempotencyKey);
    return { tax };
  }

  @Get()
  @ApiOkResponse({ type: TaxListResponseDoc })
  async list(@CurrentOrganization() organization: OrganizationContextV1, @Query() query: Record<string, unknown>): Promise<TaxListV1> {
    return this.owner.send<TaxListV1>(RPC_TOPICS.invoicing, TAX_REQUESTS.list, organization, 'taxes', pagingOf(query));
  }

  @Get(':code')
  @ApiOkResponse({ type: TaxResponseDoc })
  @ApiNotFoundResponse({ type: LagoErrorDoc })
  async show(@CurrentOrganization() organization: OrganizationContextV1, @Param('code') code: string): Promise<{ tax: TaxV1 }> {
    return { tax: await this.owner.send<TaxV1>(RPC_TOPICS.invoicing, TAX_REQUESTS.get, organization, `tax:${code}`, { code }) };
  }

  @Delete(':code')
  @ApiOkResponse({ type: TaxResponseDoc })
  @ApiNotFoundResponse({ type: LagoErrorDoc })
  async remove(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Param('code') code: string,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ tax: TaxV1 }> {
    return { tax: await this.owner.send<TaxV1>(RPC_TOPICS.invoicing, TAX_REQUESTS.delete, organization, `tax:${code}`, { code }, idempotencyKey) };
  }
}
