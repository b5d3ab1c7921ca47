import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiKey, type ApiKeyPermissions } from '../api-key.entity';
import type { Organization } from '../organization.entity';

/** Issues a new API key for an organization and returns its plain value (shown once). */
export class IssueApiKey {
  constructor(private readonly em: EntityManager) {}

  async execute(
    organization: Organization,
    name: string | null = null,
    expiresAt: Date | null = null,
    permissions: ApiKeyPermissions | null = null,
  ): Promise<{ id: string; value: string }> {
    const { key, value } = ApiKey.issue(organization, name, expiresAt, permissions);
    await this.em.persistAndFlush(key);
    return { id: key.id, value };
  }
}
