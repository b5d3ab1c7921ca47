import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { TaxInputV1 } from '@app/contracts';

@Entity({ tableName: 'taxes' })
export class Tax {
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) organizationId!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) code!: string;
  /** Percentage; numeric in the database, so 20.55 stays 20.55. */
  @Property({ type: 'decimal', precision: 12, scale: 6 }) rate!: string;
  @Property({ type: 'text', nullable: true }) description: string | null = null;
  @Property({ type: 'boolean' }) appliedToOrganization = false;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt: Date = new Date();
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) deletedAt: Date | null = null;

  /** Applies the fields present: absent keeps, a value sets. */
  apply(input: TaxInputV1, now: Date): void {
    if (input.name !== undefined) this.name = input.name;
    if (input.code !== undefined) this.code = input.code;
    if (input.rate !== undefined) this.rate = String(input.rate);
    if (input.description !== undefined) this.description = input.description;
    if (input.applied_to_organization !== undefined) this.appliedToOrganization = input.applied_to_organization;
    this.updatedAt = now;
  }
}
