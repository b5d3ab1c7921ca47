import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { CustomerV1 } from '@app/contracts';

/** Invoicing's copy of a customer, kept from `billing.customers.v1`. */
@Entity({ tableName: 'customer_replicas' })
export class CustomerReplica {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) organizationId!: string;
  @Property({ type: 'text' }) externalId!: string;
  @Property({ type: 'character', length: 3, nullable: true }) currency!: string | null;
  @Property({ type: 'integer', nullable: true }) netPaymentTerm!: number | null;
  @Property({ type: 'text' }) applicableTimezone!: string;
  @Property({ type: 'json' }) snapshot!: CustomerV1;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) sourceUpdatedAt!: Date;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) deletedAt!: Date | null;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) replicatedAt!: Date;
}
