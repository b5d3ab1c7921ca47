import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiKey } from '../api-key.entity';
import { announceKeyChanges } from '../key-changes';

/**
 * Revokes a key: from now on it authenticates nothing (running gateways are told at once, and stop
 * reusing it within their key cache TTL at the latest). Returns false when no such active key exists.
 */
export class RevokeApiKey {
  constructor(private readonly em: EntityManager) {}

  async execute(keyId: string, now = new Date()): Promise<boolean> {
    const key = await this.em.findOne(ApiKey, { id: keyId, revokedAt: null });
    if (!key) return false;
    key.revokedAt = now;
    await this.em.flush();
    await announceKeyChanges(this.em);
    return true;
  }
}
