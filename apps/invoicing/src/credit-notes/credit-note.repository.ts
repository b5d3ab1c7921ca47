import type { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { castUuid } from '../invoices/domain';
import type { Invoice } from '../invoices/invoice.entity';
import { InvoiceRepository } from '../invoices/invoice.repository';
import { CreditNote } from './credit-note.entity';

/** Every query on credit notes. */
export class CreditNoteRepository {
  constructor(private readonly em: EntityManager) {}

  /** A credit note of the organization; `finalizedOnly` for the reads Lago limits to finalized notes. */
  find(organizationId: string, id: string, finalizedOnly: boolean): Promise<CreditNote | null> {
    const uuid = castUuid(id);
    if (!uuid) return Promise.resolve(null);
    return this.em.findOne(CreditNote, { organizationId, id: uuid, ...(finalizedOnly ? { status: 'finalized' as const } : {}) });
  }

  /** Every credit note of the invoice, in issue order. */
  ofInvoice(invoiceId: string): Promise<CreditNote[]> {
    return this.em.find(CreditNote, { invoiceId }, { orderBy: { sequentialId: 'asc' } });
  }

  async page(organizationId: string, externalCustomerId: string | undefined, page: number, perPage: number): Promise<{ notes: CreditNote[]; total: number }> {
    const where: FilterQuery<CreditNote> = { organizationId, status: 'finalized' };
    if (externalCustomerId !== undefined) where.externalCustomerId = externalCustomerId;
    const [notes, total] = await this.em.findAndCount(CreditNote, where, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: perPage, offset: (page - 1) * perPage });
    return { notes, total };
  }

  /** The invoices of these notes, by id. */
  async invoicesOf(notes: readonly CreditNote[]): Promise<Map<string, Invoice>> {
    const invoices = await new InvoiceRepository(this.em).findByIds([...new Set(notes.map((n) => n.invoiceId))]);
    return new Map(invoices.map((i) => [i.id, i]));
  }

  add(note: CreditNote): void {
    this.em.persist(note);
  }
}
