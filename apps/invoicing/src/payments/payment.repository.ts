import type { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { lagoTime, type LagoPaymentV1, type PaymentFiltersV1 } from '@app/contracts';
import { sql } from '@app/messaging';
import { castUuid } from '../invoices/domain';
import { Payment } from './payment.entity';

/** Every query on payments. */
export class PaymentRepository {
  constructor(private readonly em: EntityManager) {}

  find(organizationId: string, id: string): Promise<Payment | null> {
    const uuid = castUuid(id);
    if (!uuid) return Promise.resolve(null);
    return this.em.findOne(Payment, { organizationId, id: uuid });
  }

  /** Σ of the invoice's own succeeded payments (payments of a payment request are not counted). */
  async succeededAmountOfInvoice(invoiceId: string): Promise<number> {
    const [row] = await sql<{ total: string }>(
      this.em,
      `select coalesce(sum(amount_cents), 0)::text as total from payments where payable_type = 'Invoice' and payable_id = ? and payable_payment_status = 'succeeded'`,
      [invoiceId],
    );
    return Number(row?.total ?? 0);
  }

  /** Whether a succeeded payment request contains the invoice. */
  async inSucceededPaymentRequest(invoiceId: string): Promise<boolean> {
    const rows = await sql(
      this.em,
      `select 1 from invoices_payment_requests l join payment_requests r on r.id = l.payment_request_id where l.invoice_id = ? and r.payment_status = 'succeeded' limit 1`,
      [invoiceId],
    );
    return rows.length > 0;
  }

  async page(organizationId: string, filters: PaymentFiltersV1, page: number, perPage: number): Promise<{ payments: Payment[]; total: number }> {
    const where: FilterQuery<Payment> = { organizationId };
    if (filters.invoice_id !== undefined) {
      const invoiceId = castUuid(filters.invoice_id);
      if (!invoiceId) return { payments: [], total: 0 };
      where.invoiceIds = { $contains: [invoiceId] };
    }
    if (filters.customer_id !== undefined) where.customerId = filters.customer_id;
    if (filters.external_customer_id !== undefined) where.externalCustomerId = filters.external_customer_id;
    const [payments, total] = await this.em.findAndCount(Payment, where, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: perPage, offset: (page - 1) * perPage });
    return { payments, total };
  }

  add(payment: Payment): void {
    this.em.persist(payment);
  }
}

/** Lago's payment object (`V1::PaymentSerializer`). */
export function toLagoPaymentV1(payment: Payment): LagoPaymentV1 {
  return {
    lago_id: payment.id,
    invoice_ids: payment.invoiceIds,
    amount_cents: payment.amountCents,
    amount_currency: payment.amountCurrency,
    payment_status: payment.payablePaymentStatus,
    type: payment.paymentType,
    reference: payment.reference,
    external_payment_id: payment.providerPaymentId,
    created_at: lagoTime(payment.createdAt),
  };
}
