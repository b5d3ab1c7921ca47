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
    const customer = await customers.findLiveBySequentialId(request.organization.id, request.payload.customer_id);
    if (!customer) return fail('customer_not_found');
    const [record] = await toChargeOverCustomerV1(em, [customer]);
    return ok(record!);
  }

  query(request: RpcRequestV1<ChargeOverQueryV1>): Promise<RpcReplyV1<ChargeOverCustomerV1[]>> {
    const { where, order, limit, offset } = request.payload;
    return withKnownFields(async () => {
      const em = this.em.fork();
      const filter = whereSql(request.organization.id, where);
      const rows = await sql<{ id: string }>(em, `select c.id from customers c where ${filter.sql} order by ${orderSql(order)} limit ? offset ?`, [...filter.params, limit, offset]);
      const ids = rows.map((r) => r.id);
      const found = await em.find(Customer, { id: { $in: ids } }, { populate: ['metadata', 'integrations'] });
      const byId = new Map<string, Customer>(found.map((c) => [c.id, c]));
      const customers = ids.map((id) => byId.get(id)).filter((c): c is Customer => c !== undefined);
      await new CustomerRepository(em).loadTaxes(customers);
      return ok(await toChargeOverCustomerV1(em, customers));
    });
  }

  count(request: RpcRequestV1<Pick<ChargeOverQueryV1, 'where'>>): Promise<RpcReplyV1<number>> {
    return withKnownFields(async () => {
      const filter = whereSql(request.organization.id, request.payload.where);
      const [row] = await sql<{ count: string }>(this.em.fork(), `select count(*) as count from customers c where ${filter.sql}`, filter.params);
      return ok(Number(row?.count ?? 0));
    });
  }
}

/** Runs a query; a field outside ChargeOver's list (the gateway refuses these first) is a `bad_request`. */
async function withKnownFields<T>(work: () => Promise<RpcReplyV1<T>>): Promise<RpcReplyV1<T>> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UnknownFieldError) return fail('bad_request', { [error.message]: ['unknown_field'] });
    throw error;
  }
}
