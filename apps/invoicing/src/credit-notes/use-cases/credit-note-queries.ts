import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { fail, ok, paginationMeta, type CreditNoteListV1, type CreditNoteV1, type ListCreditNotesV1, type RpcReplyV1, type RpcRequestV1 } from '@app/contracts';
import { toCreditNoteV1 } from '../credit-note.mapper';
import { CreditNoteRepository } from '../credit-note.repository';

/** Reads finalized credit notes, newest first (ties by id), as Lago serves them. */
@Injectable()
export class CreditNoteQueries {
  constructor(private readonly em: EntityManager) {}

  async get(request: RpcRequestV1<{ lago_id: string }>): Promise<RpcReplyV1<CreditNoteV1>> {
    const notes = new CreditNoteRepository(this.em.fork());
    const note = await notes.find(request.organization.id, request.payload.lago_id, true);
    if (!note) return fail('credit_note_not_found');
    return ok(toCreditNoteV1(note, (await notes.invoicesOf([note])).get(note.invoiceId)!));
  }

  async list(request: RpcRequestV1<ListCreditNotesV1>): Promise<RpcReplyV1<CreditNoteListV1>> {
    const repository = new CreditNoteRepository(this.em.fork());
    const { page, per_page, filters } = request.payload;
    const { notes, total } = await repository.page(request.organization.id, filters.external_customer_id, page, per_page);
    const invoices = await repository.invoicesOf(notes);
    return ok({ credit_notes: notes.map((n) => toCreditNoteV1(n, invoices.get(n.invoiceId)!)), meta: paginationMeta(page, per_page, total) });
  }
}
