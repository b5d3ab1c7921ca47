import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { PaymentProviderType } from '@app/contracts';

/** An organization's connection to a payment-provider account; secrets are sealed (see SecretBox). */
@Entity({ tableName: 'provider_connections' })
export class ProviderConnection {
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) organizationId!: string;
  @Property({ type: 'text' }) code!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) providerType!: PaymentProviderType;
  @Property({ type: 'text', nullable: true }) successRedirectUrl: string | null = null;
  @Property({ type: 'json' }) settings: Record<string, string | null> = {};
  /** The sealed JSON of the secrets. */
  @Property({ type: 'text', lazy: true }) sealedSecrets!: string;
  /** Names of the secrets that are set (plain, so listing never opens the box). */
  @Property({ type: 'json' }) secretNames: string[] = [];
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt: Date = new Date();
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) deletedAt: Date | null = null;

  /** What the box binds the secrets to. */
  get secretBinding(): string {
    return `${this.organizationId}:${this.id}`;
  }
}
