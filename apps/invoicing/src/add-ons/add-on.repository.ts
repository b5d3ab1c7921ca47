import type { EntityManager } from '@mikro-orm/postgresql';
import { lockKey } from '@app/messaging';
import { AddOn } from './add-on.entity';

/** Every query on add-ons. */
export class AddOnRepository {
  constructor(private readonly em: EntityManager) {}

  findLive(organizationId: string, code: string): Promise<AddOn | null> {
    return this.em.findOne(AddOn, { organizationId, code, deletedAt: null }, { populate: ['taxes'] });
  }

  findLiveByCodes(organizationId: string, codes: string[]): Promise<AddOn[]> {
    return this.em.find(AddOn, { organizationId, code: { $in: codes }, deletedAt: null }, { populate: ['taxes'] });
  }

  /** Serializes writers of one add-on code of the organization until the transaction ends. */
  lockCode(organizationId: string, code: string): Promise<void> {
    return lockKey(this.em, `add-on:${organizationId}:${code}`);
  }

  async page(organizationId: string, page: number, perPage: number): Promise<{ addOns: AddOn[]; total: number }> {
    const [addOns, total] = await this.em.findAndCount(
      AddOn,
      { organizationId, deletedAt: null },
      { populate: ['taxes'], orderBy: { createdAt: 'desc', id: 'asc' }, limit: perPage, offset: (page - 1) * perPage },
    );
    return { addOns, total };
  }

  add(addOn: AddOn): void {
    this.em.persist(addOn);
  }

  flush(): Promise<void> {
    return this.em.flush();
  }
}
