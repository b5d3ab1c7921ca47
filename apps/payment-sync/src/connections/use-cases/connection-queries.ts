import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  fail,
  ok,
  paginationMeta,
  type PaymentProviderCodeV1,
  type PaymentProviderListV1,
  type PaymentProviderResolutionV1,
  type PaymentProviderV1,
  type ResolvePaymentProviderV1,
  type RpcReplyV1,
  type RpcRequestV1,
} from '@app/contracts';
import { toPaymentProviderV1 } from '../provider-connection.mapper';
import { ProviderConnectionRepository } from '../provider-connection.repository';

/** Reads connections (never their secrets). */
@Injectable()
export class ConnectionQueries {
  constructor(private readonly em: EntityManager) {}

  async get(request: RpcRequestV1<PaymentProviderCodeV1>): Promise<RpcReplyV1<PaymentProviderV1>> {
    const connection = await new ProviderConnectionRepository(this.em.fork()).findLive(request.organization.id, request.payload.code);
    return connection ? ok(toPaymentProviderV1(connection)) : fail('payment_provider_not_found');
  }

  async list(request: RpcRequestV1<{ page: number; per_page: number }>): Promise<RpcReplyV1<PaymentProviderListV1>> {
    const { page, per_page } = request.payload;
    const { connections, total } = await new ProviderConnectionRepository(this.em.fork()).page(request.organization.id, page, per_page);
    return ok({ payment_providers: connections.map(toPaymentProviderV1), meta: paginationMeta(page, per_page, total) });
  }

  /**
   * Lago's connection lookup for a customer: among the organization's connections of the type, the
   * one with the code when a code is given; without a code, the only one of the type. A code
   * without a type finds the connection of any type (the customer keeps its current provider).
   */
  async resolve(request: RpcRequestV1<ResolvePaymentProviderV1>): Promise<RpcReplyV1<PaymentProviderResolutionV1>> {
    const { provider_type: type, code } = request.payload;
    const match = await new ProviderConnectionRepository(this.em.fork()).lookup(request.organization.id, type, code);
    if (typeof match === 'string') return ok({ status: match });
    return ok({ status: 'found', code: match.code, provider_type: match.providerType });
  }
}
