import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiKey } from '../api-key.entity';

/** Revokes a key: from now on it authenticates nothing. Returns false when no such active key exists. */
export class RevokeApiKey {
  constructor(private readonly em: EntityManager) {}

  async execute(keyId: string, now = new Date()): Promise<boolean> {
    const key = await this.em.findOne(ApiKey, { id: keyId, revokedAt: null });
    if (!key) return false;
    key.revokedAt = now;
    await this.em.flush();
    return true;
  }
}
