import { Injectable } from '@nestjs/common';
import { TOPICS, fail, ok, TAX_EVENTS, type RpcReplyV1, type RpcRequestV1, type TaxInputV1, type TaxV1 } from '@app/contracts';
import { Outbox, UnitOfWork } from '@app/messaging';
import { Tax } from '../tax.entity';
import { toTaxV1 } from '../tax.mapper';
import { TaxRepository } from '../tax.repository';

/** Creates a tax; its code must be free among the organization's live taxes. */
@Injectable()
export class CreateTax {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  execute(request: RpcRequestV1<TaxInputV1>): Promise<RpcReplyV1<TaxV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const missing = (['name', 'code', 'rate'] as const).filter((key) => payload[key] === undefined || payload[key] === null);
      if (missing.length) return fail('validation_errors', Object.fromEntries(missing.map((key) => [key, ['value_is_mandatory']])));
      const taxes = new TaxRepository(em);
      const code = payload.code as string;
      await taxes.lockCode(organization.id, code);
      if (await taxes.findLive(organization.id, code)) return fail('validation_errors', { code: ['value_already_exist'] });
      const now = new Date();
      const tax = new Tax();
      tax.organizationId = organization.id;
      tax.createdAt = now;
      tax.apply(payload, now);
      taxes.add(tax);
      await taxes.flush();
      const view = toTaxV1(tax, organization);
      await this.outbox.addForRequest(em, request, { topic: TOPICS.taxes, key: view.lago_id, type: TAX_EVENTS.upserted, payload: view, occurredAt: now });
      return ok(view);
    });
  }
}
