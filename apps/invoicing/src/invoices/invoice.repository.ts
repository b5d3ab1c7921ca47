import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode, type FilterQuery } from '@mikro-orm/core';
import type { InvoiceFiltersV1, InvoiceV1 } from '@app/contracts';
import { lockKey, sql } from '@app/messaging';
import { castUuid, VISIBLE_INVOICE_STATUSES } from './domain';
import { latestCustomers } from './customer-source';
import { Invoice } from './invoice.entity';
import { toInvoiceV1 } from './invoice.mapper';

/** Every query on invoices. */
export class InvoiceRepository {
  constructor(private readonly em: EntityManager) {}

  /** A visible invoice of the organization (what the API may show), optionally locked for update. */
  findVisible(organizationId: string, id: string, lock = false): Promise<Invoice | null> {
    const uuid = castUuid(id);
    if (!uuid) return Promise.resolve(null);
    return this.em.findOne(
      Invoice,
      { organizationId, id: uuid, status: { $in: [...VISIBLE_INVOICE_STATUSES] } },
      lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
    );
  }

  /** The customer's invoices with these ids (any status but deleted), locked for update in id order. */
  async findOfCustomerForUpdate(organizationId: string, customerId: string, ids: string[]): Promise<Invoice[]> {
    if (ids.length === 0) return [];
    return this.em.find(
      Invoice,
      { organizationId, customerId, id: { $in: ids }, status: { $ne: 'deleted' } },
      { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
  }

  findByIds(ids: string[]): Promise<Invoice[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.em.find(Invoice, { id: { $in: ids } }, { orderBy: { id: 'asc' } });
  }

  /**
   * Serializes the numbering of the billing entity's invoices until the transaction ends. It covers
   * both counters: a customer's `sequential_id` is also counted within one billing entity.
   */
  lockBillingEntityNumbering(organizationId: string, billingEntityCode: string): Promise<void> {
    return lockKey(this.em, `invoice-numbering-entity:${organizationId}:${billingEntityCode}`);
  }

  /** The highest billing_entity_sequential_id of the entity's invoices, or null. */
  async maxBillingEntitySequentialId(organizationId: string, billingEntityCode: string): Promise<number | null> {
    const [row] = await sql<{ max: number | null }>(
      this.em,
      'select max(billing_entity_sequential_id)::int as max from invoices where organization_id = ? and billing_entity_code = ?',
      [organizationId, billingEntityCode],
    );
    return row?.max ?? null;
  }

  /** The highest sequential_id of the customer's invoices in the billing entity, or null. */
  async maxSequentialId(customerId: string, billingEntityCode: string): Promise<number | null> {
    const [row] = await sql<{ max: number | null }>(
      this.em,
      'select max(sequential_id)::int as max from invoices where customer_id = ? and billing_entity_code = ?',
      [customerId, billingEntityCode],
    );
    return row?.max ?? null;
  }

  async page(organizationId: string, filters: InvoiceFiltersV1, page: number, perPage: number): Promise<{ invoices: Invoice[]; total: number }> {
    const where: FilterQuery<Invoice> = { organizationId, status: { $in: [...VISIBLE_INVOICE_STATUSES] } };
    if (filters.external_customer_id !== undefined) where.externalCustomerId = filters.external_customer_id;
    if (filters.status !== undefined) where.status = filters.status as Invoice['status'];
    if (filters.payment_status !== undefined) where.paymentStatus = filters.payment_status as Invoice['paymentStatus'];
    if (filters.payment_overdue !== undefined) where.paymentOverdue = filters.payment_overdue;
    if (filters.currency !== undefined) where.currency = filters.currency;
    if (filters.invoice_type !== undefined) where.invoiceType = filters.invoice_type as 'one_off';
    if (filters.issuing_date_from !== undefined || filters.issuing_date_to !== undefined) {
      where.issuingDate = {
        ...(filters.issuing_date_from !== undefined ? { $gte: filters.issuing_date_from } : {}),
        ...(filters.issuing_date_to !== undefined ? { $lte: filters.issuing_date_to } : {}),
      };
    }
    if (filters.search_term) {
      const like = `%${filters.search_term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.$or = [{ number: { $ilike: like } }, { externalCustomerId: { $ilike: like } }, { id: castUuid(filters.search_term) ?? undefined }].filter(
        (c) => Object.values(c)[0] !== undefined,
      ) as FilterQuery<Invoice>[];
    }
    const [invoices, total] = await this.em.findAndCount(Invoice, where, {
      orderBy: { createdAt: 'desc', id: 'asc' },
      limit: perPage,
      offset: (page - 1) * perPage,
    });
    return { invoices, total };
  }

  /** Lago's full invoice object, with the customer at its latest known state. */
  async view(invoice: Invoice): Promise<InvoiceV1> {
    const customers = await latestCustomers(this.em, invoice.organizationId, [invoice.customerId]);
    return toInvoiceV1(invoice, 'full', customers.get(invoice.customerId));
  }

  add(invoice: Invoice): void {
    this.em.persist(invoice);
  }

  flush(): Promise<void> {
    return this.em.flush();
  }
}
