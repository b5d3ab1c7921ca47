import type { EntityManager } from '@mikro-orm/postgresql';
import { lockKey } from '@app/messaging';
import { ProviderConnection } from './provider-connection.entity';

/** Every query on provider connections. */
export class ProviderConnectionRepository {
  constructor(private readonly em: EntityManager) {}

  findLive(organizationId: string, code: string): Promise<ProviderConnection | null> {
    return this.em.findOne(ProviderConnection, { organizationId, code, deletedAt: null });
  }

  /** With its sealed secrets loaded (a lazy column). */
  findLiveWithSecrets(organizationId: string, code: string): Promise<ProviderConnection | null> {
    return this.em.findOne(ProviderConnection, { organizationId, code, deletedAt: null }, { populate: ['sealedSecrets'] });
  }

  findLiveOfType(organizationId: string, providerType: string): Promise<ProviderConnection[]> {
    return this.em.find(ProviderConnection, { organizationId, providerType: providerType as ProviderConnection['providerType'], deletedAt: null }, { orderBy: { createdAt: 'asc' } });
  }

  /** Serializes writers of one code of the organization until the transaction ends. */
  lockCode(organizationId: string, code: string): Promise<void> {
    return lockKey(this.em, `provider-connection:${organizationId}:${code}`);
  }

  async page(organizationId: string, page: number, perPage: number): Promise<{ connections: ProviderConnection[]; total: number }> {
    const [connections, total] = await this.em.findAndCount(
      ProviderConnection,
      { organizationId, deletedAt: null },
      { orderBy: { createdAt: 'desc', id: 'asc' }, limit: perPage, offset: (page - 1) * perPage },
    );
    return { connections, total };
  }

  add(connection: ProviderConnection): void {
    this.em.persist(connection);
  }

  flush(): Promise<void> {
    return this.em.flush();
  }
}
