import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { CUSTOMER_EVENTS, TOPICS, type EventEnvelope } from '@app/contracts';
import type { Outbox } from '@app/messaging';
import { Customer } from './customer.entity';
import { toCustomerV1 } from './customer.mapper';
import { CustomerRepository } from './customer.repository';

/**
 * Changes a live customer of the event's organization because of another service's event, under
 * the upsert's lock (an upsert of the same customer runs wholly before or after), and publishes
 * `customer.upserted`. `change` returns false when there is nothing to change (a redelivery, or a
 * newer state), and then nothing is written or published.
 */
export async function changeCustomerFromEvent(
  em: EntityManager,
  outbox: Outbox,
  event: EventEnvelope<unknown>,
  where: FilterQuery<Customer>,
  change: (customer: Customer) => boolean,
): Promise<void> {
  const scope = { ...(where as object), organizationId: event.organization_id, deletedAt: null } as FilterQuery<Customer>;
  const candidate = await em.findOne(Customer, scope, { fields: ['externalId'] });
  if (!candidate) return;
  const customers = new CustomerRepository(em);
  await customers.lockExternalId(event.organization_id, candidate.externalId);
  const customer = await em.findOne(Customer, scope, { populate: ['metadata', 'integrations'], refresh: true });
  if (!customer || !change(customer)) return;
  const now = new Date();
  customer.updatedAt = now;
  await em.flush();
  await customers.loadTaxes([customer]);
  const view = toCustomerV1(customer);
  await outbox.add(em, {
    organizationId: event.organization_id,
    correlationId: event.correlation_id ?? event.event_id,
    causedBy: event.event_type,
    topic: TOPICS.customers,
    key: view.lago_id,
    type: CUSTOMER_EVENTS.upserted,
    payload: view,
    occurredAt: now,
  });
}
