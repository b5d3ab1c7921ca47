import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode, type FilterQuery } from '@mikro-orm/core';
import type { CustomerV1, PaymentRequestFiltersV1, PaymentRequestV1 } from '@app/contracts';
import { sql } from '@app/messaging';
import { latestCustomers } from '../invoices/customer-source';
import { castUuid } from '../invoices/domain';
import { Invoice } from '../invoices/invoice.entity';
import { toInvoiceV1 } from '../invoices/invoice.mapper';
import { PaymentRequest } from './payment-request.entity';
import { lagoTime } from '@app/contracts';

/** Every query on payment requests. */
export class PaymentRequestRepository {
  constructor(private readonly em: EntityManager) {}

  find(organizationId: string, id: string, lock = false): Promise<PaymentRequest | null> {
    const uuid = castUuid(id);
    if (!uuid) return Promise.resolve(null);
    return this.em.findOne(PaymentRequest, { organizationId, id: uuid }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  /** Links the request to its invoices, keeping their order. */
  async link(request: PaymentRequest, invoiceIds: string[]): Promise<void> {
    for (const [position, invoiceId] of invoiceIds.entries()) {
      await sql(this.em, 'insert into invoices_payment_requests (payment_request_id, invoice_id, position) values (?, ?, ?)', [request.id, invoiceId, position]);
    }
  }

  /** The requests' invoices, by request id, in request order. */
  async invoicesOf(requestIds: string[], lock = false): Promise<Map<string, Invoice[]>> {
    const result = new Map<string, Invoice[]>(requestIds.map((id) => [id, []]));
    if (requestIds.length === 0) return result;
    const links = await sql<{ payment_request_id: string; invoice_id: string }>(
      this.em,
      'select payment_request_id, invoice_id from invoices_payment_requests where payment_request_id = any(?::uuid[]) order by payment_request_id, position',
      [`{${requestIds.join(',')}}`],
    );
    const ids = [...new Set(links.map((l) => l.invoice_id))].sort();
    const invoices = ids.length ? await this.em.find(Invoice, { id: { $in: ids } }, { orderBy: { id: 'asc' }, ...(lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {}) }) : [];
    const byId = new Map(invoices.map((i) => [i.id, i]));
    for (const link of links) result.get(link.payment_request_id)!.push(byId.get(link.invoice_id)!);
    return result;
  }

  async page(organizationId: string, filters: PaymentRequestFiltersV1, page: number, perPage: number): Promise<{ requests: PaymentRequest[]; total: number }> {
    const where: FilterQuery<PaymentRequest> = { organizationId };
    if (filters.customer_id !== undefined) where.customerId = filters.customer_id;
    if (filters.external_customer_id !== undefined) where.externalCustomerId = filters.external_customer_id;
    if (filters.payment_status !== undefined) where.paymentStatus = filters.payment_status as PaymentRequest['paymentStatus'];
    if (filters.currency !== undefined) where.amountCurrency = filters.currency;
    const [requests, total] = await this.em.findAndCount(PaymentRequest, where, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: perPage, offset: (page - 1) * perPage });
    return { requests, total };
  }

  /** Lago's payment-request objects (customer at its latest known state, invoices' base fields). */
  async views(requests: PaymentRequest[]): Promise<PaymentRequestV1[]> {
    if (requests.length === 0) return [];
    const byRequest = await this.invoicesOf(requests.map((r) => r.id));
    const customers = await latestCustomers(this.em, requests[0]!.organizationId, requests.map((r) => r.customerId));
    return requests.map((r) => toPaymentRequestV1(r, customers.get(r.customerId) ?? r.customerSnapshot, byRequest.get(r.id) ?? []));
  }

  add(request: PaymentRequest): void {
    this.em.persist(request);
  }

  flush(): Promise<void> {
    return this.em.flush();
  }
}

/** Lago's payment request (`V1::PaymentRequestSerializer` including customer and invoices). */
export function toPaymentRequestV1(request: PaymentRequest, customer: CustomerV1, invoices: Invoice[]): PaymentRequestV1 {
  return {
    lago_id: request.id,
    amount_cents: request.amountCents,
    amount_currency: request.amountCurrency,
    email: request.email,
    payment_status: request.paymentStatus,
    created_at: lagoTime(request.createdAt),
    customer: customerBase(customer),
    invoices: invoices.map((i) => toInvoiceV1(i, 'base')),
  };
}

/** The customer without the collections Lago includes only on the customer endpoints (metadata stays). */
function customerBase(customer: CustomerV1): CustomerV1 {
  const { taxes: _t, integration_customers: _i, applicable_invoice_custom_sections: _a, error_details: _e, ...base } = customer as CustomerV1 & Record<string, unknown>;
  return base as CustomerV1;
}
