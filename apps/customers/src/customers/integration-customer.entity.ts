import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import type { Customer } from './customer.entity';

/** A customer's link to an accounting, tax or CRM integration (stored and returned; not synced). */
@Entity({ tableName: 'integration_customers' })
export class IntegrationCustomer {
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @ManyToOne('Customer', { fieldName: 'customer_id' }) customer!: Customer;
  @Property({ type: 'text' }) integrationType!: string;
  @Property({ type: 'text', nullable: true }) integrationCode: string | null = null;
  @Property({ type: 'text', nullable: true }) code: string | null = null;
  @Property({ type: 'text', nullable: true }) externalCustomerId: string | null = null;
  /** `sync_with_provider`, `subsidiary_id` (netsuite), `targeted_object` (hubspot), merged into the response as in Lago. */
  @Property({ type: 'json' }) settings: Record<string, unknown> = {};
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt: Date = new Date();
}
