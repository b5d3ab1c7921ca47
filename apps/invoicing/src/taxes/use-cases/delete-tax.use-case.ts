import { Injectable } from '@nestjs/common';
import { TOPICS, fail, ok, TAX_EVENTS, type RpcReplyV1, type RpcRequestV1, type TaxCodeV1, type TaxV1 } from '@app/contracts';
import { Outbox, sql, UnitOfWork } from '@app/messaging';
import { toTaxV1 } from '../tax.mapper';
import { TaxRepository } from '../tax.repository';

/** Soft-deletes a tax (its code becomes free) and tells subscribers with `tax.deleted`. */
@Injectable()
export class DeleteTax {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  execute(request: RpcRequestV1<TaxCodeV1>): Promise<RpcReplyV1<TaxV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const taxes = new TaxRepository(em);
      await taxes.lockCode(organization.id, payload.code);
      const tax = await taxes.findLive(organization.id, payload.code);
      if (!tax) return fail('tax_not_found');
      const now = new Date();
      tax.deletedAt = now;
      tax.updatedAt = now;
      await taxes.flush();
      // Lago destroys a tax's applications with it: add-ons no longer carry it.
      await sql(em, 'delete from add_on_taxes where tax_id = ?', [tax.id]);
      const view = toTaxV1(tax, organization);
      await this.outbox.addForRequest(em, request, { topic: TOPICS.taxes, key: view.lago_id, type: TAX_EVENTS.deleted, payload: view, occurredAt: now });
      return ok(view);
    });
  }
}
