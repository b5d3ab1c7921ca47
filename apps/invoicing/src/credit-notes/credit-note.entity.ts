import { randomUUID } from 'node:crypto';
import { BigIntType, DecimalType, Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A stored credit note item: the credited fee and the amount given back on it. */
export interface CreditNoteItemRow {
  lago_id: string;
  fee_id: string;
  amount_cents: number;
  precise_amount_cents: number;
  created_at: string;
}

/** A stored tax of a credit note. */
export interface CreditNoteTaxRow {
  lago_id: string;
  lago_tax_id: string | null;
  tax_name: string;
  tax_code: string;
  tax_rate: number;
  tax_description: string | null;
  base_amount_cents: number;
  amount_cents: number;
  created_at: string;
}

/** A credit note on an issued invoice. Amounts are integer cents. */
@Entity({ tableName: 'credit_notes' })
export class CreditNote {
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) organizationId!: string;
  @Property({ type: 'uuid' }) invoiceId!: string;
  @Property({ type: 'uuid' }) customerId!: string;
  @Property({ type: 'text' }) externalCustomerId!: string;
  @Property({ type: 'integer' }) sequentialId!: number;
  @Property({ type: 'text' }) number!: string;
  @Property({ type: 'text' }) status!: 'draft' | 'finalized';
  @Property({ type: 'text' }) reason!: string;
  @Property({ type: 'text', nullable: true }) description: string | null = null;
  @Property({ type: 'text' }) creditStatus!: 'available' | 'consumed' | 'voided';
  @Property({ type: 'text', nullable: true }) refundStatus: 'pending' | 'succeeded' | 'failed' | null = null;
  @Property({ type: 'character', length: 3 }) currency!: string;
  @Property({ type: new BigIntType('number') }) totalAmountCents!: number;
  @Property({ type: new BigIntType('number') }) taxesAmountCents!: number;
  @Property({ type: new DecimalType('number'), precision: 30, scale: 5 }) preciseTaxesAmountCents!: number;
  @Property({ type: new BigIntType('number') }) subTotalExcludingTaxesAmountCents!: number;
  @Property({ type: new BigIntType('number') }) creditAmountCents!: number;
  @Property({ type: new BigIntType('number') }) refundAmountCents!: number;
  @Property({ type: new BigIntType('number') }) offsetAmountCents!: number;
  @Property({ type: new BigIntType('number') }) balanceAmountCents!: number;
  @Property({ type: new DecimalType('number'), precision: 30, scale: 5 }) taxesRate!: number;
  @Property({ type: 'string', columnType: 'date' }) issuingDate!: string;
  @Property({ type: 'json' }) items!: CreditNoteItemRow[];
  @Property({ type: 'json' }) appliedTaxes!: CreditNoteTaxRow[];
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt: Date = new Date();
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) voidedAt: Date | null = null;
}
