import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  fail,
  ok,
  type ChargeOverCustomerV1,
  type CreateChargeOverCustomerV1,
  type OrganizationContextV1,
  type RpcReplyV1,
  type RpcRequestV1,
  type UpdateChargeOverCustomerV1,
} from '@app/contracts';
import { Outbox, UnitOfWork } from '@app/messaging';
import type { Customer } from '../customer.entity';
import { CustomerRepository } from '../customer.repository';
import { toChargeOverCustomerV1 } from '../chargeover.mapper';
import { publishUpserted } from './upsert-customer.use-case';

/**
 * ChargeOver's create: never an upsert. An external key that any customer of the organization has
 * or had (deleted ones included) is refused; without one, the customer gets `co-<customer_id>`.
 * Publishes `customer.upserted` like a Lago create.
 */
@Injectable()
export class CreateChargeOverCustomer {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  execute(request: RpcRequestV1<CreateChargeOverCustomerV1>): Promise<RpcReplyV1<ChargeOverCustomerV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const customers = new CustomerRepository(em);
      const now = new Date();
      let customer: Customer;
      if (payload.external_id !== null) {
        await customers.lockExternalId(organization.id, payload.external_id);
        if (await customers.externalIdEverUsed(organization.id, payload.external_id)) return fail('external_id_taken');
        customer = await customers.create(organization, payload.external_id, now);
      } else {
        customer = await customers.create(organization, '', now);
        customer.externalId = await generatedExternalId(customers, organization, customer);
        customer.externalIdGenerated = true;
      }
      customer.customerType = 'company';
      return save(em, this.outbox, request, customers, customer, payload, now, true);
    });
  }
}

/** `co-<customer_id>`, or with the customer's id appended when a Lago client already took that one. */
async function generatedExternalId(customers: CustomerRepository, organization: OrganizationContextV1, customer: Customer): Promise<string> {
  const plain = `co-${customer.sequentialId}`;
  await customers.lockExternalId(organization.id, plain);
  if (!(await customers.externalIdEverUsed(organization.id, plain))) return plain;
  return `${plain}-${customer.id.slice(0, 8)}`;
}

/**
 * ChargeOver's PUT: only the fields sent change. The external key may be set while the customer
 * has none of its own (it had a generated one); changing a real one is refused, since Lago
 * clients know the customer by it.
 */
@Injectable()
export class UpdateChargeOverCustomer {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  execute(request: RpcRequestV1<UpdateChargeOverCustomerV1>): Promise<RpcReplyV1<ChargeOverCustomerV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const customers = new CustomerRepository(em);
      // Writers of one customer serialize on its external_id: find it, lock, then read the customer under the lock.
      const externalId = await customers.externalIdOfLive(organization.id, payload.customer_id);
      if (externalId === null) return fail('customer_not_found');
      await customers.lockExternalId(organization.id, externalId);
      const customer = await customers.findLiveBySequentialId(organization.id, payload.customer_id);
      if (!customer) return fail('customer_not_found');
      const now = new Date();
      if (payload.external_id !== undefined && payload.external_id !== customer.externalId) {
        if (!customer.externalIdGenerated) return fail('external_id_immutable');
        await customers.lockExternalId(organization.id, payload.external_id);
        if (await customers.externalIdEverUsed(organization.id, payload.external_id)) return fail('external_id_taken');
        customer.externalId = payload.external_id;
        customer.externalIdGenerated = false;
      }
      return save(em, this.outbox, request, customers, customer, payload, now, false);
    });
  }
}

/** Applies the Lago fields and ChargeOver's own, then stores and publishes in the caller's transaction. */
async function save(
  em: EntityManager,
  outbox: Outbox,
  request: RpcRequestV1,
  customers: CustomerRepository,
  customer: Customer,
  payload: CreateChargeOverCustomerV1 | UpdateChargeOverCustomerV1,
  now: Date,
  isNew: boolean,
): Promise<RpcReplyV1<ChargeOverCustomerV1>> {
  const refusal = customer.apply({ ...payload.fields, external_id: customer.externalId }, now, isNew);
  if (refusal) return fail('validation_errors', { base: [refusal] });
  customer.applyChargeOver(payload.extras, now);
  await customers.flush();
  await publishUpserted(em, outbox, request, customer, now);
  const [record] = await toChargeOverCustomerV1(em, [customer]);
  return ok(record!);
}
