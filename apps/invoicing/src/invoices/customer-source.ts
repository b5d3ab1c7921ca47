import type { EntityManager } from '@mikro-orm/postgresql';
import type { CustomerV1 } from '@app/contracts';
import { CustomerReplica } from '../replicas/customer-replica.entity';
import { CustomerReplicaRepository } from '../replicas/customer-replica.repository';

/**
 * The customer a command acts on: the snapshot the gateway read from the customers service, or the
 * replica when it already holds that state or a newer one. An older or missing replica is
 * refreshed from the snapshot (newer wins), so a customer the replica has not seen yet is known
 * from then on.
 */
export async function currentCustomer(em: EntityManager, organizationId: string, snapshot: CustomerV1): Promise<CustomerV1> {
  const replica = await em.findOne(CustomerReplica, { id: snapshot.lago_id, organizationId });
  // The replica is as new or newer (the usual case): nothing to write.
  if (replica && replica.sourceUpdatedAt.getTime() >= Date.parse(snapshot.updated_at)) return replica.snapshot;
  await new CustomerReplicaRepository(em).upsert(organizationId, snapshot, null);
  return snapshot;
}

/** The latest known state of these customers (for reads), by id. */
export async function latestCustomers(em: EntityManager, organizationId: string, ids: string[]): Promise<Map<string, CustomerV1>> {
  if (ids.length === 0) return new Map();
  const replicas = await em.find(CustomerReplica, { id: { $in: [...new Set(ids)] }, organizationId });
  return new Map(replicas.map((r) => [r.id, r.snapshot]));
}
