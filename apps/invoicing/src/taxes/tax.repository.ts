import type { EntityManager } from '@mikro-orm/postgresql';
import { lockKey, sql } from '@app/messaging';
import { Tax } from './tax.entity';

/** Where a tax is applied. */
export interface TaxUsage {
  customers: number;
  addOns: number;
}

/** Every query on taxes. */
export class TaxRepository {
  constructor(private readonly em: EntityManager) {}

  findLive(organizationId: string, code: string): Promise<Tax | null> {
    return this.em.findOne(Tax, { organizationId, code, deletedAt: null });
  }

  findLiveByCodes(organizationId: string, codes: string[]): Promise<Tax[]> {
    return this.em.find(Tax, { organizationId, code: { $in: codes }, deletedAt: null }, { orderBy: { code: 'asc' } });
  }

  findLiveByIds(organizationId: string, ids: string[]): Promise<Tax[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.em.find(Tax, { organizationId, id: { $in: ids }, deletedAt: null }, { orderBy: { code: 'asc' } });
  }

  /** The taxes applied by default to the customers of the organization's billing entity. */
  findOrganizationDefaults(organizationId: string): Promise<Tax[]> {
    return this.em.find(Tax, { organizationId, appliedToOrganization: true, deletedAt: null }, { orderBy: { code: 'asc' } });
  }

  /** Serializes writers of one tax code of the organization until the transaction ends. */
  lockCode(organizationId: string, code: string): Promise<void> {
    return lockKey(this.em, `tax:${organizationId}:${code}`);
  }

  async page(organizationId: string, page: number, perPage: number): Promise<{ taxes: Tax[]; total: number }> {
    const [taxes, total] = await this.em.findAndCount(
      Tax,
      { organizationId, deletedAt: null },
      { orderBy: { createdAt: 'desc', id: 'asc' }, limit: perPage, offset: (page - 1) * perPage },
    );
    return { taxes, total };
  }

  /**
   * How many live customers (from the replica) and live add-ons have each of these taxes applied,
   * by tax id: Lago's `customers_count` and `add_ons_count`.
   */
  async usageCounts(organizationId: string, taxIds: string[]): Promise<Map<string, TaxUsage>> {
    const counts = new Map<string, TaxUsage>(taxIds.map((id) => [id, { customers: 0, addOns: 0 }]));
    if (taxIds.length === 0) return counts;
    const ids = `{${taxIds.join(',')}}`;
    const customers = await sql<{ tax_id: string; n: string }>(
      this.em,
      `select t.value ->> 'lago_id' as tax_id, count(*) as n
         from customer_replicas c, jsonb_array_elements(coalesce(c.snapshot -> 'taxes', '[]'::jsonb)) t
        where c.organization_id = ? and c.deleted_at is null and t.value ->> 'lago_id' = any(?::text[])
        group by 1`,
      [organizationId, ids],
    );
    const addOns = await sql<{ tax_id: string; n: string }>(
      this.em,
      `select at.tax_id::text as tax_id, count(*) as n
         from add_on_taxes at join add_ons a on a.id = at.add_on_id
        where a.organization_id = ? and a.deleted_at is null and at.tax_id = any(?::uuid[])
        group by 1`,
      [organizationId, ids],
    );
    for (const row of customers) counts.get(row.tax_id)!.customers = Number(row.n);
    for (const row of addOns) counts.get(row.tax_id)!.addOns = Number(row.n);
    return counts;
  }

  add(tax: Tax): void {
    this.em.persist(tax);
  }

  flush(): Promise<void> {
    return this.em.flush();
  }
}
