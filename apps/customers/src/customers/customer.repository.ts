import type { EntityManager } from '@mikro-orm/postgresql';
import { lockKey, sql } from '@app/messaging';
import { Customer } from './customer.entity';

/** Sequences this process has already created (creating one is idempotent, just not free). */
const knownSequences = new Set<string>();

function sequenceName(organizationId: string): string {
  const hex = organizationId.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error('organization id is not a uuid');
  return `customer_seq_${hex}`;
}

/**
 * Creates the sequence outside the caller's transaction (on its own connection), so a rollback
 * cannot undo it while another transaction already relies on it. Two processes racing on
 * `create sequence if not exists` can collide in the catalog; the loser finds it created.
 */
async function createSequence(em: EntityManager, name: string): Promise<void> {
  try {
    await em.getConnection().execute(`create sequence if not exists ${name} as integer minvalue 1`, [], 'run');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== '23505' && code !== '42P07') throw error;
  }
}

/** Every query on customers. */
export class CustomerRepository {
  constructor(private readonly em: EntityManager) {}

  /** The organization's live (not deleted) customer with this external_id. */
  findLive(organizationId: string, externalId: string): Promise<Customer | null> {
    return this.em.findOne(Customer, { organizationId, externalId, deletedAt: null });
  }

  /**
   * Serializes writers of one (organization, external_id) until the transaction ends, so two
   * concurrent upserts of a new customer cannot both insert it.
   */
  lockExternalId(organizationId: string, externalId: string): Promise<void> {
    return lockKey(this.em, `customer:${organizationId}:${externalId}`);
  }

  /**
   * Next sequential id of the organization, from the organization's own PostgreSQL sequence.
   * `nextval` never waits for other transactions (a counter row would serialize every create
   * of an organization until commit) and never hands out a number twice, deleted customers
   * included; a create that fails after taking a number leaves a gap.
   */
  async nextSequentialId(organizationId: string): Promise<number> {
    const name = sequenceName(organizationId);
    if (!knownSequences.has(name)) {
      await createSequence(this.em, name);
      knownSequences.add(name);
    }
    const [row] = await sql<{ value: string }>(this.em, 'select nextval(?::regclass) as value', [name]);
    if (!row) throw new Error('customer sequence returned no row');
    return Number(row.value);
  }

  add(customer: Customer): void {
    this.em.persist(customer);
  }

  flush(): Promise<void> {
    return this.em.flush();
  }
}
