import { Injectable } from '@nestjs/common';
import { TOPICS, CUSTOMER_EVENTS, fail, ok, type CustomerV1, type RpcReplyV1, type RpcRequestV1, type UpsertCustomerV1 } from '@app/contracts';
import { Outbox, UnitOfWork } from '@app/messaging';
import { Customer } from '../customer.entity';
import { toCustomerV1 } from '../customer.mapper';
import { CustomerRepository } from '../customer.repository';
import { TaxReplicaRepository } from '../../replicas/tax-replica.repository';

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
      if (!customer) {
        customer = new Customer();
        customer.organizationId = organization.id;
        customer.externalId = payload.external_id;
        customer.billingEntityCode = organization.default_billing_entity_code;
        customer.sequentialId = await customers.nextSequentialId(organization.id);
        customer.slug = Customer.slugFor(organization.document_number_prefix, customer.sequentialId);
        customer.createdAt = now;
        customers.add(customer);
      }
      const refusal = customer.apply(payload, now, isNew);
      if (refusal) return fail('validation_errors', { base: [refusal] });
      await customers.flush();
      if (payload.taxes) {
        await new TaxReplicaRepository(em).replaceForCustomer(organization.id, customer.id, payload.taxes, now);
        await customers.loadTaxes([customer]); // the copy may already hold a newer state than the gateway's snapshots
      }
      customer.appliedTaxes ??= []; // a new customer without tax_codes; an existing one's were loaded with it
      const view = toCustomerV1(customer);
      await this.outbox.addForRequest(em, request, { topic: TOPICS.customers, key: view.lago_id, type: CUSTOMER_EVENTS.upserted, payload: view, occurredAt: now });
      return ok(view);
    });
  }
}
