import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { CUSTOMER_REQUESTS, RPC_TOPICS, type CustomerListV1, type CustomerV1, type OrganizationContextV1, type UpsertCustomerV1 } from '@app/contracts';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentOrganization } from '../auth/current-organization.decorator';
import { readLagoBody } from '../http/lago-validation';
import { LagoError } from '../http/lago-errors';
import { OwnerRequests } from '../http/owner-requests';
import { CustomerBody } from './customer.body';
import { parseListCustomersParams } from './list-customers.params';

/** Lago's customer endpoints. */
@Controller('api/v1/customers')
@UseGuards(ApiKeyGuard)
export class CustomersHttpController {
  constructor(private readonly owner: OwnerRequests) {}

  @Post()
  @HttpCode(200)
  async upsert(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<{ customer: CustomerV1 }> {
    const fields = await readLagoBody(body, 'customer', CustomerBody);
    if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > 255)) {
      throw LagoError.badRequest('Idempotency-Key must be 1 to 255 characters');
    }
    const payload = presentFields(fields) as unknown as UpsertCustomerV1;
    const customer = await this.owner.send<CustomerV1>(
      RPC_TOPICS.customers,
      CUSTOMER_REQUESTS.upsert,
      organization,
      payload.external_id,
      payload,
      idempotencyKey,
    );
    return { customer };
  }

  @Get()
  list(@CurrentOrganization() organization: OrganizationContextV1, @Query() query: Record<string, unknown>): Promise<CustomerListV1> {
    const params = parseListCustomersParams(query, organization);
    return this.owner.send<CustomerListV1>(RPC_TOPICS.customers, CUSTOMER_REQUESTS.list, organization, 'list', params);
  }

  @Delete(':external_id')
  async remove(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Param('external_id') externalId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<{ customer: CustomerV1 }> {
    const customer = await this.owner.send<CustomerV1>(
      RPC_TOPICS.customers,
      CUSTOMER_REQUESTS.delete,
      organization,
      externalId,
      { external_id: externalId },
      idempotencyKey,
    );
    return { customer };
  }

  @Get(':external_id')
  async show(@CurrentOrganization() organization: OrganizationContextV1, @Param('external_id') externalId: string): Promise<{ customer: CustomerV1 }> {
    const customer = await this.owner.send<CustomerV1>(RPC_TOPICS.customers, CUSTOMER_REQUESTS.get, organization, externalId, {
      external_id: externalId,
    });
    return { customer };
  }
}

/** The keys the client sent (undefined means absent; null is kept: it clears the field). */
function presentFields(fields: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
