import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { PaymentProviderType } from '@app/contracts';

/**
 * Where the customer's account at the provider stands: `linked` (we have its provider id),
 * `creating` (a creation is queued or running), `awaiting_authorisation` (Adyen: the zero-amount
 * link is out, the id comes with its AUTHORISATION webhook), `failed` (the provider refused).
 */
export type ProviderCustomerSyncState = 'linked' | 'creating' | 'awaiting_authorisation' | 'failed';

/** A customer's account at one provider type (Lago's payment-provider customer). */
@Entity({ tableName: 'provider_customers' })
export class ProviderCustomer {
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) organizationId!: string;
  @Property({ type: 'uuid' }) customerId!: string;
  @Property({ type: 'text' }) externalCustomerId!: string;
  @Property({ type: 'text' }) providerType!: PaymentProviderType;
  @Property({ type: 'text' }) connectionCode!: string;
  @Property({ type: 'text', nullable: true }) providerCustomerId: string | null = null;
  @Property({ type: 'boolean' }) syncWithProvider = false;
  /** Stripe pm, Adyen stored method, GoCardless mandate: what the next charge uses. */
  @Property({ type: 'text', nullable: true }) paymentMethodId: string | null = null;
  @Property({ type: 'text' }) syncState!: ProviderCustomerSyncState;
  @Property({ type: 'text', nullable: true }) checkoutUrl: string | null = null;
  @Property({ type: 'json', nullable: true }) lastError: { message: string; error_code: string | null } | null = null;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt: Date = new Date();
}
