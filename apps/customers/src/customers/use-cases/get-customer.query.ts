import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { fail, ok, type CustomerV1, type GetCustomerV1, type RpcReplyV1, type RpcRequestV1 } from '@app/contracts';
import { toCustomerV1 } from '../customer.mapper';
import { CustomerRepository } from '../customer.repository';

/** Reads one live customer of the organization by external_id. */
@Injectable()
export class GetCustomer {
  constructor(private readonly em: EntityManager) {}

  async execute(request: RpcRequestV1<GetCustomerV1>): Promise<RpcReplyV1<CustomerV1>> {
    const customers = new CustomerRepository(this.em.fork());
    const customer = await customers.findLive(request.organization.id, request.payload.external_id);
    return customer ? ok(toCustomerV1(customer)) : fail('customer_not_found');
  }
}
