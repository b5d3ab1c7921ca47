import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import type { Customer } from './customer.entity';

/** One key/value pair of a customer's metadata. */
@Entity({ tableName: 'customer_metadata' })
export class CustomerMetadataEntry {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne('Customer', { fieldName: 'customer_id' })
  customer!: Customer;

  @Property({ type: 'text' })
  key!: string;

  @Property({ type: 'text' })
  value!: string;

  @Property({ type: 'boolean' })
  displayInInvoice = false;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  updatedAt: Date = new Date();
}
