import { PAYMENT_PROVIDER_TYPES, type CustomerV1, type PaymentProviderType, type ProviderCustomerEventV1 } from '@app/contracts';
import type { ProviderCustomerInput } from '../providers/payment-provider';
import type { ProviderCustomer, ProviderCustomerSyncState } from './provider-customer.entity';

/** What a customer's `billing_configuration` asks of its provider account. */
export interface ProviderBilling {
  type: PaymentProviderType;
  code: string;
  providerCustomerId: string | null;
  syncWithProvider: boolean;
  paymentMethods: string[];
}

/** The provider part of the customer's billing configuration, or null when it names no connection we sync with. */
export function providerBillingOf(customer: CustomerV1): ProviderBilling | null {
  const billing = customer.billing_configuration;
  const type = billing.payment_provider;
  if (!type || !(PAYMENT_PROVIDER_TYPES as readonly string[]).includes(type) || !billing.payment_provider_code) return null;
  const methods = billing.provider_payment_methods;
  return {
    type: type as PaymentProviderType,
    code: billing.payment_provider_code,
    providerCustomerId: billing.provider_customer_id || null,
    syncWithProvider: billing.sync_with_provider === true,
    paymentMethods: Array.isArray(methods) && methods.length ? methods : ['card'],
  };
}

/** The decision for one `customer.upserted`. */
export type CustomerSyncDecision =
  | { kind: 'none' }
  /** Store the id the integrator gave; `checkout`: also generate a checkout link (an existing account got an id without sync). */
  | { kind: 'link'; providerCustomerId: string; checkout: boolean }
  /** Create the customer at the provider. */
  | { kind: 'create' };

/**
 * Lago's `Customers::CreateService` rules per provider (spec 0.2): an id given by the integrator is
 * stored as given, with no creation call (and a checkout link when an existing account just got it
 * without `sync_with_provider`); with `sync_with_provider` and no id anywhere, the customer is
 * created at the provider, unless a creation or an authorisation is already under way. An id we
 * already hold is never cleared by an upsert that does not carry it.
 */
export function decideCustomerSync(current: Pick<ProviderCustomer, 'providerCustomerId' | 'syncState'> | null, billing: ProviderBilling): CustomerSyncDecision {
  if (billing.providerCustomerId) {
    if (billing.providerCustomerId === current?.providerCustomerId) return { kind: 'none' };
    return { kind: 'link', providerCustomerId: billing.providerCustomerId, checkout: current !== null && !billing.syncWithProvider };
  }
  if (current?.providerCustomerId || !billing.syncWithProvider) return { kind: 'none' };
  const underWay: ProviderCustomerSyncState[] = ['creating', 'awaiting_authorisation'];
  return current && underWay.includes(current.syncState) ? { kind: 'none' } : { kind: 'create' };
}

/** The customer as the provider calls need it. */
export function providerCustomerInput(customer: CustomerV1, billing: Pick<ProviderBilling, 'paymentMethods'>): ProviderCustomerInput {
  return {
    lagoCustomerId: customer.lago_id,
    externalId: customer.external_id,
    name: customer.name,
    firstname: customer.firstname,
    lastname: customer.lastname,
    email: customer.email,
    phone: customer.phone,
    address: {
      line1: customer.address_line1,
      line2: customer.address_line2,
      city: customer.city,
      zipcode: customer.zipcode,
      state: customer.state,
      country: customer.country,
    },
    currency: customer.currency,
    paymentMethods: billing.paymentMethods,
  };
}

/** The payload of a `billing.provider_customers.v1` event about `account`. */
export function providerCustomerEvent(
  account: ProviderCustomer,
  customer: CustomerV1 | null,
  extra: Pick<ProviderCustomerEventV1, 'checkout_url' | 'provider_error'> = {},
): ProviderCustomerEventV1 {
  const view = customer && {
    ...customer,
    billing_configuration: { ...customer.billing_configuration, provider_customer_id: account.providerCustomerId },
  };
  return {
    lago_customer_id: account.customerId,
    external_customer_id: account.externalCustomerId,
    payment_provider: account.providerType,
    payment_provider_code: account.connectionCode,
    provider_customer_id: account.providerCustomerId,
    ...extra,
    ...(view ? { customer: view } : {}),
  };
}
