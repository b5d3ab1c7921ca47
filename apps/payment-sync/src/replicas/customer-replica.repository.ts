import type { EntityManager } from '@mikro-orm/postgresql';
import type { CustomerV1 } from '@app/contracts';
import { sql } from '@app/messaging';

/** Writes to the customer replica. */
export class CustomerReplicaRepository {
  constructor(private readonly em: EntityManager) {}

  /** Inserts or refreshes the copy unless the stored copy is newer. */
  async upsert(organizationId: string, customer: CustomerV1, deletedAt: Date | null): Promise<void> {
    const billing = customer.billing_configuration;
    await sql(
      this.em,
      `insert into customer_replicas
         (id, organization_id, external_id, name, email, currency, payment_provider, payment_provider_code, snapshot, source_updated_at, deleted_at, replicated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, now())
       on conflict (id) do update set
         external_id = excluded.external_id, name = excluded.name, email = excluded.email, currency = excluded.currency,
         payment_provider = excluded.payment_provider, payment_provider_code = excluded.payment_provider_code,
         snapshot = excluded.snapshot, source_updated_at = excluded.source_updated_at, deleted_at = excluded.deleted_at,
         replicated_at = now()
       where customer_replicas.source_updated_at <= excluded.source_updated_at`,
      [
        customer.lago_id,
        organizationId,
        customer.external_id,
        customer.name,
        customer.email,
        customer.currency,
        billing.payment_provider,
        billing.payment_provider_code,
        JSON.stringify(customer),
        customer.updated_at,
        deletedAt,
      ],
    );
  }
}

/** The latest copy of a customer, or null when payment-sync never saw it. */
export async function customerSnapshot(em: EntityManager, customerId: string): Promise<CustomerV1 | null> {
  const [row] = await sql<{ snapshot: CustomerV1 }>(em, 'select snapshot from customer_replicas where id = ?', [customerId]);
  return row?.snapshot ?? null;
}
