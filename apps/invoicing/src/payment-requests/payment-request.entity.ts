import { randomUUID } from 'node:crypto';
import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { CustomerV1 } from '@app/contracts';
import { changeStamp, type PaymentRequestPaymentStatus } from '../invoices/domain';

/** A request to collect a customer's overdue invoices; its invoices are in `invoices_payment_requests`. */
@Entity({ tableName: 'payment_requests' })
export class PaymentRequest {
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) organizationId!: string;
  @Property({ type: 'uuid' }) customerId!: string;
  @Property({ type: 'text' }) externalCustomerId!: string;
  @Property({ type: new BigIntType('number') }) amountCents!: number;
  @Property({ type: 'character', length: 3 }) amountCurrency!: string;
  @Property({ type: 'text', nullable: true }) email: string | null = null;
  @Property({ type: 'text' }) paymentStatus: PaymentRequestPaymentStatus = 'pending';
  @Property({ type: 'integer' }) paymentAttempts = 0;
  @Property({ type: 'boolean' }) readyForPaymentProcessing = true;
  /** The customer when the request was made (reads show the latest known state). */
  @Property({ type: 'json' }) customerSnapshot!: CustomerV1;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt: Date = new Date();

  /** Marks a change at `at`, never moving `updatedAt` back (see `changeStamp`); returns the stamp. */
  touch(at: Date): Date {
    this.updatedAt = changeStamp(this.updatedAt, at);
    return this.updatedAt;
  }
}
