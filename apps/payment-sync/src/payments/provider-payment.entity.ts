import { randomUUID } from 'node:crypto';
import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { PaymentProviderType } from '@app/contracts';

/** A charge of a payable at a provider (Lago's provider payment). */
@Entity({ tableName: 'payments' })
export class ProviderPayment {
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) organizationId!: string;
  @Property({ type: 'uuid' }) customerId!: string;
  @Property({ type: 'text' }) payableType!: 'PaymentRequest' | 'Invoice';
  @Property({ type: 'uuid' }) payableId!: string;
  @Property({ type: 'text' }) providerType!: PaymentProviderType;
  @Property({ type: 'text' }) connectionCode!: string;
  @Property({ type: 'text' }) providerCustomerId!: string;
  @Property({ type: new BigIntType('number') }) amountCents!: number;
  @Property({ type: 'character', length: 3 }) amountCurrency!: string;
  /** The provider's raw status (`pending` until the provider answers). */
  @Property({ type: 'text' }) status = 'pending';
  /** Lago's mapping of `status`. */
  @Property({ type: 'text' }) payablePaymentStatus = 'pending';
  @Property({ type: 'text', nullable: true }) providerPaymentId: string | null = null;
  @Property({ type: 'text', nullable: true }) paymentMethodId: string | null = null;
  @Property({ type: 'text', nullable: true }) errorCode: string | null = null;
  @Property({ type: 'text', nullable: true }) errorMessage: string | null = null;
  /** Stripe's `next_action` of a `requires_action` payment. */
  @Property({ type: 'json', nullable: true }) providerPaymentData: Record<string, unknown> | null = null;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt: Date = new Date();
}
