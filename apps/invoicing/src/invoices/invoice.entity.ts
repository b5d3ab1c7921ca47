import { randomUUID } from 'node:crypto';
import { BigIntType, DecimalType, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { CustomerV1, FeeV1, InvoiceAppliedTaxV1 } from '@app/contracts';
import { changeStamp, type InvoiceMetadataEntry, type InvoicePaymentStatus, type InvoiceStatus } from './domain';

/** An issued invoice. Amounts are integer cents (bigint columns read back as numbers). */
@Entity({ tableName: 'invoices' })
export class Invoice {
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) organizationId!: string;
  @Property({ type: 'uuid' }) customerId!: string;
  @Property({ type: 'text' }) externalCustomerId!: string;
  @Property({ type: 'text' }) billingEntityCode!: string;
  @Property({ type: 'integer', nullable: true }) sequentialId: number | null = null;
  /** Counter over the billing entity's finalized invoices (numbers them under per_billing_entity). */
  @Property({ type: 'integer', nullable: true }) billingEntitySequentialId: number | null = null;
  @Property({ type: 'text' }) number!: string;
  @Property({ type: 'text', nullable: true }) purchaseOrderNumber: string | null = null;
  @Property({ type: 'text' }) invoiceType: 'one_off' = 'one_off';
  @Property({ type: 'text' }) status!: InvoiceStatus;
  @Property({ type: 'text' }) paymentStatus!: InvoicePaymentStatus;
  @Property({ type: 'boolean' }) paymentOverdue = false;
  @Property({ type: 'boolean' }) readyForPaymentProcessing = true;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) paymentDisputeLostAt: Date | null = null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) voidedAt: Date | null = null;
  @Property({ type: 'string', columnType: 'date' }) issuingDate!: string;
  @Property({ type: 'string', columnType: 'date' }) paymentDueDate!: string;
  @Property({ type: 'integer' }) netPaymentTerm!: number;
  @Property({ type: 'character', length: 3 }) currency!: string;
  @Property({ type: new BigIntType('number') }) feesAmountCents!: number;
  @Property({ type: new BigIntType('number') }) taxesAmountCents!: number;
  @Property({ type: new BigIntType('number') }) subTotalExcludingTaxesAmountCents!: number;
  @Property({ type: new BigIntType('number') }) subTotalIncludingTaxesAmountCents!: number;
  @Property({ type: new BigIntType('number') }) totalAmountCents!: number;
  @Property({ type: new BigIntType('number') }) totalPaidAmountCents = 0;
  /** Σ offset_amount_cents of the invoice's finalized credit notes. */
  @Property({ type: new BigIntType('number') }) offsetAmountCents = 0;
  @Property({ type: new DecimalType('number'), precision: 30, scale: 5 }) taxesRate!: number;
  @Property({ type: 'json' }) fees!: FeeV1[];
  @Property({ type: 'json' }) appliedTaxes!: InvoiceAppliedTaxV1[];
  /** The customer as it was when the invoice was issued. */
  @Property({ type: 'json' }) customerSnapshot!: CustomerV1;
  /** Up to five key/value entries, replaced as a whole by PUT. */
  @Property({ type: 'json' }) metadata: InvoiceMetadataEntry[] = [];
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt: Date = new Date();

  /** Marks a change at `at`, never moving `updatedAt` back (see `changeStamp`); returns the stamp. */
  touch(at: Date): Date {
    this.updatedAt = changeStamp(this.updatedAt, at);
    return this.updatedAt;
  }
}
