import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { fail, ok, paginationMeta, type AddOnCodeV1, type AddOnListV1, type AddOnV1, type RpcReplyV1, type RpcRequestV1 } from '@app/contracts';
import { toAddOnV1 } from '../add-on.mapper';
import { AddOnRepository } from '../add-on.repository';

/** Reads add-ons. */
@Injectable()
export class AddOnQueries {
  constructor(private readonly em: EntityManager) {}

  async get(request: RpcRequestV1<AddOnCodeV1>): Promise<RpcReplyV1<AddOnV1>> {
    const addOn = await new AddOnRepository(this.em.fork()).findLive(request.organization.id, request.payload.code);
    return addOn ? ok(toAddOnV1(addOn, request.organization)) : fail('add_on_not_found');
  }

  async list(request: RpcRequestV1<{ page: number; per_page: number }>): Promise<RpcReplyV1<AddOnListV1>> {
    const { page, per_page } = request.payload;
    const { addOns, total } = await new AddOnRepository(this.em.fork()).page(request.organization.id, page, per_page);
    return ok({ add_ons: addOns.map((a) => toAddOnV1(a, request.organization)), meta: paginationMeta(page, per_page, total) });
  }
}
