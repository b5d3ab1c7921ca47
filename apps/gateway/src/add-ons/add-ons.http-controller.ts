import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ADD_ON_REQUESTS, RPC_TOPICS, type AddOnInputV1, type AddOnListV1, type AddOnV1, type OrganizationContextV1 } from '@app/contracts';
import { ApiKeyGuard, ApiResource } from '../auth/api-key.guard';
import { CurrentOrganization } from '../auth/current-organization.decorator';
import { presentKeys, readLagoBody, refuseNulls, requireKeys } from '../http/lago-validation';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { OwnerRequests } from '../http/owner-requests';
import { pagingOf } from '../http/pagination';
import { AddOnListResponseDoc, AddOnResponseDoc, LagoErrorDoc } from '../http/openapi';
import { AddOnBody, AddOnInputDoc, REQUIRED_ADD_ON_KEYS } from './add-on.body';

/** Lago's add-on endpoints; add-ons live in the invoicing service. */
@Controller('api/v1/add_ons')
@UseGuards(ApiKeyGuard)
@ApiResource('add_on')
@ApiTags('Add-ons')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: LagoErrorDoc })
export class AddOnsHttpController {
  constructor(private readonly owner: OwnerRequests) {}

  @Post()
  @HttpCode(200)
  @ApiBody({ type: AddOnInputDoc, description: 'name, code, amount_cents and amount_currency are required.' })
  @ApiOkResponse({ type: AddOnResponseDoc })
  @ApiNotFoundResponse({ type: LagoErrorDoc, description: 'tax_not_found' })
  @ApiUnprocessableEntityResponse({ type: LagoErrorDoc })
  async create(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Body() body: unknown,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ add_on: AddOnV1 }> {
    const input = await readAddOn(body, true);
    const addOn = await this.owner.send<AddOnV1>(RPC_TOPICS.invoicing, ADD_ON_REQUESTS.create, organization, `add-on:${input.code}`, input, idempotencyKey);
    return { add_on: addOn };
  }

  @Put(':code')
  @ApiBody({ type: AddOnInputDoc })
  @ApiOkResponse({ type: AddOnResponseDoc })
  @ApiNotFoundResponse({ type: LagoErrorDoc })
  @ApiUnprocessableEntityResponse({ type: LagoErrorDoc })
  async update(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Param('code') code: string,
    @Body() body: unknown,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ add_on: AddOnV1 }> {
    const changes = await readAddOn(body, false);
    const addOn = await this.owner.send<AddOnV1>(RPC_TOPICS.invoicing, ADD_ON_REQUESTS.update, organization, `add-on:${code}`, { code, changes }, idempotencyKey);
    return { add_on: addOn };
  }

  @Get()
  @ApiOkResponse({ type: AddOnListResponseDoc })
  async list(@CurrentOrganization() organization: OrganizationContextV1, @Query() query: Record<string, unknown>): Promise<AddOnListV1> {
    return this.owner.send<AddOnListV1>(RPC_TOPICS.invoicing, ADD_ON_REQUESTS.list, organization, 'add-ons', pagingOf(query));
  }

  @Get(':code')
  @ApiOkResponse({ type: AddOnResponseDoc })
  @ApiNotFoundResponse({ type: LagoErrorDoc })
  async show(@CurrentOrganization() organization: OrganizationContextV1, @Param('code') code: string): Promise<{ add_on: AddOnV1 }> {
    return { add_on: await this.owner.send<AddOnV1>(RPC_TOPICS.invoicing, ADD_ON_REQUESTS.get, organization, `add-on:${code}`, { code }) };
  }

  @Delete(':code')
  @ApiOkResponse({ type: AddOnResponseDoc })
  @ApiNotFoundResponse({ type: LagoErrorDoc })
  async remove(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Param('code') code: string,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ add_on: AddOnV1 }> {
    return { add_on: await this.owner.send<AddOnV1>(RPC_TOPICS.invoicing, ADD_ON_REQUESTS.delete, organization, `add-on:${code}`, { code }, idempotencyKey) };
  }
}

/** The add-on fields sent; on create the required keys must be present. `tax_codes` is kept only as an array of strings. */
async function readAddOn(body: unknown, create: boolean): Promise<AddOnInputV1> {
  let taxCodes: string[] | undefined;
  const fields = await readLagoBody(body, 'add_on', AddOnBody, (raw, details) => {
    if (create) requireKeys(raw, REQUIRED_ADD_ON_KEYS, details);
    else refuseNulls(raw, REQUIRED_ADD_ON_KEYS, details);
    if (Array.isArray(raw.tax_codes)) {
      if (raw.tax_codes.every((c) => typeof c === 'string')) taxCodes = raw.tax_codes as string[];
      else details.tax_codes = ['value_is_invalid'];
    }
  });
  const { tax_codes: _ignored, ...rest } = fields;
  return presentKeys({ ...rest, tax_codes: taxCodes }) as AddOnInputV1;
}
