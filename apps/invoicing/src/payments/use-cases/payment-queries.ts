import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { fail, ok, paginationMeta, type LagoPaymentV1, type ListPaymentsV1, type PaymentListV1, type RpcReplyV1, type RpcRequestV1 } from '@app/contracts';
import { PaymentRepository, toLagoPaymentV1 } from '../payment.repository';

/** Reads payments, newest first (ties by id). */
@Injectable()
export class PaymentQueries {
  constructor(private readonly em: EntityManager) {}

  async get(request: RpcRequestV1<{ lago_id: string }>): Promise<RpcReplyV1<LagoPaymentV1>> {
    const payment = await new PaymentRepository(this.em.fork()).find(request.organization.id, request.payload.lago_id);
    return payment ? ok(toLagoPaymentV1(payment)) : fail('payment_not_found');
  }

  async list(request: RpcRequestV1<ListPaymentsV1>): Promise<RpcReplyV1<PaymentListV1>> {
    const { page, per_page, filters } = request.payload;
    const { payments, total } = await new PaymentRepository(this.em.fork()).page(request.organization.id, filters, page, per_page);
    return ok({ payments: payments.map(toLagoPaymentV1), meta: paginationMeta(page, per_page, total) });
  }
}
