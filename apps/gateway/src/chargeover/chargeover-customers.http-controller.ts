import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  CHARGEOVER_CUSTOMER_REQUESTS,
  RPC_TOPICS,
  type ChargeOverCustomerV1,
  type CreateChargeOverCustomerV1,
  type CustomerV1,
  type OrganizationContextV1,
  type RpcErrorV1,
  type UpdateChargeOverCustomerV1,
} from '@app/contracts';
import { ApiResource, ChargeOverBasicAuthGuard } from '../auth/api-key.guard';
import { CurrentOrganization } from '../auth/current-organization.decorator';
import { LagoError } from '../http/lago-errors';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { OwnerRequests } from '../http/owner-requests';
import { readChargeOverCustomer } from './chargeover-customer.body';
import { toChargeOverCustomer } from './chargeover-customer.view';
import { ChargeOverError, ok, type ChargeOverEnvelope } from './chargeover-envelope';
import { parseChargeOverQuery, parseWhere } from './chargeover-query.params';
import type { ChargeOverTables } from './chargeover-tables';

/** Injection token of the gateway's ChargeOverTables. */
export const CHARGEOVER_TABLES = Symbol('chargeover-tables');

/** A customer id in a path: a positive integer, else ChargeOver's 400. */
function customerId(text: string): number {
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) throw ChargeOverError.badRequest({ customer_id: 'invalid' });
  return Number(text);
}

/**
 * ChargeOver's customer API over the same customers as Lago's (spec A.3, A.8): HTTP Basic with an
 * API key, ChargeOver's envelope on every answer (errors through the gateway's exception filter),
 * integer ids (the sequential id) and external keys that are never reused.
 */
@Controller('api/v3/customer')
@UseGuards(ChargeOverBasicAuthGuard)
@ApiResource('customer')
@ApiExcludeController()
export class ChargeOverCustomersHttpController {
  constructor(
    private readonly owner: OwnerRequests,
    @Inject(CHARGEOVER_TABLES) private readonly tables: ChargeOverTables,
  ) {}

  @Post()
  @HttpCode(201)
  async create(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Body() body: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<ChargeOverEnvelope<{ id: number }>> {
    const write = await readChargeOverCustomer(body, 'create', this.tables);
    const payload: CreateChargeOverCustomerV1 = { external_id: write.external_id ?? null, fields: write.fields, extras: write.extras };
    const record = await this.send<ChargeOverCustomerV1>(CHARGEOVER_CUSTOMER_REQUESTS.create, organization, payload.external_id ?? 'new', payload, idempotencyKey);
    response.location(locationOf(request, record.customer.sequential_id));
    return ok(201, { id: record.customer.sequential_id });
  }

  @Get('_count')
  async count(@CurrentOrganization() organization: OrganizationContextV1, @Query() query: Record<string, unknown>): Promise<ChargeOverEnvelope<number>> {
    const where = parseWhere(query);
    return ok(200, await this.send<number>(CHARGEOVER_CUSTOMER_REQUESTS.count, organization, 'count', { where }));
  }

  @Get()
  async list(@CurrentOrganization() organization: OrganizationContextV1, @Query() query: Record<string, unknown>): Promise<ChargeOverEnvelope<Record<string, unknown>[]>> {
    const records = await this.send<ChargeOverCustomerV1[]>(CHARGEOVER_CUSTOMER_REQUESTS.query, organization, 'query', parseChargeOverQuery(query));
    return ok(200, records.map((r) => toChargeOverCustomer(r, this.tables)));
  }

  /** `/customer/<id>`, `/customer/external_key:<key>` or `/customer/token:<token>`. */
  @Get(':ref')
  async show(@CurrentOrganization() organization: OrganizationContextV1, @Param('ref') ref: string): Promise<ChargeOverEnvelope<Record<string, unknown>>> {
    const alternate = /^(external_key|token):(.+)$/s.exec(ref);
    let record: ChargeOverCustomerV1 | undefined;
    if (alternate) {
      const [, field, value] = alternate;
      const found = await this.send<ChargeOverCustomerV1[]>(CHARGEOVER_CUSTOMER_REQUESTS.query, organization, 'query', {
        where: [{ field: field!, op: 'EQUALS', value: value! }],
        order: [],
        limit: 1,
        offset: 0,
      });
      record = found[0];
      if (!record) throw ChargeOverError.notFound();
    } else {
      record = await this.send<ChargeOverCustomerV1>(CHARGEOVER_CUSTOMER_REQUESTS.get, organization, ref, { customer_id: customerId(ref) });
    }
    return ok(200, toChargeOverCustomer(record, this.tables));
  }

  @Put(':id')
  @HttpCode(202)
  async update(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<ChargeOverEnvelope<{ id: number }>> {
    const number = customerId(id);
    const write = await readChargeOverCustomer(body, 'update', this.tables);
    const payload: UpdateChargeOverCustomerV1 = { customer_id: number, fields: write.fields, extras: write.extras };
    if (typeof write.external_id === 'string') payload.external_id = write.external_id;
    await this.send<ChargeOverCustomerV1>(CHARGEOVER_CUSTOMER_REQUESTS.update, organization, id, payload, idempotencyKey);
    response.location(locationOf(request, number));
    return ok(202, { id: number });
  }

  @Delete(':id')
  async remove(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Param('id') id: string,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<ChargeOverEnvelope<boolean>> {
    await this.send<CustomerV1>(CHARGEOVER_CUSTOMER_REQUESTS.delete, organization, id, { customer_id: customerId(id) }, idempotencyKey);
    return ok(200, true);
  }

  /** A request to the customers service; its refusals become ChargeOver's errors. */
  private async send<T>(type: string, organization: OrganizationContextV1, key: string, payload: object, idempotencyKey?: string): Promise<T> {
    const reply = await this.owner.reply<T>(RPC_TOPICS.customers, type, organization, key, payload, idempotencyKey);
    if (reply.ok) return reply.value;
    throw refusal(reply.error);
  }
}

/** ChargeOver's error for a refusal of the customers service. */
function refusal(error: RpcErrorV1): Error {
  switch (error.code) {
    case 'external_id_taken':
      return ChargeOverError.badRequest({ external_key: 'taken' }, 'A customer with this external_key exists or existed; external keys are never reused.');
    case 'external_id_immutable':
      return ChargeOverError.badRequest({ external_key: 'immutable' }, 'This customer already has an external_key; it cannot be changed.');
    case 'customer_not_found':
      return ChargeOverError.notFound();
    case 'bad_request':
      return ChargeOverError.badRequest(error.details ?? {});
    default:
      // Unavailable, internal and anything unforeseen: the exception filter words them.
      return LagoError.fromRpc(error);
  }
}


/** The customer's URL on this API, for `Location`. */
function locationOf(request: Request, id: number): string {
  return `${request.protocol}://${request.get('host') ?? 'localhost'}/api/v3/customer/${id}`;
}
