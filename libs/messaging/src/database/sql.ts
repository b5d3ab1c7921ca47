import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs raw SQL on the entity manager's current transaction (or a pooled connection outside one).
 * Placeholders are `?`.
 */
export function sql<T = Record<string, unknown>>(em: EntityManager, query: string, params: unknown[] = []): Promise<T[]> {
  return em.getConnection().execute<T[]>(query, params, 'all', em.getTransactionContext());
}

/** Takes a transaction-scoped advisory lock on a text key; released at commit or rollback. */
export async function lockKey(em: EntityManager, key: string): Promise<void> {
  await sql(em, 'select pg_advisory_xact_lock(hashtextextended(?, 0))', [key]);
}
