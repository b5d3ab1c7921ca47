import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  fail,
  ok,
  paginationMeta,
  type ListPaymentRequestsV1,
  type PaymentRequestIdV1,
  type PaymentRequestListV1,
  type PaymentRequestV1,
  type RpcReplyV1,
  type RpcRequestV1,
} from '@app/contracts';
import { PaymentRequestRepository } from '../payment-request.repository';

/** Reads payment requests, newest first (ties by id). */
@Injectable()
export class PaymentRequestQueries {
  constructor(private readonly em: EntityManager) {}

  async get(request: RpcRequestV1<PaymentRequestIdV1>): Promise<RpcReplyV1<PaymentRequestV1>> {
    const repository = new PaymentRequestRepository(this.em.fork());
    const found = await repository.find(request.organization.id, request.payload.lago_id);
    if (!found) return fail('payment_request_not_found');
    return ok((await repository.views([found]))[0]!);
  }

  async list(request: RpcRequestV1<ListPaymentRequestsV1>): Promise<RpcReplyV1<PaymentRequestListV1>> {
    const repository = new PaymentRequestRepository(this.em.fork());
    const { page, per_page, filters } = request.payload;
    const { requests, total } = await repository.page(request.organization.id, filters, page, per_page);
    return ok({ payment_requests: await repository.views(requests), meta: paginationMeta(page, per_page, total) });
  }
}
