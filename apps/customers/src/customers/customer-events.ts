import type { EntityManager } from '@mikro-orm/postgresql';
import { TOPICS, type CustomerV1, type RpcRequestV1 } from '@app/contracts';
import type { Outbox } from '@app/messaging';

/** Writes a customer event into the outbox of the current transaction, keyed by the customer. */
export function recordCustomerEvent(
  outbox: Outbox,
  em: EntityManager,
  type: string,
  customer: CustomerV1,
  request: RpcRequestV1<unknown>,
  occurredAt: Date,
): Promise<unknown> {
  return outbox.add(em, {
    topic: TOPICS.customers,
    key: customer.lago_id,
    type,
    organizationId: request.organization.id,
    correlationId: request.correlation_id,
    payload: customer,
    occurredAt,
  });
}
