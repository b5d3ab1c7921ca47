import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { fail, ok, type ChargeOverCustomerRefV1, type ChargeOverCustomerV1, type ChargeOverQueryV1, type RpcReplyV1, type RpcRequestV1 } from '@app/contracts';
import { sql } from '@app/messaging';
import { Customer } from '../customer.entity';
import { CustomerRepository } from '../customer.repository';
import { toChargeOverCustomerV1 } from '../chargeover.mapper';
import { orderSql, UnknownFieldError, whereSql } from '../chargeover-query';

/** ChargeOver's reads: one customer by id or external key, a query, and its count. */
@Injectable()
export class ChargeOverCustomerQueries {
  constructor(private readonly em: EntityManager) {}

  async get(request: RpcRequestV1<ChargeOverCustomerRefV1>): Promise<RpcReplyV1<ChargeOverCustomerV1>> {
    const em = this.em.fork();
    const customers = new CustomerRepository(em);
    const { organization, payload } = request;
    const customer =
      'customer_id' in payload
        ? await customers.findLiveBySequentialId(organization.id, payload.customer_id)
        : await customers.findLive(organization.id, payload.external_id);
    if (!customer) return fail('customer_not_found');
    const [record] = await toChargeOverCustomerV1(em, [customer]);
    return ok(record!);
  }

  async query(request: RpcRequestV1<ChargeOverQueryV1>): Promise<RpcReplyV1<ChargeOverCustomerV1[]>> {
    const em = this.em.fork();
    const { where, order, limit, offset } = request.payload;
    let rows: { id: string }[];
    try {
      const filter = whereSql(request.organization.id, where);
      rows = await sql<{ id: string }>(em, `select c.id from customers c where ${filter.sql} order by ${orderSql(order)} limit ? offset ?`, [...filter.params, limit, offset]);
    } catch (error) {
      if (error instanceof UnknownFieldError) return fail('bad_request', { [error.message]: ['unknown_field'] });
      throw error;
    }
    const ids = rows.map((r) => r.id);
    const found = await em.find(Customer, { id: { $in: ids } }, { populate: ['metadata', 'integrations'] });
    const byId = new Map<string, Customer>(found.map((c) => [c.id, c]));
    const customers = ids.map((id) => byId.get(id)).filter((c): c is Customer => c !== undefined);
    await new CustomerRepository(em).loadTaxes(customers);
    return ok(await toChargeOverCustomerV1(em, customers));
  }

  async count(request: RpcRequestV1<Pick<ChargeOverQueryV1, 'where'>>): Promise<RpcReplyV1<number>> {
    try {
      const filter = whereSql(request.organization.id, request.payload.where);
      const [row] = await sql<{ count: string }>(this.em.fork(), `select count(*) as count from customers c where ${filter.sql}`, filter.params);
      return ok(Number(row?.count ?? 0));
    } catch (error) {
      if (error instanceof UnknownFieldError) return fail('bad_request', { [error.message]: ['unknown_field'] });
      throw error;
    }
  }
}
