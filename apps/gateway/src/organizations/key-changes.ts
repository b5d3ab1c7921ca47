import type { EntityManager } from '@mikro-orm/postgresql';

/** The PostgreSQL channel on which running gateways hear that API keys or organizations changed. */
export const KEY_CHANGES_CHANNEL = 'gateway_key_changes';

/**
 * Tells every gateway listening on this database to forget the keys it reuses (a revocation, an
 * organization's settings). Called after the change is committed; if it is lost, the gateways'
 * key cache TTL still bounds how long they act on the old state.
 */
export async function announceKeyChanges(em: EntityManager): Promise<void> {
  await em.getConnection().execute(`select pg_notify('${KEY_CHANGES_CHANNEL}', '')`);
}
