import { Injectable } from '@nestjs/common';
import { TOPICS, CUSTOMER_EVENTS, fail, ok, type CustomerV1, type GetCustomerV1, type RpcReplyV1, type RpcRequestV1 } from '@app/contracts';
import { Outbox, UnitOfWork } from '@app/messaging';
import { toCustomerV1 } from '../customer.mapper';
import { CustomerRepository } from '../customer.repository';

/**
 * Soft-deletes a customer: it leaves every read, its external_id is free for a new Lago customer
 * (ChargeOver's create never reuses it), its sequential id stays taken, and `customer.deleted`
 * carries it as it was.
 */
@Injectable()
export class DeleteCustomer {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  execute(request: RpcRequestV1<GetCustomerV1 | { customer_id: number }>): Promise<RpcReplyV1<CustomerV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const customers = new CustomerRepository(em);
      // ChargeOver names the customer by its sequential id; the lock is on its external_id either way.
      const externalId = 'external_id' in payload ? payload.external_id : await customers.externalIdOfLive(organization.id, payload.customer_id);
      if (externalId === null) return fail('customer_not_found');
      await customers.lockExternalId(organization.id, externalId);
      const customer = await customers.findLive(organization.id, externalId);
      if (!customer) return fail('customer_not_found');
      const now = new Date();
      customer.deletedAt = now;
      customer.updatedAt = now;
      await customers.flush();
      const view = toCustomerV1(customer);
      await this.outbox.addForRequest(em, request, { topic: TOPICS.customers, key: view.lago_id, type: CUSTOMER_EVENTS.deleted, payload: view, occurredAt: now });
      return ok(view);
    });
  }
}
