import type { EntityManager } from '@mikro-orm/postgresql';
import { lockKey, sql } from '@app/messaging';
import { Customer } from './customer.entity';

/** Every query on customers. */
export class CustomerRepository {
  constructor(private readonly em: EntityManager) {}

  /** The organization's live (not deleted) customer with this external_id. */
  findLive(organizationId: string, externalId: string): Promise<Customer | null> {
    return this.em.findOne(Customer, { organizationId, externalId, deletedAt: null });
  }

  /**
   * Serializes writers of one (organization, external_id) until the transaction ends, so two
   * concurrent upserts of a new customer cannot both insert it.
   */
  lockExternalId(organizationId: string, externalId: string): Promise<void> {
    return lockKey(this.em, `customer:${organizationId}:${externalId}`);
  }

  /** Next sequential id of the organization; the counter row lock orders concurrent creators. */
  async nextSequentialId(organizationId: string): Promise<number> {
    const [row] = await sql<{ last_value: number }>(
      this.em,
      `insert into customer_sequences (organization_id, last_value) values (?, 1)
       on conflict (organization_id) do update set last_value = customer_sequences.last_value + 1
       returning last_value`,
      [organizationId],
    );
    if (!row) throw new Error('customer sequence returned no row');
    return row.last_value;
  }

  add(customer: Customer): void {
    this.em.persist(customer);
  }

  flush(): Promise<void> {
    return this.em.flush();
  }
}
