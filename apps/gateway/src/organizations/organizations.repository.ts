import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { ApiKey } from './api-key.entity';
import { Organization } from './organization.entity';

/** Organizations and their API keys. */
@Injectable()
export class OrganizationsRepository {
  constructor(private readonly em: EntityManager) {}

  /** The organization of an active key, looked up by the key's hash. */
  async findByActiveKey(value: string, now = new Date()): Promise<Organization | null> {
    const key = await this.em.fork().findOne(ApiKey, { valueSha256: ApiKey.hash(value) }, { populate: ['organization'] });
    return key && key.isActive(now) ? key.organization : null;
  }
}
