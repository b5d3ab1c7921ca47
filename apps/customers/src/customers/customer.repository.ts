import { raw, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CustomerFiltersV1, OrganizationContextV1 } from '@app/contracts';
import { lockKey, sql } from '@app/messaging';
import { TaxReplicaRepository } from '../replicas/tax-replica.repository';
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

  /** The organization's live (not deleted) customer with this external_id, with its metadata and taxes. */
  async findLive(organizationId: string, externalId: string): Promise<Customer | null> {
    const customer = await this.em.findOne(Customer, { organizationId, externalId, deletedAt: null }, { populate: ['metadata', 'integrations'] });
    if (customer) await this.loadTaxes([customer]);
    return customer;
  }

  /** Loads the current taxes of these customers (see Customer.appliedTaxes). */
  async loadTaxes(customers: Customer[]): Promise<void> {
    const taxes = await new TaxReplicaRepository(this.em).taxesOf(customers.map((c) => c.id));
    for (const customer of customers) customer.appliedTaxes = taxes.get(customer.id) ?? [];
  }

  /** One page of the organization's live customers matching the filters, newest first, and the total. */
  async list(organizationId: string, filters: CustomerFiltersV1, page: number, perPage: number): Promise<{ customers: Customer[]; total: number }> {
    const where = listConditions(organizationId, filters);
    const [customers, total] = await this.em.findAndCount(Customer, where, {
      populate: ['metadata', 'integrations'],
      orderBy: { createdAt: 'desc', id: 'asc' },
      limit: perPage,
      offset: (page - 1) * perPage,
    });
    await this.loadTaxes(customers);
    return { customers, total };
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

  /** The organization's live customer with this sequential id (ChargeOver's customer_id). */
  async findLiveBySequentialId(organizationId: string, sequentialId: number): Promise<Customer | null> {
    const customer = await this.em.findOne(Customer, { organizationId, sequentialId, deletedAt: null }, { populate: ['metadata', 'integrations'], refresh: true });
    if (customer) await this.loadTaxes([customer]);
    return customer;
  }

  /** The external_id of the live customer with this sequential id, or null (to take its lock before reading it). */
  async externalIdOfLive(organizationId: string, sequentialId: number): Promise<string | null> {
    const row = await this.em.findOne(Customer, { organizationId, sequentialId, deletedAt: null }, { fields: ['externalId'] });
    return row?.externalId ?? null;
  }

  /** Whether any customer of the organization, deleted ones included, has or had this external_id. */
  async externalIdEverUsed(organizationId: string, externalId: string): Promise<boolean> {
    return (await this.em.count(Customer, { organizationId, externalId })) > 0;
  }

  /** A new customer of the organization with the next sequential id, persisted at the next flush. */
  async create(organization: OrganizationContextV1, externalId: string, now: Date): Promise<Customer> {
    const customer = new Customer();
    customer.organizationId = organization.id;
    customer.externalId = externalId;
    customer.billingEntityCode = organization.default_billing_entity_code;
    customer.sequentialId = await this.nextSequentialId(organization.id);
    customer.slug = Customer.slugFor(organization.document_number_prefix, customer.sequentialId);
    customer.createdAt = now;
    this.em.persist(customer);
    return customer;
  }

  flush(): Promise<void> {
    return this.em.flush();
  }
}

/** Escapes LIKE wildcards so a search term matches literally. */
const likeLiteral = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

function listConditions(organizationId: string, f: CustomerFiltersV1): FilterQuery<Customer> {
  const and: FilterQuery<Customer>[] = [{ organizationId, deletedAt: null }];
  if (f.external_id !== undefined) {
    and.push({ externalId: f.external_id });
  } else if (f.search_term) {
    const pattern = `%${likeLiteral(f.search_term)}%`;
    and.push({
      $or: [
        { name: { $ilike: pattern } },
        { firstname: { $ilike: pattern } },
        { lastname: { $ilike: pattern } },
        { legalName: { $ilike: pattern } },
        { externalId: { $ilike: pattern } },
        { email: { $ilike: pattern } },
      ],
    });
  }
  if (f.account_types?.length) and.push({ accountType: { $in: f.account_types } });
  if (f.customer_type) and.push({ customerType: f.customer_type });
  if (f.has_customer_type !== undefined) and.push({ customerType: f.has_customer_type ? { $ne: null } : null });
  if (f.countries?.length) and.push({ country: { $in: f.countries } });
  if (f.states?.length) and.push({ state: { $in: f.states } });
  if (f.zipcodes?.length) and.push({ zipcode: { $in: f.zipcodes } });
  if (f.currencies?.length) and.push({ currency: { $in: f.currencies } });
  if (f.has_tax_identification_number !== undefined) {
    and.push({ taxIdentificationNumber: f.has_tax_identification_number ? { $ne: null } : null });
  }
  for (const [key, value] of Object.entries(f.metadata ?? {})) {
    // An empty value means the customer must not have the key at all.
    const exists = value === ''
      ? raw((alias) => `not exists (select 1 from customer_metadata m where m.customer_id = ${alias}.id and m.key = ?)`, [key])
      : raw((alias) => `exists (select 1 from customer_metadata m where m.customer_id = ${alias}.id and m.key = ? and m.value = ?)`, [key, value]);
    and.push({ [exists]: true } as FilterQuery<Customer>);
  }
  return { $and: and };
}
