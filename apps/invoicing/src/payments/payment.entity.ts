import { randomUUID } from 'node:crypto';
import { ArrayType, BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A payment as Lago's payments API shows it: a manual payment of one invoice, recorded here, or a
 * provider payment reported by payment-sync for an invoice or a payment request.
 */
@Entity({ tableName: 'payments' })
export class Payment {
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) organizationId!: string;
  @Property({ type: 'uuid' }) customerId!: string;
  @Property({ type: 'text' }) externalCustomerId!: string;
  @Property({ type: 'text' }) payableType!: 'Invoice' | 'PaymentRequest';
  @Property({ type: 'uuid' }) payableId!: string;
  /** The invoices the payment pays (one for an invoice, the request's invoices otherwise). */
  @Property({ type: ArrayType, columnType: 'uuid[]' }) invoiceIds!: string[];
  @Property({ type: 'text' }) paymentType!: 'manual' | 'provider';
  @Property({ type: new BigIntType('number') }) amountCents!: number;
  @Property({ type: 'character', length: 3 }) amountCurrency!: string;
  /** The provider's raw status (`succeeded` for a manual payment). */
  @Property({ type: 'text' }) status!: string;
  @Property({ type: 'text' }) payablePaymentStatus!: string;
  @Property({ type: 'text', nullable: true }) reference: string | null = null;
  @Property({ type: 'text', nullable: true }) providerPaymentId: string | null = null;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt: Date = new Date();
}
