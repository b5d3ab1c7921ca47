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

  /**
   * Lago's `PaymentProviders::FindService`: with a code, the live connection with that code (of
   * `type`, when a type is given); without a code, the only live connection of `type`.
   * `withSecrets` loads the sealed secrets in the same query.
   */
  async lookup(
    organizationId: string,
    type: string | undefined,
    code: string | null | undefined,
    withSecrets = false,
  ): Promise<ProviderConnection | 'not_found' | 'code_missing'> {
    const populate = withSecrets ? { populate: ['sealedSecrets'] as const } : {};
    if (code) {
      const found = await this.em.findOne(ProviderConnection, { organizationId, code, deletedAt: null }, populate);
      return found && (type === undefined || found.providerType === type) ? found : 'not_found';
    }
    if (type === undefined) return 'not_found';
    const ofType = await this.em.find(
      ProviderConnection,
      { organizationId, providerType: type as ProviderConnection['providerType'], deletedAt: null },
      { ...populate, orderBy: { createdAt: 'asc' }, limit: 2 },
    );
    if (ofType.length === 0) return 'not_found';
    return ofType.length > 1 ? 'code_missing' : ofType[0]!;
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
