import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { fail, ok, paginationMeta, type InvoiceIdV1, type InvoiceListV1, type InvoiceV1, type ListInvoicesV1, type RpcReplyV1, type RpcRequestV1 } from '@app/contracts';
import { latestCustomers } from '../customer-source';
import { toInvoiceV1 } from '../invoice.mapper';
import { Invoice } from '../invoice.entity';
import { InvoiceRepository } from '../invoice.repository';

/** Reads invoices; the embedded customer is its latest known state. */
@Injectable()
export class InvoiceQueries {
  constructor(private readonly em: EntityManager) {}

  async get(request: RpcRequestV1<InvoiceIdV1>): Promise<RpcReplyV1<InvoiceV1>> {
    const invoices = new InvoiceRepository(this.em.fork());
    const invoice = await invoices.findVisible(request.organization.id, request.payload.lago_id);
    if (!invoice) return fail('invoice_not_found');
    return ok(await invoices.view(invoice));
  }

  async customerHasInvoices(request: RpcRequestV1<{ customer_id: string }>): Promise<RpcReplyV1<boolean>> {
    const count = await this.em.fork().count(Invoice, { organizationId: request.organization.id, customerId: request.payload.customer_id });
    return ok(count > 0);
  }

  async list(request: RpcRequestV1<ListInvoicesV1>): Promise<RpcReplyV1<InvoiceListV1>> {
    const em = this.em.fork();
    const { page, per_page, filters } = request.payload;
    const { invoices, total } = await new InvoiceRepository(em).page(request.organization.id, filters, page, per_page);
    const customers = await latestCustomers(em, request.organization.id, invoices.map((i) => i.customerId));
    return ok({ invoices: invoices.map((i) => toInvoiceV1(i, 'full', customers.get(i.customerId))), meta: paginationMeta(page, per_page, total) });
  }
}
