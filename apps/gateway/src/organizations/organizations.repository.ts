import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { isUUID } from 'class-validator';
import { ApiKey } from './api-key.entity';
import { Organization } from './organization.entity';

/** Organizations and their API keys. */
@Injectable()
export class OrganizationsRepository {
  constructor(private readonly em: EntityManager) {}

  /** An active key with its organization, looked up by the key's hash. */
  async findActiveKey(value: string, now = new Date()): Promise<ApiKey | null> {
    const key = await this.em.fork().findOne(ApiKey, { valueSha256: ApiKey.hash(value) }, { populate: ['organization'] });
    return key && key.isActive(now) ? key : null;
  }

  /** The organization with this id (provider webhooks name it in their path), or null. */
  async findById(id: string): Promise<Organization | null> {
    return isUUID(id) ? this.em.fork().findOne(Organization, { id }) : null;
  }
}
