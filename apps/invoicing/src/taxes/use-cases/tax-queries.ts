import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  fail,
  ok,
  paginationMeta,
  type ResolveTaxesV1,
  type RpcReplyV1,
  type RpcRequestV1,
  type TaxCodeV1,
  type TaxListV1,
  type TaxV1,
} from '@app/contracts';
import { toTaxV1 } from '../tax.mapper';
import { TaxRepository } from '../tax.repository';

/** Reads one live tax by code, with its customer count. */
@Injectable()
export class GetTax {
  constructor(private readonly em: EntityManager) {}

  async execute(request: RpcRequestV1<TaxCodeV1>): Promise<RpcReplyV1<TaxV1>> {
    const taxes = new TaxRepository(this.em.fork());
    const tax = await taxes.findLive(request.organization.id, request.payload.code);
    if (!tax) return fail('tax_not_found');
    const counts = await taxes.usageCounts(request.organization.id, [tax.id]);
    return ok(toTaxV1(tax, request.organization, counts.get(tax.id)));
  }
}

/** One page of the organization's live taxes, newest first. */
@Injectable()
export class ListTaxes {
  constructor(private readonly em: EntityManager) {}

  async execute(request: RpcRequestV1<{ page: number; per_page: number }>): Promise<RpcReplyV1<TaxListV1>> {
    const repository = new TaxRepository(this.em.fork());
    const { page, per_page } = request.payload;
    const { taxes, total } = await repository.page(request.organization.id, page, per_page);
    const counts = await repository.usageCounts(request.organization.id, taxes.map((t) => t.id));
    return ok({ taxes: taxes.map((t) => toTaxV1(t, request.organization, counts.get(t.id))), meta: paginationMeta(page, per_page, total) });
  }
}

/**
 * The live taxes with the given codes, for the gateway to check a customer's `tax_codes` before
 * anything is written: any unknown code is `tax_not_found`. Duplicates collapse.
 */
@Injectable()
export class ResolveTaxes {
  constructor(private readonly em: EntityManager) {}

  async execute(request: RpcRequestV1<ResolveTaxesV1>): Promise<RpcReplyV1<TaxV1[]>> {
    const codes = [...new Set(request.payload.codes)];
    if (codes.length === 0) return ok([]);
    const taxes = await new TaxRepository(this.em.fork()).findLiveByCodes(request.organization.id, codes);
    if (taxes.length !== codes.length) return fail('tax_not_found');
    return ok(taxes.map((t) => toTaxV1(t, request.organization)));
  }
}
