import { Injectable } from '@nestjs/common';
import { TOPICS, fail, ok, TAX_EVENTS, type RpcReplyV1, type RpcRequestV1, type TaxV1, type UpdateTaxV1 } from '@app/contracts';
import { Outbox, UnitOfWork } from '@app/messaging';
import { toTaxV1 } from '../tax.mapper';
import { TaxRepository } from '../tax.repository';

/** Updates the tax with a code; a new code must be free. */
@Injectable()
export class UpdateTax {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  execute(request: RpcRequestV1<UpdateTaxV1>): Promise<RpcReplyV1<TaxV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const taxes = new TaxRepository(em);
      const newCode = payload.changes.code;
      // Lock both codes in a fixed order, so two renames cannot deadlock.
      for (const code of [...new Set([payload.code, newCode ?? payload.code])].sort()) await taxes.lockCode(organization.id, code);
      const tax = await taxes.findLive(organization.id, payload.code);
      if (!tax) return fail('tax_not_found');
      if (newCode !== undefined && newCode !== tax.code && (await taxes.findLive(organization.id, newCode))) {
        return fail('validation_errors', { code: ['value_already_exist'] });
      }
      const now = new Date();
      tax.apply(payload.changes, now);
      await taxes.flush();
      const counts = await taxes.usageCounts(organization.id, [tax.id]);
      const view = toTaxV1(tax, organization, counts.get(tax.id));
      await this.outbox.addForRequest(em, request, { topic: TOPICS.taxes, key: view.lago_id, type: TAX_EVENTS.upserted, payload: view, occurredAt: now });
      return ok(view);
    });
  }
}
