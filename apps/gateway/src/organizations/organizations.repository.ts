import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { isUUID } from 'class-validator';
import { ApiKey } from './api-key.entity';
import { Organization } from './organization.entity';

/** Organizations and their API keys. */
@Injectable()
export class OrganizationsRepository {
  constructor(private readonly em: EntityManager) {}

  /** The key whose value has this SHA-256 digest, with its organization, active or not. */
  async findKeyByDigest(digest: Buffer): Promise<ApiKey | null> {
    return this.em.fork().findOne(ApiKey, { valueSha256: digest }, { populate: ['organization'] });
  }

  /** An active key with its organization, looked up by the key's digest and confirmed in constant time. */
  async findActiveKey(value: string, now = new Date()): Promise<ApiKey | null> {
    const digest = ApiKey.hash(value);
    const key = await this.findKeyByDigest(digest);
    return key?.authenticates(digest, now) ? key : null;
  }

  /** The organization with this id (provider webhooks name it in their path), or null. */
  async findById(id: string): Promise<Organization | null> {
    return isUUID(id) ? this.em.fork().findOne(Organization, { id }) : null;
  }
}
