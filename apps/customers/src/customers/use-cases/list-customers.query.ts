import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { ok, paginationMeta, type CustomerListV1, type ListCustomersV1, type RpcReplyV1, type RpcRequestV1 } from '@app/contracts';
import { toCustomerV1 } from '../customer.mapper';
import { CustomerRepository } from '../customer.repository';

/** One page of the organization's live customers with Lago's pagination meta. */
@Injectable()
export class ListCustomers {
  constructor(private readonly em: EntityManager) {}

  async execute(request: RpcRequestV1<ListCustomersV1>): Promise<RpcReplyV1<CustomerListV1>> {
    const { page, per_page, filters } = request.payload;
    const { customers, total } = await new CustomerRepository(this.em.fork()).list(request.organization.id, filters, page, per_page);
    return ok({ customers: customers.map((c) => toCustomerV1(c, 'list')), meta: paginationMeta(page, per_page, total) });
  }
}
