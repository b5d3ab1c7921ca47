import type { EntityManager } from '@mikro-orm/postgresql';
import type { TaxV1 } from '@app/contracts';
import { sql } from '@app/messaging';

/** The customers service's copy of taxes, and which taxes each customer has. */
export class TaxReplicaRepository {
  constructor(private readonly em: EntityManager) {}

  /** Applies a tax event, unless a newer state is already held. */
  async applyEvent(organizationId: string, tax: TaxV1, occurredAt: string, deleted: boolean): Promise<void> {
    await sql(
      this.em,
      `insert into tax_replicas (id, organization_id, code, snapshot, version, deleted_at)
       values (?, ?, ?, ?::jsonb, ?, ?)
       on conflict (id) do update set code = excluded.code, snapshot = excluded.snapshot, version = excluded.version,
         deleted_at = excluded.deleted_at
       where tax_replicas.version <= excluded.version`,
      [tax.lago_id, organizationId, tax.code, JSON.stringify(tax), occurredAt, deleted ? occurredAt : null],
    );
    // A deleted tax no longer applies to anyone (Lago destroys the applied taxes with it).
    if (deleted) await sql(this.em, 'delete from customer_taxes where tax_id = ?', [tax.lago_id]);
  }

  /**
   * Makes the customer's taxes exactly `taxes`, as resolved by the gateway just now. Their
   * snapshots seed the copy when its event has not arrived yet; they never overwrite an event.
   */
  async replaceForCustomer(organizationId: string, customerId: string, taxes: TaxV1[], now: Date): Promise<void> {
    for (const tax of taxes) {
      await sql(
        this.em,
        `insert into tax_replicas (id, organization_id, code, snapshot, version) values (?, ?, ?, ?::jsonb, '-infinity')
         on conflict (id) do nothing`,
        [tax.lago_id, organizationId, tax.code, JSON.stringify(tax)],
      );
    }
    const ids = taxes.map((t) => t.lago_id);
    await sql(this.em, 'delete from customer_taxes where customer_id = ? and not (tax_id = any(?::uuid[]))', [customerId, `{${ids.join(',')}}`]);
    for (const id of ids) {
      await sql(this.em, 'insert into customer_taxes (customer_id, tax_id, created_at) values (?, ?, ?) on conflict do nothing', [customerId, id, now]);
    }
  }

  /** The live taxes of each customer, in the order they were applied. */
  async taxesOf(customerIds: string[]): Promise<Map<string, TaxV1[]>> {
    const result = new Map<string, TaxV1[]>(customerIds.map((id) => [id, []]));
    if (customerIds.length === 0) return result;
    const rows = await sql<{ customer_id: string; snapshot: TaxV1 }>(
      this.em,
      `select ct.customer_id, t.snapshot from customer_taxes ct join tax_replicas t on t.id = ct.tax_id
        where ct.customer_id = any(?::uuid[]) and t.deleted_at is null order by ct.created_at, t.code`,
      [`{${customerIds.join(',')}}`],
    );
    for (const row of rows) result.get(row.customer_id)?.push(row.snapshot);
    return result;
  }
}
