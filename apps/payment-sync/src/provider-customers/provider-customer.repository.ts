import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PaymentProviderType } from '@app/contracts';
import { ProviderCustomer } from './provider-customer.entity';

/** Every query on provider customers; reads inside a transaction lock the row until it ends. */
export class ProviderCustomerRepository {
  constructor(private readonly em: EntityManager) {}

  private lock() {
    return this.em.isInTransaction() ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {};
  }

  byId(id: string): Promise<ProviderCustomer | null> {
    return this.em.findOne(ProviderCustomer, { id }, this.lock());
  }

  ofCustomer(customerId: string, type: PaymentProviderType): Promise<ProviderCustomer | null> {
    return this.em.findOne(ProviderCustomer, { customerId, providerType: type }, this.lock());
  }

  byProviderId(organizationId: string, type: PaymentProviderType, providerCustomerId: string): Promise<ProviderCustomer | null> {
    return this.em.findOne(ProviderCustomer, { organizationId, providerType: type, providerCustomerId }, { ...this.lock(), orderBy: { createdAt: 'asc' } });
  }

  byExternalId(organizationId: string, type: PaymentProviderType, externalCustomerId: string): Promise<ProviderCustomer | null> {
    return this.em.findOne(ProviderCustomer, { organizationId, providerType: type, externalCustomerId }, { ...this.lock(), orderBy: { updatedAt: 'desc' } });
  }

  byPaymentMethod(organizationId: string, type: PaymentProviderType, paymentMethodId: string): Promise<ProviderCustomer | null> {
    return this.em.findOne(ProviderCustomer, { organizationId, providerType: type, paymentMethodId }, this.lock());
  }

  add(account: ProviderCustomer): void {
    this.em.persist(account);
  }
}
