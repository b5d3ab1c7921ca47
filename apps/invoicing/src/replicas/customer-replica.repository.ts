import type { EntityManager } from '@mikro-orm/postgresql';
import type { CustomerV1 } from '@app/contracts';
import { sql } from '@app/messaging';

/** Writes to the customer replica. */
export class CustomerReplicaRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Inserts or refreshes the copy, unless the stored copy is newer (an older event arriving
   * late never overwrites a newer state).
   */
  async upsert(organizationId: string, customer: CustomerV1, deletedAt: Date | null): Promise<void> {
    await sql(
      this.em,
      `insert into customer_replicas
         (id, organization_id, external_id, currency, net_payment_term, applicable_timezone, snapshot, source_updated_at, deleted_at, replicated_at)
       values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, now())
       on conflict (id) do update set
         external_id = excluded.external_id, currency = excluded.currency, net_payment_term = excluded.net_payment_term,
         applicable_timezone = excluded.applicable_timezone, snapshot = excluded.snapshot,
         source_updated_at = excluded.source_updated_at, deleted_at = excluded.deleted_at, replicated_at = now()
       where customer_replicas.source_updated_at <= excluded.source_updated_at`,
      [
        customer.lago_id,
        organizationId,
        customer.external_id,
        customer.currency,
        customer.net_payment_term,
        customer.applicable_timezone,
        JSON.stringify(customer),
        customer.updated_at,
        deletedAt,
      ],
    );
  }
}
