import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TOPICS, CUSTOMER_EVENTS, fail, ok, type CustomerV1, type RpcReplyV1, type RpcRequestV1, type UpsertCustomerV1 } from '@app/contracts';
import { Outbox, UnitOfWork } from '@app/messaging';
import type { Customer } from '../customer.entity';
import { toCustomerV1 } from '../customer.mapper';
import { CustomerRepository } from '../customer.repository';
import { TaxReplicaRepository } from '../../replicas/tax-replica.repository';

/**
 * Writes `customer.upserted` for a customer just flushed, in the same transaction, and returns the
 * Lago object it carries. A customer whose taxes were not loaded is new and has none.
 */
export async function publishUpserted(em: EntityManager, outbox: Outbox, request: RpcRequestV1, customer: Customer, now: Date): Promise<CustomerV1> {
  customer.appliedTaxes ??= [];
  const view = toCustomerV1(customer);
  await outbox.addForRequest(em, request, { topic: TOPICS.customers, key: view.lago_id, type: CUSTOMER_EVENTS.upserted, payload: view, occurredAt: now });
  return view;
}

/**
 * Creates or updates a customer by (organization, external_id) in one transaction with its
 * `customer.upserted` event and the command's dedupe record. The gateway validated the fields.
 */
@Injectable()
export class UpsertCustomer {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  execute(request: RpcRequestV1<UpsertCustomerV1>): Promise<RpcReplyV1<CustomerV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const customers = new CustomerRepository(em);
      const now = new Date();
      await customers.lockExternalId(organization.id, payload.external_id);
      let customer = await customers.findLive(organization.id, payload.external_id);
      const isNew = !customer;
      customer ??= await customers.create(organization, payload.external_id, now);
      const refusal = customer.apply(payload, now, isNew);
      if (refusal) return fail('validation_errors', { base: [refusal] });
      await customers.flush();
      if (payload.taxes) {
        await new TaxReplicaRepository(em).replaceForCustomer(organization.id, customer.id, payload.taxes, now);
        await customers.loadTaxes([customer]); // the copy may already hold a newer state than the gateway's snapshots
      }
      return ok(await publishUpserted(em, this.outbox, request, customer, now));
    });
  }
}
