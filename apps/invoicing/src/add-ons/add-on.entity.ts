import { randomUUID } from 'node:crypto';
import { BigIntType, Collection, Entity, ManyToMany, PrimaryKey, Property } from '@mikro-orm/core';
import type { AddOnInputV1 } from '@app/contracts';
import { Tax } from '../taxes/tax.entity';

/** A product sold once, invoiced through one-off invoices. */
@Entity({ tableName: 'add_ons' })
export class AddOn {
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) organizationId!: string;
  @Property({ type: 'text' }) code!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text', nullable: true }) invoiceDisplayName: string | null = null;
  @Property({ type: 'text', nullable: true }) description: string | null = null;
  @Property({ type: new BigIntType('number') }) amountCents!: number;
  @Property({ type: 'character', length: 3 }) amountCurrency!: string;
  @ManyToMany(() => Tax, undefined, { pivotTable: 'add_on_taxes', joinColumn: 'add_on_id', inverseJoinColumn: 'tax_id', orderBy: { code: 'asc' } })
  taxes = new Collection<Tax>(this);
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt: Date = new Date();
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) deletedAt: Date | null = null;

  /** Applies the fields present (taxes are set by the caller, who resolved the codes). */
  apply(input: AddOnInputV1, now: Date): void {
    if (input.name !== undefined) this.name = input.name;
    if (input.code !== undefined) this.code = input.code;
    if (input.amount_cents !== undefined) this.amountCents = input.amount_cents;
    if (input.amount_currency !== undefined) this.amountCurrency = input.amount_currency;
    if (input.description !== undefined) this.description = input.description;
    if (input.invoice_display_name !== undefined) this.invoiceDisplayName = input.invoice_display_name || null;
    this.updatedAt = now;
  }
}
