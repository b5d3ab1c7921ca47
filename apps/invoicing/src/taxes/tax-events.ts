import type { EntityManager } from '@mikro-orm/postgresql';
import { TOPICS, type RpcRequestV1, type TaxV1 } from '@app/contracts';
import type { Outbox } from '@app/messaging';

/** Writes a tax event into the outbox of the current transaction, keyed by the tax. */
export function recordTaxEvent(outbox: Outbox, em: EntityManager, type: string, tax: TaxV1, request: RpcRequestV1<unknown>, occurredAt: Date): Promise<unknown> {
  return outbox.add(em, {
    topic: TOPICS.taxes,
    key: tax.lago_id,
    type,
    organizationId: request.organization.id,
    correlationId: request.correlation_id,
    payload: tax,
    occurredAt,
  });
}
