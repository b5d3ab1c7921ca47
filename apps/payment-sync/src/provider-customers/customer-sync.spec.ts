import type { CustomerV1 } from '@app/contracts';
import { decideCustomerSync, providerBillingOf, type ProviderBilling } from './customer-sync';

const billing = (over: Partial<ProviderBilling> = {}): ProviderBilling => ({ type: 'stripe', code: 'S', providerCustomerId: null, syncWithProvider: false, paymentMethods: ['card'], ...over });

describe('decideCustomerSync (Lago Customers::CreateService rules)', () => {
  it('creates at the provider only with sync_with_provider and no id anywhere', () => {
    expect(decideCustomerSync(null, billing({ syncWithProvider: true }))).toEqual({ kind: 'create' });
    expect(decideCustomerSync(null, billing())).toEqual({ kind: 'none' });
    expect(decideCustomerSync({ providerCustomerId: 'cus_1', syncState: 'linked' }, billing({ syncWithProvider: true }))).toEqual({ kind: 'none' });
  });

  it('does not start a second creation while one, or an Adyen authorisation, is under way; retries after a refusal', () => {
    expect(decideCustomerSync({ providerCustomerId: null, syncState: 'creating' }, billing({ syncWithProvider: true }))).toEqual({ kind: 'none' });
    expect(decideCustomerSync({ providerCustomerId: null, syncState: 'awaiting_authorisation' }, billing({ syncWithProvider: true }))).toEqual({ kind: 'none' });
    expect(decideCustomerSync({ providerCustomerId: null, syncState: 'failed' }, billing({ syncWithProvider: true }))).toEqual({ kind: 'create' });
  });

  it('stores a given id without a call; a checkout link only for an existing account without sync', () => {
    expect(decideCustomerSync(null, billing({ providerCustomerId: 'cus_9' }))).toEqual({ kind: 'link', providerCustomerId: 'cus_9', checkout: false });
    expect(decideCustomerSync({ providerCustomerId: null, syncState: 'linked' }, billing({ providerCustomerId: 'cus_9' }))).toEqual({ kind: 'link', providerCustomerId: 'cus_9', checkout: true });
    expect(decideCustomerSync({ providerCustomerId: null, syncState: 'linked' }, billing({ providerCustomerId: 'cus_9', syncWithProvider: true }))).toEqual({ kind: 'link', providerCustomerId: 'cus_9', checkout: false });
    // Our own id coming back through customer.upserted changes nothing.
    expect(decideCustomerSync({ providerCustomerId: 'cus_9', syncState: 'linked' }, billing({ providerCustomerId: 'cus_9' }))).toEqual({ kind: 'none' });
  });
});

describe('providerBillingOf', () => {
  const customer = (billing_configuration: Record<string, unknown>) => ({ billing_configuration }) as unknown as CustomerV1;

  it('reads a connectable provider with its code; anything else is no sync', () => {
    expect(providerBillingOf(customer({ payment_provider: 'gocardless', payment_provider_code: 'gc', provider_customer_id: '', sync_with_provider: true }))).toEqual({
      type: 'gocardless',
      code: 'gc',
      providerCustomerId: null,
      syncWithProvider: true,
      paymentMethods: ['card'],
    });
    expect(providerBillingOf(customer({ payment_provider: 'cashfree', payment_provider_code: 'c' }))).toBeNull();
    expect(providerBillingOf(customer({ payment_provider: 'stripe', payment_provider_code: null }))).toBeNull();
    expect(providerBillingOf(customer({ payment_provider: 'stripe', payment_provider_code: 'S', provider_payment_methods: ['sepa_debit'] }))!.paymentMethods).toEqual(['sepa_debit']);
  });
});
